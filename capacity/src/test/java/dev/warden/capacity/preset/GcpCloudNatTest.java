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
 * Worked examples from Google's "Cloud NAT: IP addresses and ports" (64,512 source ports per NAT
 * IP; a VM's allocated ports bound its simultaneous connections to one destination IP, port and
 * protocol; VMs per NAT IP = 64,512 / minimum ports per VM, 1,008 at the default 64),
 * "Compute Engine API reference: RouterNat" (minPortsPerVm is rounded up to a power of two: 50
 * gives 64; dynamic allocation defaults to 32 minimum and 65,536 maximum) and "Cloud NAT: Tune NAT
 * configuration" (TIME_WAIT 120 s, transitory 30 s, established 1,200 s).
 */
class GcpCloudNatTest {

    @Test
    void oneNatIpServes1008VmsAtTheDefault64PortsPerVm() {
        GcpCloudNat nat = GcpCloudNat.defaults(1, false);
        assertThat(nat.minPortsPerVm()).isEqualTo(64);
        assertThat(nat.vmsPerNatIp()).isEqualTo(1_008);
        assertThat(nat.natIpsNeeded(1_008)).isEqualTo(1);
        assertThat(nat.natIpsNeeded(1_009)).isEqualTo(2);
        assertThat(new GcpCloudNat(1, 1024, false, 65_536, 120, 30, 1200, java.util.List.of()).vmsPerNatIp()).isEqualTo(63);
    }

    @Test
    void portsPerVmRoundUpToAPowerOfTwoAndDynamicAllocationHasItsDefaults() {
        assertThat(GcpCloudNat.roundUpToPowerOfTwo(50)).isEqualTo(64);
        assertThat(GcpCloudNat.roundUpToPowerOfTwo(64)).isEqualTo(64);
        GcpCloudNat dynamic = GcpCloudNat.defaults(1, true);
        assertThat(dynamic.minPortsPerVm()).isEqualTo(32);
        assertThat(dynamic.maxPortsPerVm()).isEqualTo(65_536);
        // A VM can draw at most a NAT IP's 64,512 ports with one IP.
        assertThat(dynamic.portsPerVmPerDestination()).isEqualTo(64_512);
    }

    @Test
    void timeoutsGiveTheHoldAfterClose() {
        GcpCloudNat nat = GcpCloudNat.defaults(1, false);
        assertThat(nat.holdAfter(Close.FIN)).isEqualTo(120);
        assertThat(nat.holdAfter(Close.RST)).isEqualTo(30);
        assertThat(nat.holdAfter(Close.TIMEOUT)).isEqualTo(30);
        assertThat(nat.idleTimeout()).isEqualTo(1200);
    }

    /** A VM with 64 ports can hold 64 simultaneous connections to one destination; the 65th has no port. */
    @Test
    void aVmWith64PortsHolds64ConnectionsToOneDestination() {
        Scenario full = Scenarios.pooled(64, 64, 1, "{preset: gcp-cloud-nat, natIps: 1}");
        Limit perVm = Limits.compute(full).stream().filter(l -> l.resource() == Resource.PORTS_PER_VM).findFirst().orElseThrow();
        assertThat(perVm.capacity()).isEqualTo(64);
        assertThat(perVm.demand()).isEqualTo(64, within(1e-9));
        assertThat(perVm.exhausted()).isTrue();

        Scenario lighter = Scenarios.pooled(63, 64, 1, "{preset: gcp-cloud-nat, natIps: 1}");
        Limit ok = Limits.compute(lighter).stream().filter(l -> l.resource() == Resource.PORTS_PER_VM).findFirst().orElseThrow();
        assertThat(ok.exhausted()).isFalse();
    }

    /** 1,009 VMs at 64 ports need 64,576 ports: more than one NAT IP's 64,512. */
    @Test
    void moreVmsThanOneNatIpServesExhaustTheInventory() {
        Scenario scenario = Scenarios.pooled(1_009, 1, 1, "{preset: gcp-cloud-nat, natIps: 1}");
        Limit inventory = Limits.compute(scenario).stream().filter(l -> l.resource() == Resource.NAT_IP_ALLOCATION)
                .findFirst().orElseThrow();
        assertThat(inventory.capacity()).isEqualTo(64_512);
        assertThat(inventory.demand()).isEqualTo(1_009 * 64);
        assertThat(inventory.exhausted()).isTrue();

        Scenario two = Scenarios.pooled(1_009, 1, 1, "{preset: gcp-cloud-nat, natIps: 2}");
        assertThat(Limits.compute(two).stream().filter(l -> l.resource() == Resource.NAT_IP_ALLOCATION)
                .findFirst().orElseThrow().exhausted()).isFalse();
    }
}
