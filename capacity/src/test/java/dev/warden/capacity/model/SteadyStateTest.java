package dev.warden.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.warden.capacity.Scenarios;
import dev.warden.capacity.scenario.Scenario;
import org.junit.jupiter.api.Test;

/** Little's law and the pooled-connection rules of the steady state. */
class SteadyStateTest {

    @Test
    void littlesLaw() {
        assertThat(SteadyState.littlesLaw(900, 61)).isEqualTo(54_900);
        assertThat(SteadyState.rateFor(55_000, 61)).isEqualTo(55_000 / 61.0, within(1e-12));
    }

    /** Ports in use = new connections per second x (time open + hold after close), summed over pods. */
    @Test
    void portsInUseFollowLittlesLaw() {
        Scenario scenario = Scenarios.perRequest(10_000, 20, 0.05, "300ms", "{preset: aws-nat-gateway}");
        assertThat(Limits.portsInUse(scenario, scenario.destinations().get(0))).isEqualTo(500 * 60.3, within(1e-6));
    }

    @Test
    void aWarmPoolHoldsItsConnectionsAndChurnsOnlyAtItsLifetime() {
        Scenario scenario = Scenarios.read("""
                destinations: [{name: vendor, host: api.vendor.example}]
                workloads:
                  - name: caller
                    replicas: 100
                    destination: vendor
                    requestsPerSecond: 20
                    connections: {reuse: pooled, poolSize: 4, lifetime: 5m, requestDuration: 50ms}
                egress: {preset: gcp-cloud-nat}
                """);
        Flow flow = Limits.flows(scenario, scenario.destinations().get(0)).get(0);
        assertThat(flow.open()).isEqualTo(4);
        assertThat(flow.newPerSecond()).isEqualTo(4 / 300.0, within(1e-12));
        // Each replacement leaves the old connection in TIME_WAIT for 120 s.
        assertThat(flow.held(120)).isEqualTo(4 + 4 / 300.0 * 120, within(1e-9));
        assertThat(flow.notes()).isEmpty();
    }

    @Test
    void aPoolIdleLongerThanTheNatIdleTimeoutIsFlaggedAndChurns() {
        Scenario scenario = Scenarios.read("""
                destinations: [{name: vendor, host: api.vendor.example}]
                workloads:
                  - name: caller
                    replicas: 10
                    destination: vendor
                    requestsPerSecond: 0.001
                    connections: {reuse: pooled, poolSize: 1}
                egress: {preset: aws-nat-gateway}
                """);
        Flow flow = Limits.flows(scenario, scenario.destinations().get(0)).get(0);
        assertThat(flow.notes()).singleElement().asString().contains("350 s").contains("keepalive");
        assertThat(flow.newPerSecond()).isEqualTo(0.001, within(1e-12));
    }

    @Test
    void aKeepaliveUnderTheNatIdleTimeoutKeepsThePoolWarm() {
        Scenario scenario = Scenarios.read("""
                destinations: [{name: vendor, host: api.vendor.example}]
                workloads:
                  - name: caller
                    replicas: 10
                    destination: vendor
                    requestsPerSecond: 0.001
                    connections: {reuse: pooled, poolSize: 1, keepAlive: 60s}
                egress: {preset: aws-nat-gateway}
                """);
        Flow flow = Limits.flows(scenario, scenario.destinations().get(0)).get(0);
        assertThat(flow.notes()).isEmpty();
        assertThat(flow.newPerSecond()).isZero();
    }

    @Test
    void theLoadFactorIsWhereDemandMeetsCapacity() {
        Scenario scenario = Scenarios.perRequest(10_000, 20, 0.05, "300ms", "{preset: aws-nat-gateway}");
        Limit limit = Limits.of(scenario).get(0);
        assertThat(limit.loadFactor()).isEqualTo(55_000 / 30_150.0, within(1e-6));
    }
}
