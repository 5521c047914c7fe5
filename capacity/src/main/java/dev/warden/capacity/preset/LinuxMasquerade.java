package dev.warden.capacity.preset;

import static dev.warden.capacity.preset.Sources.IPTABLES_SNAT;
import static dev.warden.capacity.preset.Sources.KUBE_PROXY;
import static dev.warden.capacity.preset.Sources.LINUX_CONNTRACK;
import static dev.warden.capacity.preset.Sources.LINUX_IP_SYSCTL;

import java.util.ArrayList;
import java.util.List;

/**
 * Linux masquerade on each node (iptables/nftables MASQUERADE with conntrack): pod connections
 * leave with the node's address. Without a port range, source ports of 1024 and above are mapped
 * to 1024-65535, so one node address holds 64,512 connections to one destination tuple. Every
 * flow takes a conntrack entry until its timeout: TIME_WAIT 120 s after an orderly close, CLOSE
 * 10 s after a reset, SYN_SENT 120 s for an unanswered SYN, established 5 days (kube-proxy sets
 * 24 h). The table holds nf_conntrack_max entries: kube-proxy sets max(32,768 x CPU cores,
 * 131,072); a plain kernel sets it to nf_conntrack_buckets (memory / 16,384, within 1,024 and
 * 262,144). ip_local_port_range (32768-60999) bounds connections a node or pod opens from its own
 * address, not masqueraded ones.
 */
public record LinuxMasquerade(int addressesPerNode, int conntrackMaxSet, int cpuCores, long nodeMemoryBytes,
        boolean kubeProxy, int firstPort, int lastPort, double tcpTimeWait, double tcpClose, double tcpSynSent,
        double tcpEstablished, List<String> configured) implements NatPreset {
    public static final String ID = "linux-masquerade";
    public static final int MASQUERADE_FIRST_PORT = 1024;
    public static final int MASQUERADE_LAST_PORT = 65_535;
    public static final int LOCAL_PORT_RANGE_FIRST = 32_768;
    public static final int LOCAL_PORT_RANGE_LAST = 60_999;
    public static final double TIME_WAIT = 120;
    public static final double CLOSE = 10;
    public static final double SYN_SENT = 120;
    public static final double KERNEL_ESTABLISHED = 432_000;
    public static final double UDP_TIMEOUT = 30;
    public static final double KUBE_PROXY_ESTABLISHED = 86_400;
    public static final int KUBE_PROXY_MAX_PER_CORE = 32_768;
    public static final int KUBE_PROXY_MIN = 131_072;
    public static final int MIN_BUCKETS = 1_024;
    public static final int MAX_BUCKETS = 262_144;

    public LinuxMasquerade {
        if (addressesPerNode < 1) {
            throw new IllegalArgumentException("addressesPerNode must be at least 1");
        }
        configured = List.copyOf(configured);
    }

    public static LinuxMasquerade defaults() {
        return new LinuxMasquerade(1, 0, 0, 0, true, MASQUERADE_FIRST_PORT, MASQUERADE_LAST_PORT, TIME_WAIT, CLOSE,
                SYN_SENT, KUBE_PROXY_ESTABLISHED, List.of());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int natIps() {
        return addressesPerNode;
    }

    @Override
    public NatPreset withNatIps(int count) {
        return new LinuxMasquerade(count, conntrackMaxSet, cpuCores, nodeMemoryBytes, kubeProxy, firstPort, lastPort,
                tcpTimeWait, tcpClose, tcpSynSent, tcpEstablished, configured);
    }

    @Override
    public int maxNatIps() {
        return 0;
    }

    @Override
    public double holdAfter(Close close) {
        return switch (close) {
            case FIN -> tcpTimeWait;
            case RST -> tcpClose;
            case TIMEOUT -> tcpSynSent;
        };
    }

    @Override
    public double udpHold() {
        return UDP_TIMEOUT;
    }

    @Override
    public double idleTimeout() {
        return tcpEstablished;
    }

    /** Source ports per node address for one destination tuple (64,512 for 1024-65535). */
    public int portsPerAddress() {
        return lastPort - firstPort + 1;
    }

    /** The conntrack table size: as set, as kube-proxy sets it, or the kernel default for the node's memory. */
    public int conntrackMax() {
        if (conntrackMaxSet > 0) {
            return conntrackMaxSet;
        }
        if (kubeProxy) {
            return (int) Math.max((long) KUBE_PROXY_MAX_PER_CORE * Math.max(0, cpuCores), KUBE_PROXY_MIN);
        }
        return kernelBuckets(nodeMemoryBytes);
    }

    /** nf_conntrack_buckets by default: memory / 16,384, never below 1,024 nor above 262,144. */
    public static int kernelBuckets(long memoryBytes) {
        return (int) Math.min(MAX_BUCKETS, Math.max(MIN_BUCKETS, memoryBytes / 16_384));
    }

    @Override
    public List<DocumentedNumber> numbers() {
        List<DocumentedNumber> numbers = new ArrayList<>();
        numbers.add(option("portRange", "masquerade source ports per node address (ports >= 1024 map to 1024-65535)",
                firstPort + "-" + lastPort + " (" + Numbers.count(portsPerAddress()) + ")", IPTABLES_SNAT));
        numbers.add(DocumentedNumber.of("ip_local_port_range (connections a node or pod opens itself)",
                "32768-60999 (28,232)", LINUX_IP_SYSCTL));
        String how = conntrackMaxSet > 0 ? "" : kubeProxy
                ? cpuCores > 0 ? " = max(32,768 x " + cpuCores + " cores, 131,072) set by kube-proxy"
                        : " = kube-proxy's --conntrack-min (CPU cores not given)"
                : " = nf_conntrack_buckets for the node's memory";
        numbers.add(conntrackMaxSet > 0 ? DocumentedNumber.configured("nf_conntrack_max", Numbers.count(conntrackMaxSet))
                : DocumentedNumber.of("nf_conntrack_max" + how, Numbers.count(conntrackMax()),
                        kubeProxy ? KUBE_PROXY : LINUX_CONNTRACK));
        numbers.add(DocumentedNumber.of("kernel nf_conntrack_max default", "nf_conntrack_buckets = memory / 16,384,"
                + " within 1,024 and 262,144", LINUX_CONNTRACK));
        numbers.add(option("tcpTimeWait", "nf_conntrack_tcp_timeout_time_wait: hold after an orderly close",
                Numbers.seconds(tcpTimeWait), LINUX_CONNTRACK));
        numbers.add(option("tcpClose", "nf_conntrack_tcp_timeout_close: hold after a reset", Numbers.seconds(tcpClose),
                LINUX_CONNTRACK));
        numbers.add(option("tcpSynSent", "nf_conntrack_tcp_timeout_syn_sent: hold for an unanswered SYN",
                Numbers.seconds(tcpSynSent), LINUX_CONNTRACK));
        numbers.add(option("tcpEstablished", "established idle timeout (kernel 432,000 s; kube-proxy 86,400 s)",
                Numbers.seconds(tcpEstablished), kubeProxy ? KUBE_PROXY : LINUX_CONNTRACK));
        numbers.add(DocumentedNumber.of("nf_conntrack_udp_timeout: a UDP flow's entry after its last packet", "30 s",
                LINUX_CONNTRACK));
        numbers.add(DocumentedNumber.of("SNAT addresses per node in this scenario", String.valueOf(addressesPerNode), null));
        return numbers;
    }

    private DocumentedNumber option(String option, String name, String value, Source source) {
        return configured.contains(option) ? DocumentedNumber.configured(name, value) : DocumentedNumber.of(name, value, source);
    }
}
