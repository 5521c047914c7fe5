package dev.warden.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.warden.capacity.Scenarios;
import dev.warden.capacity.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storm model: steady before the failure, exhaustion and recovery, and monotone in the retry policy. */
public class StormTest {

    public static Scenario storm(int attempts, String jitter, String budget) {
        return Scenarios.read("""
                destinations: [{name: vendor, host: api.vendor.example}]
                workloads:
                  - name: caller
                    replicas: 10000
                    podsPerNode: 20
                    destination: vendor
                    requestsPerSecond: 0.05
                    connections: {reuse: per-request, lifetime: 300ms}
                    retry: {maxAttempts: %d, backoff: 100ms, multiplier: 2, jitter: %s%s}
                    failure: {rate: 100%%, startsAt: 60s, duration: 2m, attemptDuration: 2s}
                egress: {preset: aws-nat-gateway, natIps: 1}
                """.formatted(attempts, jitter, budget));
    }

    @Test
    void theCurveIsFlatAtLittlesLawBeforeTheFailure() {
        Storm.Result result = Storm.all(storm(3, "none", "")).get(0);
        assertThat(result.baseline()).isEqualTo(500 * 60.3, within(1e-6));
        for (Storm.Point point : result.curve()) {
            if (point.time() <= 60) {
                assertThat(point.held()).isEqualTo(30_150, within(1e-6));
            }
        }
        assertThat(result.capacity()).isEqualTo(55_000);
    }

    @Test
    void aTotalFailureWithTwoRetriesExhaustsTheNatAndRecovers() {
        Storm.Result result = Storm.all(storm(3, "none", "")).get(0);
        assertThat(result.exhausted()).isTrue();
        // Attempts triple; each failed one holds its port 2 s + 60 s: the 24,850 free ports go in under half a minute.
        assertThat(result.exhaustedAfter()).isBetween(20.0, 30.0);
        assertThat(result.amplification()).isEqualTo(3, within(1e-6));
        assertThat(result.peakHeld()).isEqualTo(55_000, within(1e-6));
        // Ports stay full until the failed attempts' holds run out; the last ones drain about 62 s (2 s + 60 s) later.
        assertThat(result.recoveredAfter()).isBetween(0.0, 30.0);
        assertThat(result.drainedAfter()).isBetween(62.0, 80.0);
        assertThat(result.drainedAfter()).isGreaterThanOrEqualTo(result.recoveredAfter());
        assertThat(result.curve()).allSatisfy(point -> assertThat(point.held()).isLessThanOrEqualTo(55_000 + 1e-6));
    }

    @Test
    void withoutRetriesTheSameFailureDoesNotExhaustIt() {
        Storm.Result result = Storm.all(storm(1, "none", "")).get(0);
        // 500 attempts/s x (2 s + 60 s) = 31,000 at most.
        assertThat(result.exhausted()).isFalse();
        assertThat(result.peakHeld()).isLessThanOrEqualTo(31_000 + 1e-6);
    }

    /** More attempts never exhaust later nor recover sooner. */
    @Test
    void exhaustionAndRecoveryAreMonotoneInTheRetryCap() {
        List<Storm.Result> results = new ArrayList<>();
        for (int attempts = 1; attempts <= 6; attempts++) {
            results.add(Storm.all(storm(attempts, "full", "")).get(0));
        }
        for (int i = 1; i < results.size(); i++) {
            Storm.Result fewer = results.get(i - 1);
            Storm.Result more = results.get(i);
            assertThat(more.peakHeld()).isGreaterThanOrEqualTo(fewer.peakHeld() - 1e-6);
            assertThat(more.peakAttempts()).isGreaterThanOrEqualTo(fewer.peakAttempts() - 1e-6);
            if (fewer.exhausted()) {
                assertThat(more.exhausted()).isTrue();
                assertThat(more.exhaustedAfter()).isLessThanOrEqualTo(fewer.exhaustedAfter());
            }
            assertThat(recovery(more)).isGreaterThanOrEqualTo(recovery(fewer));
            assertThat(drained(more)).isGreaterThanOrEqualTo(drained(fewer));
        }
        assertThat(results.get(0).exhausted()).isFalse();
        assertThat(results.get(5).exhausted()).isTrue();
    }

