package dev.warden.capacity.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.warden.capacity.Scenarios;
import dev.warden.capacity.model.Limit;
import dev.warden.capacity.model.Limits;
import dev.warden.capacity.model.Resource;
import dev.warden.capacity.scenario.Scenario;
import org.junit.jupiter.api.Test;

/**
 * Worked examples from Microsoft's "Azure NAT Gateway resource": each public IP gives 64,512 SNAT
 * ports and a gateway takes up to 16, "over 1 million SNAT ports"; up to 50,000 concurrent
 * connections per public IP to the same destination endpoint and 2 million in all; port reuse
 * timers of 65 s after FIN, 16 s after RST and 30 s for a half-open connection; a TCP idle timeout
 * of 4 minutes by default.
 */
class AzureNatGatewayTest {

    @Test
    void sixteenPublicIpsGiveOverAMillionSnatPorts() {
        AzureNatGateway nat = AzureNatGateway.defaults(16);
        assertThat(nat.snatPorts()).isEqualTo(1_032_192);
        assertThat(nat.snatPorts()).isGreaterThan(1_000_000);
        assertThat(nat.connectionsPerDestination()).isEqualTo(800_000);
        assertThat(AzureNatGateway.defaults(1).connectionsPerDestination()).isEqualTo(50_000);
    }

    @Test
    void portReuseTimersAreTheHoldAfterClose() {
        AzureNatGateway nat = AzureNatGateway.defaults(1);
        assertThat(nat.holdAfter(Close.FIN)).isEqualTo(65);
        assertThat(nat.holdAfter(Close.RST)).isEqualTo(16);
        assertThat(nat.holdAfter(Close.TIMEOUT)).isEqualTo(30);
        assertThat(nat.idleTimeout()).isEqualTo(240);
    }

    /** 500 new connections a second, each open 35 s and held 65 s after FIN: 50,000 ports, one IP's limit for one destination. */
    @Test
    void fiveHundredConnectionsPerSecondHeldAHundredSecondsFillOneIp() {
        Scenario scenario = Scenarios.perRequest(500, 10, 1, "35s", "{preset: azure-nat-gateway, natIps: 1}");
        Limit limit = Limits.compute(scenario).stream().filter(l -> l.resource() == Resource.CONNECTIONS_PER_DESTINATION)
                .findFirst().orElseThrow();
        assertThat(limit.demand()).isEqualTo(50_000, within(1e-6));
        assertThat(limit.capacity()).isEqualTo(50_000);
        assertThat(limit.exhausted()).isTrue();
        Limit total = Limits.compute(scenario).stream().filter(l -> l.resource() == Resource.NAT_CONNECTIONS)
                .findFirst().orElseThrow();
        assertThat(total.capacity()).isEqualTo(2_000_000);
    }

    @Test
    void aClosedByResetConnectionFreesItsPortSooner() {
        Scenario fin = Scenarios.perRequest(100, 10, 1, "1s", "{preset: azure-nat-gateway, natIps: 1}");
        Scenario rst = Scenarios.read("""
                destinations:
                  - {name: vendor, host: api.vendor.example}
                workloads:
                  - name: caller
                    replicas: 100
                    destination: vendor
                    requestsPerSecond: 1
                    connections: {reuse: per-request, lifetime: 1s, closedBy: rst}
                egress: {preset: azure-nat-gateway}
                """);
        assertThat(Limits.compute(fin).get(0).demand()).isEqualTo(100 * 66.0, within(1e-6));
        assertThat(Limits.compute(rst).get(0).demand()).isEqualTo(100 * 17.0, within(1e-6));
    }
}
