package dev.warden.lab.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The namespaces of one run, on the host. Everything it creates is recorded as it is created, so
 * {@link #close()} removes exactly that, also when building failed half way; a JVM shutdown hook
 * (Ctrl-C, SIGTERM) does the same. What a killed run left behind {@link #cleanupStale()} removes.
 */
public final class Netns implements AutoCloseable {
    private final Topology topology;
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final Thread shutdownHook;
    private volatile boolean keep;
    private volatile boolean closed;

    private Netns(Topology topology) {
        this.topology = topology;
        this.shutdownHook = new Thread(this::teardown, "wdn-lab-teardown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Builds {@code topology}; on failure removes what was built and throws. */
    public static Netns build(Topology topology) {
        Netns netns = new Netns(topology);
        try {
            for (List<String> command : topology.buildCommands()) {
                if (command.size() > 2 && command.get(1).equals("netns") && command.get(2).equals("add")) {
                    netns.created.add(command.get(3));
                }
                Commands.ok(command.toArray(String[]::new));
            }
            return netns;
        } catch (RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    public Topology topology() {
        return topology;
    }

    /** The command line that runs {@code command} inside {@code namespace}. */
    public static List<String> inside(String namespace, String... command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        line.addAll(List.of(command));
        return line;
    }

    /** Runs a bounded command inside {@code namespace}. */
    public CommandResult exec(String namespace, Duration timeout, String... command) {
        return Commands.run(timeout, inside(namespace, command));
    }

    /** Runs a configuration command inside {@code namespace}; throws when it fails. */
    public String ok(String namespace, String... command) {
        return Commands.ok(inside(namespace, command).toArray(String[]::new));
    }

    /** A long-running program that {@link #close()} stops before the namespaces go. */
    public Process track(Process process) {
        processes.add(process);
        return process;
    }

    /** Leave everything in place when closed (the person wants to look around). */
    public void keep() {
        this.keep = true;
    }

    @Override
    public void close() {
        if (!keep) {
            teardown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it tears down
        }
    }

    private synchronized void teardown() {
        if (closed || keep) {
            return;
        }
        closed = true;
        List<Process> running;
        synchronized (processes) {
            running = List.copyOf(processes);
        }
        running.forEach(process -> Commands.stop(process, Duration.ofSeconds(5)));
        List<String> namespaces;
        synchronized (created) {
            namespaces = new ArrayList<>(created);
        }
        Collections.reverse(namespaces);
        namespaces.forEach(Netns::remove);
    }

    /** Kills whatever still runs in {@code namespace}, then deletes it (its veth ends go with it). */
    static void remove(String namespace) {
        CommandResult pids = Commands.run("ip", "netns", "pids", namespace);
        if (pids.ok()) {
            pids.output().lines().map(String::strip).filter(line -> line.matches("\\d+"))
                    .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            if (Commands.run("ip", "netns", "del", namespace).ok() || !exists(namespace)) {
                return;
            }
            sleep(200);
        }
    }

    /** The lab namespaces (of any run) that exist now. */
    public static List<String> labNamespaces() {
        CommandResult list = Commands.run("ip", "netns", "list");
        return list.ok() ? LabNames.parseNetnsList(list.output()).stream().filter(LabNames::isLabNamespace).toList() : List.of();
    }

    static boolean exists(String namespace) {
        return labNamespaces().contains(namespace) || Commands.run("ip", "netns", "list").output().lines()
                .anyMatch(line -> line.split("\\s+", 2)[0].equals(namespace));
    }

    /** Removes the namespaces a killed run left behind (and kills what ran in them); returns their names. */
    public static List<String> cleanupStale() {
        List<String> stale = labNamespaces();
        stale.forEach(Netns::remove);
        return stale;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
