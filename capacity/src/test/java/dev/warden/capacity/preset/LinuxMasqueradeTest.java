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
 * Worked examples from the Linux documentation: "IP Sysctl" (ip_local_port_range defaults to
 * 32768 60999), "Netfilter Conntrack Sysfs variables" (nf_conntrack_buckets = memory / 16384
 * within 1024 and 262144; nf_conntrack_max = nf_conntrack_buckets; TIME_WAIT 120 s, CLOSE 10 s,
 * SYN_SENT 120 s, established 432000 s), iptables-extensions(8) SNAT (ports of 1024 and above
 * map to 1024 or above) and the kube-proxy reference (--conntrack-max-per-core 32768,
 * --conntrack-min 131072, established 24 h).
 */
class LinuxMasqueradeTest {

    @Test
    void portRanges() {
        LinuxMasquerade linux = LinuxMasquerade.defaults();
        assertThat(linux.portsPerAddress()).isEqualTo(64_512);
        assertThat(LinuxMasquerade.LOCAL_PORT_RANGE_LAST - LinuxMasquerade.LOCAL_PORT_RANGE_FIRST + 1).isEqualTo(28_232);
    }

    @Test
    void conntrackMaxAsKubeProxyAndTheKernelSetIt() {
        assertThat(LinuxMasquerade.defaults().conntrackMax()).isEqualTo(131_072);
        LinuxMasquerade eightCores = new LinuxMasquerade(1, 0, 8, 0, true, 1024, 65_535, 120, 10, 120, 86_400, List.of());
        assertThat(eightCores.conntrackMax()).isEqualTo(262_144);
        assertThat(LinuxMasquerade.kernelBuckets(1L << 30)).isEqualTo(65_536);
        assertThat(LinuxMasquerade.kernelBuckets(64L << 30)).isEqualTo(262_144);
        assertThat(LinuxMasquerade.kernelBuckets(8L << 20)).isEqualTo(1_024);
    }

    @Test
    void conntrackTimeoutsAreTheHolds() {
        LinuxMasquerade linux = LinuxMasquerade.defaults();
        assertThat(linux.holdAfter(Close.FIN)).isEqualTo(120);
        assertThat(linux.holdAfter(Close.RST)).isEqualTo(10);
        assertThat(linux.holdAfter(Close.TIMEOUT)).isEqualTo(120);
        assertThat(linux.idleTimeout()).isEqualTo(86_400);
    }

    /** 50 pods on a node opening 10 connections a second, each open 1 s then 120 s in TIME_WAIT: 60,500 entries. */
    @Test
    void aBusyNodeFillsItsConntrackTableBeforeItsPorts() {
        Scenario scenario = Scenarios.perRequest(50, 50, 10, "1s", "{preset: linux-masquerade, conntrackMax: 60000}");
        List<Limit> limits = Limits.of(scenario);
        Limit conntrack = limits.stream().filter(l -> l.resource() == Resource.CONNTRACK).findFirst().orElseThrow();
        Limit ports = limits.stream().filter(l -> l.resource() == Resource.PORTS_PER_VM).findFirst().orElseThrow();
        assertThat(conntrack.demand()).isEqualTo(50 * 10 * 121.0, within(1e-6));
        assertThat(conntrack.exhausted()).isTrue();
        assertThat(ports.capacity()).isEqualTo(64_512);
        assertThat(Limits.firstToRunOut(limits)).get().extracting(Limit::resource).isEqualTo(Resource.CONNTRACK);
    }
}
