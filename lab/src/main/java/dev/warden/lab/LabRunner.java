package dev.warden.lab;

import dev.warden.lab.net.LabException;
import dev.warden.lab.net.LabNames;
import dev.warden.lab.net.Netns;
import dev.warden.lab.net.Topology;
import dev.warden.lab.report.LabReport;
import dev.warden.lab.report.Step;
import dev.warden.lab.services.Gateway;
import dev.warden.lab.services.Internet;
import dev.warden.lab.services.LabFiles;
import dev.warden.lab.services.NodeFirewall;
import dev.warden.lab.services.Vendor;
import dev.warden.model.registry.Registry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code warden lab NAME [--keep] [--out DIR]}: builds the lab network, runs the named lab's
 * steps, prints the table, writes the evidence, and tears everything down — also when a step or
 * the build fails, and from a shutdown hook on Ctrl-C.
 */
public final class LabRunner {
    /** Exit status: every step passed. */
    public static final int PASSED = 0;
    /** Exit status: a step failed, or the lab could not be built. */
    public static final int FAILED = 1;
    /** Exit status: no lab of that name. */
    public static final int UNKNOWN_LAB = 2;
    /** Exit status: the host cannot run labs (not root, a tool missing). */
    public static final int REFUSED = 3;

    /** The labs that run, and those of §26 that are not written yet. */
    public static final List<String> LABS = List.of(DefaultDenyLab.NAME, ProxyOnlyLab.NAME, DiscoverLab.NAME,
            GatewayFailureLab.NAME);
    public static final List<String> NOT_DONE = List.of();

    private LabRunner() {}

    /**
     * Runs lab {@code name}; {@code out} receives the evidence (null: {@code warden-lab-NAME} in the
     * working directory); {@code keep} leaves the namespaces and programs running afterwards.
     * Returns the exit status: {@link #PASSED}, {@link #FAILED}, {@link #UNKNOWN_LAB} or {@link #REFUSED}.
     */
    public static int run(String name, boolean keep, Path out, PrintWriter stdout, PrintWriter stderr) {
        if (!LABS.contains(name)) {
            stderr.println("warden lab: no lab named " + name + "; labs: " + String.join(", ", LABS)
                    + (NOT_DONE.isEmpty() ? "" : " (not done yet: " + String.join(", ", NOT_DONE) + ")"));
            return UNKNOWN_LAB;
        }
        List<String> problems = Preflight.problems();
        if (!problems.isEmpty()) {
            problems.forEach(problem -> stderr.println("warden lab: " + problem));
            return REFUSED;
        }
        List<String> stale = Netns.cleanupStale();
        if (!stale.isEmpty()) {
            stdout.println("removed namespaces an earlier run left behind: " + String.join(", ", stale));
        }
        Path evidence = out == null ? Path.of("warden-lab-" + name) : out;
        Path work = null;
        LabNames names = LabNames.random();
        try {
            Files.createDirectories(evidence);
            work = Files.createTempDirectory("wdn-lab-");
            try (Netns netns = Netns.build(Topology.cluster(names))) {
                if (keep) {
                    netns.keep();
                }
                stdout.println("built namespaces " + String.join(", ", names.all()));
                LabReport report = name.equals(DefaultDenyLab.NAME)
                        ? defaultDeny(netns, names, work, evidence, stdout)
                        : proxyOnly(name, netns, names, work, evidence, stdout);
                stdout.print(report.table());
                Files.writeString(evidence.resolve("table.txt"), report.table());
                Files.writeString(evidence.resolve("steps.json"), report.json());
                stdout.println("evidence in " + evidence.toAbsolutePath());
                if (keep) {
                    stdout.println("kept: namespaces " + String.join(", ", names.all())
                            + " and their programs; look around with ip netns exec NAME ...; the next warden lab run removes them");
                }
                return report.passed() ? PASSED : FAILED;
            }
        } catch (LabException | IOException | UncheckedIOException e) {
            stderr.println("warden lab: " + e.getMessage());
            return FAILED;
        } finally {
            if (!keep && work != null) {
                deleteTree(work);
            }
        }
    }

