package dev.warden.lab;

import dev.warden.capacity.model.Storm;
import dev.warden.capacity.preset.Close;
import dev.warden.capacity.preset.WardenGateway;
import dev.warden.capacity.scenario.Connections;
import dev.warden.capacity.scenario.Destination;
import dev.warden.capacity.scenario.Failure;
import dev.warden.capacity.scenario.RetryPolicy;
import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.Workload;
import dev.warden.lab.net.CommandResult;
import dev.warden.lab.net.LabNames;
import dev.warden.lab.net.Netns;
import dev.warden.lab.net.Topology;
import dev.warden.lab.report.Step;
import dev.warden.lab.services.Gateway;
import dev.warden.lab.services.Vendor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lab gateway-failure (issue #8): on the proxy-only setup the gateway is stopped. Calls through it
 * fail closed (no direct fallback: the node still drops the direct call), a client with bounded
 * retries makes a bounded number of attempts, and after a restart the call succeeds again. The
 * capacity model's attempts per failed request for the client's retry policy is shown beside the
 * attempts the client made.
 */
final class GatewayFailureLab {
    static final String NAME = "gateway-failure";
    /** The client's retry policy: curl --retry 3 --retry-delay 1 --retry-connrefused. */
    static final int RETRIES = 3;
    static final int RETRY_DELAY = 1;
    private static final Duration PROBE = Duration.ofSeconds(20);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final int CONNECTION_REFUSED = 7;

    private final PodProbes probes;
    private final Gateway gateway;
    private final Path certificate;
    private final String proxy = "http://" + Topology.GATEWAY_ADDRESS + ":" + Gateway.PROXY_PORT;
    private int observedAttempts = -1;
    private long stoppedAt;
    private long restartedAt;

    GatewayFailureLab(Netns netns, LabNames names, Gateway gateway, Path certificate) {
        this.probes = new PodProbes(netns, names, PROBE);
        this.gateway = gateway;
        this.certificate = certificate;
    }

    List<Step> run() {
        List<Step> steps = new ArrayList<>();
        steps.add(call("before: the pod calls https://" + Vendor.HOST + " via the gateway", "200 from the vendor"));
        stoppedAt = System.nanoTime();
        gateway.stop();
        steps.add(stopped());
        steps.add(failsClosed());
        steps.add(noFallback());
        steps.add(boundedRetries());
        steps.add(recovery());
        steps.add(model());
        return steps;
    }

    private CommandResult vendorCall(String... extra) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--connect-timeout", "2", "--max-time", "10",
                "--proxy", proxy, "--cacert", certificate.toString(), "-w", "\n%{http_code}"));
        command.addAll(List.of(extra));
        command.add("https://" + Vendor.HOST + "/");
        return probes.run(command.toArray(String[]::new));
    }

    private static boolean vendorAnswered(CommandResult curl) {
        List<String> lines = curl.output().strip().lines().toList();
        return curl.ok() && !lines.isEmpty() && lines.get(lines.size() - 1).equals("200") && curl.output().contains(Vendor.BODY);
    }

    private Step call(String name, String expected) {
        CommandResult curl = vendorCall();
        return Step.of(name, expected, vendorAnswered(curl) ? "200 \"" + Vendor.BODY + "\""
                : "curl exit " + curl.exitCode() + ": " + curl.output(), vendorAnswered(curl));
    }

    private Step stopped() {
        return Step.of("stop: SIGTERM to the gateway process", "the process has exited",
                gateway.alive() ? "still running" : "exited", !gateway.alive());
    }

    private Step failsClosed() {
        CommandResult curl = vendorCall();
        boolean failed = curl.exitCode() == CONNECTION_REFUSED || curl.exitCode() == PodProbes.CURL_TIMED_OUT;
        return Step.of("down: the pod calls https://" + Vendor.HOST + " via the gateway",
                "the call fails (connection refused or timeout)",
                "curl exit " + curl.exitCode() + (curl.exitCode() == CONNECTION_REFUSED ? " (connection refused)"
                        : curl.exitCode() == PodProbes.CURL_TIMED_OUT ? " (timed out)" : ": " + curl.output()), failed);
    }

    /** With the gateway down the direct path is no fallback: the node still drops it. */
    private Step noFallback() {
        return probes.droppedCall("down: fail closed, the pod tries the vendor's address directly",
                "no answer; dropped by the node's default deny (no direct fallback)", List.of("--resolve",
                        Vendor.HOST + ":443:" + Topology.VENDOR_ADDRESS, "--cacert", certificate.toString(),
                        "https://" + Vendor.HOST + "/"));
    }

    /** curl -v prints one "Trying ADDRESS:PORT" line per connection attempt; those lines are counted. */
    private Step boundedRetries() {
        long start = System.nanoTime();
        CommandResult curl = vendorCall("-v", "--retry", String.valueOf(RETRIES), "--retry-delay", String.valueOf(RETRY_DELAY),
                "--retry-connrefused");
        double seconds = (System.nanoTime() - start) / 1e9;
        observedAttempts = (int) curl.output().lines()
                .filter(line -> line.contains("Trying " + Topology.GATEWAY_ADDRESS + ":" + Gateway.PROXY_PORT)).count();
        int expected = 1 + RETRIES;
        boolean ok = !curl.ok() && observedAttempts == expected && seconds >= RETRIES * RETRY_DELAY;
        return Step.of("down: a client with bounded retries (curl --retry " + RETRIES + " --retry-delay " + RETRY_DELAY
                        + " --retry-connrefused) via the gateway",
                expected + " connection attempts (1 + " + RETRIES + " retries), then it gives up",
                "curl exit " + curl.exitCode() + "; " + observedAttempts + " attempts (\"Trying\" lines in curl -v) in " + String.format("%.1f", seconds) + " s",
                ok);
    }

    private Step recovery() {
        restartedAt = System.nanoTime();
        gateway.restart();
        long deadline = restartedAt + RECOVERY_BOUND.toNanos();
        CommandResult curl;
        do {
            curl = vendorCall();
            if (vendorAnswered(curl)) {
                double seconds = (System.nanoTime() - restartedAt) / 1e9;
                return Step.of("recovery: restart the gateway, the pod calls the vendor again",
                        "200 from the vendor within " + RECOVERY_BOUND.toSeconds() + " s of the restart",
                        "200 \"" + Vendor.BODY + "\" " + String.format("%.1f", seconds) + " s after the restart (outage "
                                + String.format("%.1f", (System.nanoTime() - stoppedAt) / 1e9) + " s)", true);
            }
            sleep(200);
        } while (System.nanoTime() < deadline);
        return Step.of("recovery: restart the gateway, the pod calls the vendor again",
                "200 from the vendor within " + RECOVERY_BOUND.toSeconds() + " s of the restart",
                "no 200 within the bound; last: curl exit " + curl.exitCode() + " " + curl.output(), false);
    }

    /**
     * The capacity model (Storm) for one pod calling the vendor through one gateway with the
     * client's retry policy, the vendor path failing every attempt for as long as the gateway was
     * down here. Its peak attempts per second over fresh requests per second is the attempts the
     * model expects per failed request; it is compared with the attempts curl made.
     */
    private Step model() {
        double outage = (restartedAt - stoppedAt) / 1e9;
        double modelled = modelledOutage(outage);
        Optional<Double> predicted = predictedAttempts(modelled);
        String expected = "the model's attempts per failed request equal the attempts the client made";
        if (predicted.isEmpty()) {
            return Step.of("model: warden capacity for this retry policy", expected, "the model gave no storm", false);
        }
        long rounded = Math.round(predicted.get());
        return Step.of("model: warden capacity's retry storm for maxAttempts " + (1 + RETRIES) + ", backoff "
                        + RETRY_DELAY + " s x1, no jitter, 1 pod at 1/s, every attempt failing for " + String.format("%.1f", modelled)
                        + " s (gateway down " + String.format("%.1f", outage) + " s)",
                expected,
                "model " + String.format("%.2f", predicted.get()) + " attempts per failed request (peak attempts / fresh"
                        + " requests); observed " + observedAttempts + " attempts by curl",
                rounded == observedAttempts);
    }

    /** The failure the model runs: the measured outage, but at least long enough for every retry to fall inside it. */
    static double modelledOutage(double outage) {
        return Math.max(outage, (1 + RETRIES) * RETRY_DELAY + 1);
    }

    static Optional<Double> predictedAttempts(double outage) {
        Destination vendor = new Destination("vendor", Vendor.HOST, 443, Destination.Protocol.TCP, 1,
                List.of(Topology.VENDOR_ADDRESS), "payment-vendor", false);
        RetryPolicy retry = new RetryPolicy(1 + RETRIES, RETRY_DELAY, 1, RETRY_DELAY, RetryPolicy.Jitter.NONE, Double.NaN);
        Failure failure = new Failure(1.0, 10, outage, 0.01, Close.RST);
        Workload pod = new Workload("payment-worker", 1, 1, "vendor", 1.0, Connections.perRequest(0.1), retry, failure);
        Scenario scenario = new Scenario("lab gateway-failure", "(built by the lab)", List.of(vendor), List.of(pod),
                WardenGateway.of(1, null, null), null, Scenario.Settings.defaults());
        return Storm.simulate(scenario, vendor).map(Storm.Result::amplification);
    }


    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