    /**
     * The same property on other paths, jitter modes and pooled connections, for the time to
     * recover. (When the NAT saturates, the ports drain in waves one hold apart, and more retries
     * can move the last wave earlier, so the drain time is checked on the example above only.)
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "'{preset: gcp-cloud-nat, minPortsPerVm: 4096}', per-request, none",
        "'{preset: gcp-cloud-nat, minPortsPerVm: 4096}', per-request, equal",
        "'{preset: azure-nat-gateway}', per-request, full",
        "'{preset: azure-load-balancer-outbound, allocatedOutboundPorts: 4000}', per-request, equal",
        "'{preset: linux-masquerade}', per-request, none",
        "'{preset: aws-nat-gateway}', pooled, full"})
    void monotoneOnEveryPath(String egress, String reuse, String jitter) {
        double lastExhausted = Double.POSITIVE_INFINITY;
        double lastRecovery = 0;
        double lastPeak = 0;
        for (int attempts = 1; attempts <= 5; attempts++) {
            Scenario scenario = Scenarios.read("""
                    destinations: [{name: vendor, host: api.vendor.example}]
                    workloads:
                      - name: caller
                        replicas: 2000
                        podsPerNode: 20
                        destination: vendor
                        requestsPerSecond: 1
                        connections: {reuse: %s, %s}
                        retry: {maxAttempts: %d, backoff: 200ms, multiplier: 2, maxBackoff: 5s, jitter: %s}
                        failure: {rate: 80%%, startsAt: 30s, duration: 90s, attemptDuration: 1s, closedBy: timeout}
                    egress: %s
                    """.formatted(reuse, reuse.equals("pooled") ? "poolSize: 2, keepAlive: 60s" : "lifetime: 200ms",
                    attempts, jitter, egress));
            Storm.Result result = Storm.all(scenario).get(0);
            double exhausted = result.exhausted() ? result.exhaustedAfter() : Double.POSITIVE_INFINITY;
            assertThat(exhausted).as("exhaustion with %d attempts", attempts).isLessThanOrEqualTo(lastExhausted);
            assertThat(recovery(result)).as("recovery with %d attempts", attempts).isGreaterThanOrEqualTo(lastRecovery);
            assertThat(result.peakHeld()).isGreaterThanOrEqualTo(lastPeak - 1e-6);
            lastExhausted = exhausted;
            lastRecovery = recovery(result);
            lastPeak = result.peakHeld();
        }
    }

    private static double drained(Storm.Result result) {
        return Double.isNaN(result.drainedAfter()) ? Double.POSITIVE_INFINITY : result.drainedAfter();
    }

    private static double recovery(Storm.Result result) {
        return Double.isNaN(result.recoveredAfter()) ? Double.POSITIVE_INFINITY : result.recoveredAfter();
    }

    @Test
    void aRetryBudgetCapsTheAmplification() {
        Storm.Result unlimited = Storm.all(storm(3, "full", "")).get(0);
        Storm.Result budgeted = Storm.all(storm(3, "full", ", budgetPercent: 10")).get(0);
        assertThat(budgeted.amplification()).isLessThanOrEqualTo(1.1 + 1e-6);
        assertThat(budgeted.peakHeld()).isLessThan(unlimited.peakHeld());
    }

    @Test
    void theModelIsDeterministic() {
        Storm.Result a = Storm.all(storm(4, "equal", "")).get(0);
        Storm.Result b = Storm.all(storm(4, "equal", "")).get(0);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aGatewayBudgetRefusesTheExcessBeforeItTakesANatPort() {
        Scenario scenario = Scenarios.read("""
                destinations: [{name: vendor, host: api.vendor.example}]
                workloads:
                  - name: caller
                    replicas: 10000
                    destination: vendor
                    requestsPerSecond: 0.05
                    connections: {reuse: per-request, lifetime: 300ms}
                    retry: {maxAttempts: 3, backoff: 100ms, jitter: none}
                    failure: {rate: 100%, startsAt: 60s, duration: 2m, attemptDuration: 2s}
                egress:
                  path:
                    - {preset: warden-gateway, replicas: 2, connectionsPerSecond: 350}
                    - {preset: aws-nat-gateway, natIps: 1}
                """);
        Storm.Result result = Storm.all(scenario).get(0);
        assertThat(result.exhausted()).isFalse();
        assertThat(result.refusedAfter()).isNotNaN();
        // 700 connections/s x 62 s at most.
        assertThat(result.peakHeld()).isLessThanOrEqualTo(700 * 62 + 1e-6);
    }

    @Test
    void aFailureThatNeverEndsNeverRecovers() {
        Scenario scenario = Scenarios.read("""
                destinations: [{name: vendor, host: api.vendor.example}]
                workloads:
                  - name: caller
                    replicas: 100
                    destination: vendor
                    requestsPerSecond: 1
                    connections: {reuse: per-request, lifetime: 1s}
                    failure: {rate: 50%, startsAt: 10s}
                egress: {preset: gcp-cloud-nat}
                """);
        Storm.Result result = Storm.all(scenario).get(0);
        assertThat(result.recoveredAfter()).isNaN();
        assertThat(result.failureEnd()).isInfinite();
    }
}
