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
 * Worked examples from AWS's own pages: "NAT gateway basics - Amazon Virtual Private Cloud"
 * (55,000 simultaneous connections per unique destination per IPv4 address, up to 8 addresses,
 * and "approximately 900 connections per second to a single destination (about 55,000
 * connections per minute)" reach the limit), "Attach multiple IPs to a NAT Gateway to scale your
 * egress traffic pattern" (8 addresses give 440,000), and "Troubleshoot NAT gateways" (350 s idle
 * timeout).
 */
class AwsNatGatewayTest {

    @Test
    void oneAddressHolds55000ConnectionsToOneDestinationAndEightHold440000() {
        assertThat(AwsNatGateway.defaults(1).connectionsPerDestination()).isEqualTo(55_000);
        assertThat(AwsNatGateway.defaults(8).connectionsPerDestination()).isEqualTo(440_000);
        assertThat(AwsNatGateway.defaults(1).idleTimeout()).isEqualTo(350);
        assertThat(AwsNatGateway.defaults(1).maxNatIps()).isEqualTo(8);
    }

    /** About 900 new connections per second to one destination reach the 55,000 limit: each holds its port about a minute. */
    @Test
    void about900NewConnectionsPerSecondReachTheLimit() {
        // 900 connections a second, each open 1 s then held 60 s after close (the model's assumption).
        Scenario scenario = Scenarios.perRequest(900, 1, 1, "1s", "{preset: aws-nat-gateway, natIps: 1}");
        Limit limit = Limits.of(scenario).get(0);

        assertThat(limit.resource()).isEqualTo(Resource.CONNECTIONS_PER_DESTINATION);
        assertThat(limit.demand()).isEqualTo(900 * 61.0, within(1e-6));
        assertThat(limit.capacity()).isEqualTo(55_000);
        // The limit is reached within a few percent of 900 new connections per second.
        double rateAtLimit = limit.loadFactor() * 900;
        assertThat(rateAtLimit).isBetween(880.0, 920.0);
    }

    @Test
    void eachDestinationTupleHasItsOwn55000() {
        Scenario scenario = Scenarios.read("""
                destinations:
                  - {name: vendor, host: api.vendor.example, port: 443, ips: [203.0.113.10, 203.0.113.11]}
                workloads:
                  - name: caller
                    replicas: 1000
                    destination: vendor
                    requestsPerSecond: 1
                    connections: {reuse: per-request, lifetime: 1s}
                egress: {preset: aws-nat-gateway, natIps: 1}
                """);
        List<Limit> limits = Limits.compute(scenario);

        assertThat(limits).extracting(Limit::tuple).containsExactly("203.0.113.10:443/TCP", "203.0.113.11:443/TCP");
        // 1,000 connections/s spread over two addresses: 500/s x 61 s on each tuple.
        assertThat(limits).allSatisfy(limit -> assertThat(limit.demand()).isEqualTo(30_500, within(1e-6)));
    }

    @Test
    void theHoldAfterCloseIsAnAssumptionTheScenarioCanReplace() {
        assertThat(AwsNatGateway.defaults(1).numbers()).anySatisfy(number -> {
            assertThat(number.name()).isEqualTo("port hold after close");
            assertThat(number.documented()).isFalse();
            assertThat(number.note()).contains("900");
        });
        Scenario scenario = Scenarios.perRequest(900, 1, 1, "1s",
                "{preset: aws-nat-gateway, natIps: 1, holdAfterClose: 10s}");
        assertThat(Limits.compute(scenario).get(0).demand()).isEqualTo(900 * 11.0, within(1e-6));
    }
}
