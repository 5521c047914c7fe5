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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Worked examples from Microsoft's "Source Network Address Translation (SNAT) for outbound
 * connections" (Azure Load Balancer): the default port allocation table by backend pool size; the
 * example "with 100 VMs in a backend pool and only one frontend IP, each VM receives 512 ports; a
 * second frontend IP gives each VM 1,024 in all; a third does not increase it"; 64,000 SNAT ports
 * per frontend IP and "number of frontend IPs x 64K / number of backend instances" ports per
 * instance; and the page's earlier "TCP SNAT port release" (240 s after FIN, 15 s after RST).
 */
class AzureLoadBalancerOutboundTest {

    @ParameterizedTest
    @CsvSource({"1,1024", "50,1024", "51,512", "100,512", "101,256", "200,256", "201,128", "400,128", "401,64",
        "800,64", "801,32", "1000,32"})
    void theDefaultAllocationTable(int poolSize, int ports) {
        assertThat(AzureLoadBalancerOutbound.defaultPortsPerFrontendIp(poolSize)).isEqualTo(ports);
    }

    @Test
    void hundredVmsGet512PortsPerFrontendIpUpTo1024() {
        assertThat(AzureLoadBalancerOutbound.defaults(1, 100).portsPerInstance(100)).isEqualTo(512);
        assertThat(AzureLoadBalancerOutbound.defaults(2, 100).portsPerInstance(100)).isEqualTo(1_024);
        assertThat(AzureLoadBalancerOutbound.defaults(3, 100).portsPerInstance(100)).isEqualTo(1_024);
    }

    @Test
    void manualAllocationSpreadsFrontendIpsTimes64000OverTheInstances() {
        AzureLoadBalancerOutbound lb = AzureLoadBalancerOutbound.defaults(2, 100);
        assertThat(lb.evenAllocation(100)).isEqualTo(1_280);
        assertThat(lb.frontendPorts()).isEqualTo(128_000);
        assertThat(lb.withAllocatedOutboundPorts(1_280).portsPerInstance(100)).isEqualTo(1_280);
    }

    /** One connection opened and closed every second holds 240 ports: each FIN-closed port is released after 240 s. */
    @Test
    void oneConnectionASecondHolds240Ports() {
        Scenario scenario = Scenarios.perRequest(1, 1, 1, "1ms", "{preset: azure-load-balancer-outbound, natIps: 1}");
        Limit perVm = Limits.compute(scenario).stream().filter(l -> l.resource() == Resource.PORTS_PER_VM).findFirst()
                .orElseThrow();
        assertThat(perVm.demand()).isEqualTo(240.001, within(1e-6));
        assertThat(perVm.capacity()).isEqualTo(1_024);
        assertThat(AzureLoadBalancerOutbound.defaults(1, 1).holdAfter(Close.RST)).isEqualTo(15);
    }

    /** The backend pool size decides the allocation: 100 VMs of 10 pods calling at 1/s with 1 s connections. */
    @Test
    void thePoolSizeComesFromTheScenarioVms() {
        Scenario scenario = Scenarios.perRequest(1_000, 10, 0.2, "1s", "{preset: azure-load-balancer-outbound, natIps: 1}");
        List<Limit> limits = Limits.compute(scenario);
        Limit perVm = limits.stream().filter(l -> l.resource() == Resource.PORTS_PER_VM).findFirst().orElseThrow();
        // 10 pods x 0.2/s x (1 s + 240 s) = 482 of the 512 ports a 100-instance pool gets.
        assertThat(perVm.capacity()).isEqualTo(512);
        assertThat(perVm.demand()).isEqualTo(482, within(1e-6));
        Limit inventory = limits.stream().filter(l -> l.resource() == Resource.NAT_IP_ALLOCATION).findFirst().orElseThrow();
        assertThat(inventory.demand()).isEqualTo(51_200);
        assertThat(inventory.capacity()).isEqualTo(64_000);
    }
}
