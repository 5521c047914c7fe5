package dev.warden.capacity;

import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.ScenarioLoader;
import java.io.StringReader;

/** Scenarios written inline for tests, read by the real loader so tests exercise the format too. */
public final class Scenarios {
    private Scenarios() {}

    public static Scenario read(String spec) {
        String yaml = "apiVersion: warden.dev/v1alpha1\nkind: CapacityScenario\nmetadata: {name: test}\nspec:\n"
                + spec.stripIndent().lines().map(line -> "  " + line).reduce("", (a, b) -> a + b + "\n");
        ScenarioLoader.Result result = ScenarioLoader.read("test.yaml", new StringReader(yaml));
        if (!result.ok()) {
            throw new AssertionError("scenario does not load:\n" + yaml + "\n" + result.findings());
        }
        return result.scenario();
    }

    /**
     * One destination tuple, one workload of {@code replicas} pods ({@code podsPerNode} a node)
     * opening a connection per request that stays open {@code lifetime}, through {@code egress}.
     */
    public static Scenario perRequest(int replicas, int podsPerNode, double rps, String lifetime, String egress) {
        return read("""
                destinations:
                  - {name: vendor, host: api.vendor.example, port: 443}
                workloads:
                  - name: caller
                    replicas: %d
                    podsPerNode: %d
                    destination: vendor
                    requestsPerSecond: %s
                    connections: {reuse: per-request, lifetime: %s}
                egress: %s
                """.formatted(replicas, podsPerNode, rps, lifetime, egress));
    }

    /** Pods each holding {@code poolSize} pooled connections that are used often enough to stay warm. */
    public static Scenario pooled(int replicas, int podsPerNode, int poolSize, String egress) {
        return read("""
                destinations:
                  - {name: vendor, host: api.vendor.example, port: 443}
                workloads:
                  - name: caller
                    replicas: %d
                    podsPerNode: %d
                    destination: vendor
                    requestsPerSecond: 10
                    connections: {reuse: pooled, poolSize: %d, requestDuration: 10ms}
                egress: %s
                """.formatted(replicas, podsPerNode, poolSize, egress));
    }
}
