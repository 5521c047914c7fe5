package dev.warden.lab.services;

import dev.warden.lab.net.CommandResult;
import dev.warden.lab.net.Commands;
import dev.warden.lab.net.LabException;
import dev.warden.lab.net.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The real Warden gateway and DNS resolver, {@code java -jar warden.jar gateway ...} as a child
 * process inside the gateway namespace: the proxy on ADDRESS:3128, the resolver on ADDRESS:53, the
 * admin port on the namespace's own loopback.
 */
public final class Gateway {
    public static final int PROXY_PORT = 3128;
    private static final String ADMIN = "127.0.0.1:9090";

    private Process process;
    private final Path audit;
    private final Path dnsLog;
    private final Netns netns;
    private final String namespace;
    private final List<String> command;
    private final Path log;

    private Gateway(Process process, Path audit, Path dnsLog, Netns netns, String namespace, List<String> command, Path log) {
        this.process = process;
        this.audit = audit;
        this.dnsLog = dnsLog;
        this.netns = netns;
        this.namespace = namespace;
        this.command = command;
        this.log = log;
    }

    public Path audit() {
        return audit;
    }

    public Path dnsLog() {
        return dnsLog;
    }

    /**
     * The warden jar: the system property {@code warden.jar}, else {@code cli/target/warden.jar}
     * under the working directory (or its parent, where a module's tests run).
     */
    public static Path jar() {
        String configured = System.getProperty("warden.jar");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path here = Path.of("cli", "target", "warden.jar");
        Path parent = Path.of("..", "cli", "target", "warden.jar");
        return Files.isRegularFile(here) || !Files.isRegularFile(parent) ? here : parent;
    }

    /** The java running this program, so the gateway runs on the same JDK. */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The command line, pure so it can be read in a test. */
    static List<String> command(String java, Path jar, Path registry, String address, Path audit, Path dnsLog) {
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "gateway",
                "--registry", registry.toString(),
                "--listen", address + ":" + PROXY_PORT,
                "--admin", ADMIN,
                "--dns", address + ":53",
                "--dns-zone", registry.resolve("dns.zone").toString(),
                "--upstream-dns", "127.0.0.1:53",
                "--hosts", registry.resolve("hosts").toString(),
                "--audit", audit.toString(),
                "--dns-log", dnsLog.toString(),
                "--observer-name", "wdn-lab-gateway",
                "--drain-grace", "2s"));
        return command;
    }

    /**
     * Starts the gateway from a copy of the jar in {@code work} (so a rebuild of the jar during
     * the run changes nothing), its logs in {@code out}, and returns once {@code /readyz} answers 200.
     */
    public static Gateway start(Netns netns, String namespace, String address, Path registry, Path work, Path out) {
        Path source = jar();
        if (!Files.isRegularFile(source)) {
            throw new LabException("the warden jar is not at " + source.toAbsolutePath()
                    + "; build it (mvn -pl cli -am package) or pass -Dwarden.jar=PATH");
        }
        Path jar = work.resolve("warden.jar");
        Path audit = out.resolve("gateway-audit.jsonl");
        Path dnsLog = out.resolve("gateway-dns.jsonl");
        Path log = out.resolve("gateway.log");
        copyRunnable(source, jar, Duration.ofSeconds(60));
        List<String> command = Netns.inside(namespace, command(java(), jar, registry, address, audit, dnsLog).toArray(String[]::new));
        Process process = launch(netns, namespace, command, log);
        return new Gateway(process, audit, dnsLog, netns, namespace, command, log);
    }

    /** Starts the same gateway again after {@link #stop} (same jar, registry and logs) and waits until it is ready. */
    public void restart() {
        stop();
        process = launch(netns, namespace, command, log);
    }

    /** Whether the gateway's process is running. */
    public boolean alive() {
        return process.isAlive();
    }

    private static Process launch(Netns netns, String namespace, List<String> command, Path log) {
        Process process = netns.track(Commands.start(command, log));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LabException("the gateway exited with " + process.exitValue() + "; see " + log + ":\n" + tail(log));
            }
            CommandResult ready = netns.exec(namespace, Duration.ofSeconds(3), "curl", "-s", "-o", "/dev/null",
                    "-w", "%{http_code}", "--max-time", "1", "http://" + ADMIN + "/readyz");
            if (ready.ok() && ready.output().strip().equals("200")) {
                return process;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while waiting for the gateway");
            }
        }
        throw new LabException("the gateway was not ready within 30 s; see " + log);
    }

    /**
     * Copies the jar and checks the copy can be run (it names a Main-Class). A jar a build is
     * rewriting at that moment is incomplete or has no manifest yet, so the copy is retried
     * until {@code patience} has passed.
     */
    static void copyRunnable(Path source, Path target, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "";
        do {
            try {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                try (JarFile copy = new JarFile(target.toFile())) {
                    Manifest manifest = copy.getManifest();
                    if (manifest != null && manifest.getMainAttributes().getValue("Main-Class") != null) {
                        return;
                    }
                    last = "it has no Main-Class";
                }
            } catch (IOException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new LabException("the warden jar " + source.toAbsolutePath() + " cannot be run (" + last
                + "); is a build rewriting it? Build it again or pass -Dwarden.jar=PATH");
    }

    /** The last lines of the gateway's own log, for an error message. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM: the gateway drains and flushes its audit trail before it exits. */
    public void stop() {
        Commands.stop(process, Duration.ofSeconds(10));
    }
}