    /** The proxy-only setup, shared by labs proxy-only, discover and gateway-failure. */
    private static LabReport proxyOnly(String lab, Netns netns, LabNames names, Path work, Path out, PrintWriter stdout)
            throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Registry registry = LabRegistry.write(work.resolve("registry"), today);
        LabRegistryCopy.copy(work.resolve("registry"), out.resolve("registry"));
        List<String> compileProblems = NodeFirewall.load(netns, names.node(), registry, Topology.GATEWAY_ADDRESS,
                out.resolve("ruleset.nft"));
        compileProblems.forEach(problem -> stdout.println("nftables: " + problem));
        stdout.println("node: loaded the compiled ruleset (ruleset.nft), gateway_addrs = " + Topology.GATEWAY_ADDRESS);
        Path vendorDir = work.resolve("vendor");
        Vendor.start(netns, names.vendor(), Topology.VENDOR_ADDRESS, vendorDir);
        stdout.println("vendor: nginx serving https://" + Vendor.HOST + " on " + Topology.VENDOR_ADDRESS);
        Internet.start(netns, names.internet(), names.node(), Topology.INTERNET_ADDRESS, Files.createDirectories(work.resolve("internet")));
        stdout.println("internet: HTTP and a resolver on " + Topology.INTERNET_ADDRESS + " (both answer the node)");
        Gateway gateway = Gateway.start(netns, names.gateway(), Topology.GATEWAY_ADDRESS, work.resolve("registry"), work, out);
        stdout.println("gateway: proxy " + Topology.GATEWAY_ADDRESS + ":" + Gateway.PROXY_PORT + ", DNS " + Topology.GATEWAY_ADDRESS + ":53");
        Path certificate = Vendor.certificate(vendorDir);
        List<Step> steps = switch (lab) {
            case DiscoverLab.NAME -> new DiscoverLab(netns, names, gateway, certificate, registry, work.resolve("registry"),
                    out, today).run();
            case GatewayFailureLab.NAME -> new GatewayFailureLab(netns, names, gateway, certificate).run();
            default -> new ProxyOnlyLab(netns, names, gateway, certificate).run();
        };
        Files.writeString(out.resolve("nft-after.txt"), netns.ok(names.node(), "nft", "list", "ruleset"));
        copyIfPresent(Vendor.accessLog(vendorDir), out.resolve("vendor-access.log"));
        return new LabReport(lab, steps);
    }

    /**
     * Lab default-deny: the vendor, the internet and the gateway (as the cluster resolver) start
     * first; the node's ruleset changes per stage, each compiled from a registry variant
     * (registry-N/, ruleset-N.nft; counters-N.txt is the node's ruleset with counters after the
     * stage's steps). The gateway runs with the last stage's registry, so it answers the vendor's
     * name from stage 2 on; the node decides what the pod can reach.
     */
    private static LabReport defaultDeny(Netns netns, LabNames names, Path work, Path out, PrintWriter stdout) throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Path> stages = List.of(
                stage(work.resolve("registry-1"), "lab/default-deny/posture-no-dns.yaml", "posture.yaml"),
                stage(work.resolve("registry-2"), "lab/registry/posture.yaml", "posture.yaml"),
                stage(work.resolve("registry-3"), "lab/registry/posture.yaml", "posture.yaml",
                        "lab/default-deny/vendor-direct.yaml", "vendor-direct.yaml",
                        "lab/registry/dns.zone", "dns.zone", "lab/registry/hosts", "hosts"));
        List<Registry> registries = new java.util.ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            registries.add(LabRegistry.load(stages.get(i), today));
            LabRegistryCopy.copy(stages.get(i), out.resolve("registry-" + (i + 1)));
        }
        Path vendorDir = work.resolve("vendor");
        Vendor.start(netns, names.vendor(), Topology.VENDOR_ADDRESS, vendorDir);
        stdout.println("vendor: nginx serving https://" + Vendor.HOST + " on " + Topology.VENDOR_ADDRESS);
        Internet.start(netns, names.internet(), names.node(), Topology.INTERNET_ADDRESS, Files.createDirectories(work.resolve("internet")));
        stdout.println("internet: HTTP and a resolver on " + Topology.INTERNET_ADDRESS + " (both answer the node)");
        Gateway.start(netns, names.gateway(), Topology.GATEWAY_ADDRESS, stages.get(stages.size() - 1), work, out);
        stdout.println("resolver: the warden gateway's DNS on " + Topology.GATEWAY_ADDRESS + ":53 (registry-3)");
        String[] what = {
            "default deny, no resolver listed (clusterDns.addresses empty): no DNS at all",
            "default deny, DNS to the cluster resolver " + Topology.GATEWAY_ADDRESS + " only",
            "default deny, DNS to the resolver, and record vendor-direct: " + Topology.VENDOR_ADDRESS + "/32 on 443"};
        int[] loaded = {0};
        java.util.function.IntConsumer loadStage = stage -> {
            try {
                if (loaded[0] > 0) {
                    Files.writeString(out.resolve("counters-" + loaded[0] + ".txt"), netns.ok(names.node(), "nft", "list", "ruleset"));
                }
                List<String> problems = NodeFirewall.load(netns, names.node(), registries.get(stage - 1), Topology.GATEWAY_ADDRESS,
                        out.resolve("ruleset-" + stage + ".nft"));
                problems.forEach(problem -> stdout.println("nftables (stage " + stage + "): " + problem));
                stdout.println("node: stage " + stage + " loaded (ruleset-" + stage + ".nft): " + what[stage - 1]);
                loaded[0] = stage;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        List<Step> steps = new DefaultDenyLab(netns, names, Vendor.certificate(vendorDir), loadStage).run();
        Files.writeString(out.resolve("counters-" + loaded[0] + ".txt"), netns.ok(names.node(), "nft", "list", "ruleset"));
        Files.writeString(out.resolve("nft-after.txt"), netns.ok(names.node(), "nft", "list", "ruleset"));
        copyIfPresent(Vendor.accessLog(vendorDir), out.resolve("vendor-access.log"));
        return new LabReport(DefaultDenyLab.NAME, steps);
    }

    /** Writes a stage's registry: pairs of (bundled resource, file name). */
    private static Path stage(Path directory, String... resourcesAndNames) {
        for (int i = 0; i < resourcesAndNames.length; i += 2) {
            LabFiles.copy(resourcesAndNames[i], directory.resolve(resourcesAndNames[i + 1]));
        }
        return directory;
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** Copies the registry files the lab ran with next to the evidence. */
    private static final class LabRegistryCopy {
        static void copy(Path from, Path to) throws IOException {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
