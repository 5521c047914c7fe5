package dev.warden.capacity.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.warden.capacity.Scenarios;
import dev.warden.capacity.model.Limit;
import dev.warden.capacity.model.Limits;
import dev.warden.capacity.model.Resource;
import dev.warden.capacity.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Warden gateway's per-record budgets as docs/registry.md and docs/gateway.md define them
 * ({@code limits.maxConnections} open at once per record and {@code limits.connectionsPerSecond}
 * new ones per destination, enforced by each replica), and its own sockets' ports
 * (ip_local_port_range, "IP Sysctl"; a 60 s TIME_WAIT, include/net/tcp.h).
 */
class WardenGatewayTest {

    private static final String PATH = """
            {path: [{preset: warden-gateway, replicas: 3, maxConnections: 100, connectionsPerSecond: 10},
                    {preset: aws-nat-gateway, natIps: 1}]}""";

    @Test
    void budgetsAreMultipliedByReplicas() {
        // 40 new connections a second, each open 2 s: 80 open; the budget allows 30/s and 300 open.
        Scenario scenario = Scenarios.perRequest(40, 1, 1, "2s", PATH);
        List<Limit> limits = Limits.of(scenario);
        Limit rate = limits.stream().filter(l -> l.resource() == Resource.GATEWAY_RATE).findFirst().orElseThrow();
        Limit open = limits.stream().filter(l -> l.resource() == Resource.GATEWAY_CONNECTIONS).findFirst().orElseThrow();
        assertThat(rate.capacity()).isEqualTo(30);
        assertThat(rate.demand()).isEqualTo(40, within(1e-9));
        assertThat(open.capacity()).isEqualTo(300);
        assertThat(open.demand()).isEqualTo(80, within(1e-9));
        assertThat(Limits.firstToRunOut(limits)).get().extracting(Limit::resource).isEqualTo(Resource.GATEWAY_RATE);
        assertThat(rate.loadFactor()).isEqualTo(0.75, within(1e-6));
    }

    @Test
    void eachReplicaHasItsLocalPortRangePerDestination() {
        Scenario scenario = Scenarios.perRequest(40, 1, 1, "2s", PATH);
        Limit ports = Limits.compute(scenario).stream().filter(l -> l.resource() == Resource.GATEWAY_PORTS).findFirst()
                .orElseThrow();
        assertThat(ports.capacity()).isEqualTo(28_232);
        // 40/s x (2 s + 60 s TIME_WAIT) over 3 replicas.
        assertThat(ports.demand()).isEqualTo(40 * 62.0 / 3, within(1e-6));
    }
}
