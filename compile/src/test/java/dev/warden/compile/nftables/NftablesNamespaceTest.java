package dev.warden.compile.nftables;

import static dev.warden.compile.nftables.TestRegistries.natRecord;
import static dev.warden.compile.nftables.TestRegistries.posture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled ruleset, loaded into a node of its own, forwards what a record allows and drops
 * the rest. Three network namespaces stand for a pod, the node and the outside:
 *
 * <pre>
 *   pod 10.244.1.10/24 --veth-- 10.244.1.1/24 node 198.18.0.1/24 --veth-- 198.18.0.2/24 outside
 * </pre>
 *
 * Addresses exist only inside these namespaces; the outside uses the benchmarking range
 * 198.18.0.0/15, never a real address. The outside has no route back to the pod range: the
 * ruleset's postrouting chain masquerades pod traffic to the node's address (the posture names
 * no nat egressIps), so the outside answers 198.18.0.1 on its own link. That the replies arrive
 * at all shows the masquerade works. Requires root, {@code ip}, {@code nft}, {@code curl} and
 * {@code python3}; a missing one fails the test.
 */
class NftablesNamespaceTest {
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private static final String POD = "wdn-pod-" + SUFFIX;
    private static final String NODE = "wdn-node-" + SUFFIX;
    private static final String OUTSIDE = "wdn-ext-" + SUFFIX;
    private static final String OUTSIDE_ADDRESS = "198.18.0.2";
    private static final int COMMAND_SECONDS = 10;
    private static final List<Process> LISTENERS = new ArrayList<>();

    private static final String REGISTRY_LAB_SERVICE = natRecord("lab-service", """
            allowPrivate: [{cidr: 198.18.0.2/32, reason: the lab's outside host}]
            ports: [{port: 8443}]""");
    private static final String REGISTRY_LAB_NAMES = natRecord("lab-names", """
            hosts: [outside.lab.example]
            ports: [{port: 7443}]""");

    @Test
    void aPodReachesWhatItsRecordsAllowAndNothingElse(@TempDir Path directory) throws Exception {
        Path script = directory.resolve("warden.nft");
        Files.writeString(script, NftablesTarget.compile(
                TestRegistries.of(posture(""), REGISTRY_LAB_SERVICE, REGISTRY_LAB_NAMES)).script(), StandardCharsets.UTF_8);
        try {
            buildNetwork();
            ok("ip", "netns", "exec", NODE, "nft", "-f", script.toString());
            ok("ip", "netns", "exec", NODE, "nft", "-f", script.toString()); // loading twice replaces it
            for (int port : new int[] {7443, 8443, 9443}) {
                listen(port);
            }

            assertThat(curlFromPod(8443)).as("the record's address and port").isEqualTo("200");
            assertThat(curlFromPod(9443)).as("a port no record allows").isEqualTo("timeout");
            assertThat(curlFromPod(7443)).as("a named destination before warden dns has resolved it").isEqualTo("timeout");

            // What warden dns writes once the pod resolved outside.lab.example to the outside's address.
            ok("ip", "netns", "exec", NODE, "nft", "add", "element", "inet", "warden", "fqdn4_lab_names",
                    "{ " + OUTSIDE_ADDRESS + " timeout 60s }");
            assertThat(curlFromPod(7443)).as("a named destination once resolved").isEqualTo("200");

            String forward = ok("ip", "netns", "exec", NODE, "nft", "list", "chain", "inet", "warden", "forward");
            assertThat(forward).contains("ip daddr { 100.100.100.200, 169.254.169.254 } counter packets 0 bytes 0 drop");
            assertThat(defaultDenyPackets(forward)).as("the dropped attempts were counted by the default deny").isPositive();
        } finally {
            tearDown();
        }
    }

    private static void buildNetwork() throws IOException, InterruptedException {
        for (String namespace : List.of(POD, NODE, OUTSIDE)) {
            ok("ip", "netns", "add", namespace);
            ok("ip", "-n", namespace, "link", "set", "lo", "up");
        }
        // Each veth is created inside the namespaces, so no interface name is ever taken on the host.
        ok("ip", "-n", POD, "link", "add", "eth0", "type", "veth", "peer", "name", "pod0", "netns", NODE);
        ok("ip", "-n", NODE, "link", "add", "ext0", "type", "veth", "peer", "name", "eth0", "netns", OUTSIDE);
        address(POD, "eth0", "10.244.1.10/24");
        address(NODE, "pod0", "10.244.1.1/24");
        address(NODE, "ext0", "198.18.0.1/24");
        address(OUTSIDE, "eth0", OUTSIDE_ADDRESS + "/24");
        ok("ip", "-n", POD, "route", "add", "default", "via", "10.244.1.1");
        ok("ip", "netns", "exec", NODE, "sysctl", "-w", "net.ipv4.ip_forward=1");
    }

    private static void address(String namespace, String device, String cidr) throws IOException, InterruptedException {
        ok("ip", "-n", namespace, "addr", "add", cidr, "dev", device);
        ok("ip", "-n", namespace, "link", "set", device, "up");
    }

    /** An HTTP server on the outside; returns once it answers there. */
    private static void listen(int port) throws IOException, InterruptedException {
        Process server = new ProcessBuilder("ip", "netns", "exec", OUTSIDE, "python3", "-m", "http.server",
                String.valueOf(port), "--bind", OUTSIDE_ADDRESS)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        LISTENERS.add(server);
        for (int attempt = 0; attempt < 50; attempt++) {
            if (run("ip", "netns", "exec", OUTSIDE, "curl", "-s", "-o", "/dev/null", "--max-time", "1",
                    "http://" + OUTSIDE_ADDRESS + ":" + port + "/").exitCode() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the listener on port " + port + " did not start");
    }

    /** The HTTP status the pod gets, or "timeout" when nothing answers within three seconds. */
    private static String curlFromPod(int port) throws IOException, InterruptedException {
        Result curl = run("ip", "netns", "exec", POD, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "3", "http://" + OUTSIDE_ADDRESS + ":" + port + "/");
        final int operationTimedOut = 28;
        return curl.exitCode() == operationTimedOut ? "timeout" : curl.output();
    }

    private static long defaultDenyPackets(String chain) {
        Matcher counter = Pattern.compile("counter packets (\\d+) bytes \\d+ drop comment \"warden: default deny")
                .matcher(chain);
        assertThat(counter.find()).as("the default deny rule in%n%s", chain).isTrue();
        return Long.parseLong(counter.group(1));
    }

    @AfterAll
    static void tearDown() throws IOException, InterruptedException {
        LISTENERS.forEach(Process::destroyForcibly);
        for (Process listener : LISTENERS) {
            listener.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS);
        }
        LISTENERS.clear();
        // Deleting a namespace deletes its veth ends; a namespace already gone is no error here.
        for (String namespace : List.of(POD, NODE, OUTSIDE)) {
            run("ip", "netns", "del", namespace);
        }
    }

    private record Result(int exitCode, String output) {}

    private static String ok(String... command) throws IOException, InterruptedException {
        Result result = run(command);
        assertThat(result.exitCode()).as("%s said:%n%s", String.join(" ", command), result.output()).isZero();
        return result.output();
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("wdn-", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + COMMAND_SECONDS + " seconds");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
