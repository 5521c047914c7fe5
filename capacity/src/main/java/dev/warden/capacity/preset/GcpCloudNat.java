package dev.warden.capacity.preset;

import static dev.warden.capacity.preset.Sources.GCP_API;
import static dev.warden.capacity.preset.Sources.GCP_PORTS;
import static dev.warden.capacity.preset.Sources.GCP_RELEASE_NOTES;
import static dev.warden.capacity.preset.Sources.GCP_TIMEOUTS;

import java.util.ArrayList;
import java.util.List;

/**
 * Google Cloud NAT (Public NAT). Each NAT IP address has 64,512 source ports per protocol. With
 * static port allocation every VM (every GKE node, shared by its pods) gets {@code minPortsPerVm}
 * ports (default 64, rounded up to a power of two), and that number bounds its simultaneous
 * connections to one destination (IP, port, protocol); so one NAT IP serves 64,512 / minPortsPerVm
 * VMs. With dynamic port allocation a VM starts at {@code minPortsPerVm} (default 32) and grows to
 * {@code maxPortsPerVm} (default 65,536). After an orderly close the port is held for the TCP
 * TIME_WAIT timeout (default 120 s; 30 s on gateways created after the change announced in the
 * 2026-03-31 release note); after a reset or an unanswered SYN for the transitory idle timeout
 * (30 s); idle established connections are dropped after 1,200 s.
 */
public record GcpCloudNat(int natIps, int minPortsPerVm, boolean dynamicPortAllocation, int maxPortsPerVm,
        double tcpTimeWait, double tcpTransitoryIdle, double tcpEstablishedIdle, List<String> configured)
        implements NatPreset {
    public static final String ID = "gcp-cloud-nat";
    public static final int PORTS_PER_IP = 64_512;
    public static final int DEFAULT_MIN_PORTS_STATIC = 64;
    public static final int DEFAULT_MIN_PORTS_DYNAMIC = 32;
    public static final int DEFAULT_MAX_PORTS_DYNAMIC = 65_536;
    public static final double DEFAULT_TCP_TIME_WAIT = 120;
    public static final double NEW_GATEWAY_TCP_TIME_WAIT = 30;
    public static final double DEFAULT_TCP_TRANSITORY_IDLE = 30;
    public static final double DEFAULT_TCP_ESTABLISHED_IDLE = 1200;
    public static final double UDP_IDLE = 30;

    public GcpCloudNat {
        if (natIps < 1) {
            throw new IllegalArgumentException("natIps must be at least 1");
        }
        minPortsPerVm = roundUpToPowerOfTwo(minPortsPerVm);
        maxPortsPerVm = roundUpToPowerOfTwo(maxPortsPerVm);
        configured = List.copyOf(configured);
    }

    public static GcpCloudNat defaults(int natIps, boolean dynamic) {
        return new GcpCloudNat(natIps, dynamic ? DEFAULT_MIN_PORTS_DYNAMIC : DEFAULT_MIN_PORTS_STATIC, dynamic,
                DEFAULT_MAX_PORTS_DYNAMIC, DEFAULT_TCP_TIME_WAIT, DEFAULT_TCP_TRANSITORY_IDLE,
                DEFAULT_TCP_ESTABLISHED_IDLE, List.of());
    }

    /** Cloud NAT rounds a configured port count up to the next power of two (50 becomes 64). */
    public static int roundUpToPowerOfTwo(int ports) {
        if (ports <= 1) {
            return 1;
        }
        int highest = Integer.highestOneBit(ports);
        return highest == ports ? ports : Math.min(highest << 1, 1 << 30);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public NatPreset withNatIps(int count) {
        return new GcpCloudNat(count, minPortsPerVm, dynamicPortAllocation, maxPortsPerVm, tcpTimeWait,
                tcpTransitoryIdle, tcpEstablishedIdle, configured);
    }

    /** A copy with another TIME_WAIT timeout: what "shorten the hold" advice tries. */
    public GcpCloudNat withTcpTimeWait(double seconds) {
        return new GcpCloudNat(natIps, minPortsPerVm, dynamicPortAllocation, maxPortsPerVm, seconds, tcpTransitoryIdle,
                tcpEstablishedIdle, configured);
    }

    @Override
    public int maxNatIps() {
        return 0;
    }

    @Override
    public double holdAfter(Close close) {
        return close == Close.FIN ? tcpTimeWait : tcpTransitoryIdle;
    }

    @Override
    public double udpHold() {
        return UDP_IDLE;
    }

    @Override
    public double idleTimeout() {
        return tcpEstablishedIdle;
    }

    /** VMs one NAT IP serves at the minimum allocation: 64,512 / minPortsPerVm (1,008 at the default 64). */
    public int vmsPerNatIp() {
        return PORTS_PER_IP / minPortsPerVm;
    }

    /** NAT IPs a gateway needs so every VM gets its minimum: ceil(VMs x minPortsPerVm / 64,512). */
    public int natIpsNeeded(long vms) {
        return (int) Math.max(1, (vms * minPortsPerVm + PORTS_PER_IP - 1) / PORTS_PER_IP);
    }

    /** The most simultaneous connections one VM can hold to one destination tuple. */
    public int portsPerVmPerDestination() {
        long pool = (long) PORTS_PER_IP * natIps;
        return (int) Math.min(dynamicPortAllocation ? maxPortsPerVm : minPortsPerVm, pool);
    }

    @Override
    public List<DocumentedNumber> numbers() {
        List<DocumentedNumber> numbers = new ArrayList<>();
        numbers.add(DocumentedNumber.of("source ports per NAT IP address (per protocol; 1024-65535)", "64,512", GCP_PORTS));
        numbers.add(number("minPortsPerVm", "minimum ports per VM (static allocation default 64; dynamic default 32;"
                + " rounded up to a power of two)", String.valueOf(minPortsPerVm), GCP_PORTS));
        numbers.add(DocumentedNumber.of("VMs per NAT IP at that minimum (64,512 / minPortsPerVm)",
                Numbers.count(vmsPerNatIp()), GCP_PORTS));
        numbers.add(DocumentedNumber.of("simultaneous connections from one VM to one destination (IP, port, protocol)",
                "the VM's allocated ports", GCP_PORTS));
        numbers.add(number("dynamicPortAllocation", "dynamic port allocation", dynamicPortAllocation ? "on" : "off", GCP_API));
        if (dynamicPortAllocation) {
            numbers.add(number("maxPortsPerVm", "maximum ports per VM with dynamic allocation (default 65,536)",
                    Numbers.count(maxPortsPerVm), GCP_API));
        }
        numbers.add(number("tcpTimeWait", "TCP TIME_WAIT timeout: port hold after an orderly close (default 120 s)",
                Numbers.seconds(tcpTimeWait), GCP_TIMEOUTS));
        numbers.add(DocumentedNumber.of("TIME_WAIT default for gateways created after the change", "30 s", GCP_RELEASE_NOTES));
        numbers.add(number("tcpTransitoryIdle", "TCP transitory idle timeout: hold after a reset or unanswered SYN"
                + " (default 30 s)", Numbers.seconds(tcpTransitoryIdle), GCP_TIMEOUTS));
        numbers.add(number("tcpEstablishedIdle", "TCP established idle timeout (default 1,200 s)",
                Numbers.seconds(tcpEstablishedIdle), GCP_TIMEOUTS));
        numbers.add(DocumentedNumber.of("UDP mapping idle timeout", "30 s", GCP_TIMEOUTS));
        numbers.add(DocumentedNumber.of("NAT IPs in this scenario", String.valueOf(natIps), null));
        return numbers;
    }

    private DocumentedNumber number(String option, String name, String value, Source source) {
        return configured.contains(option) ? DocumentedNumber.configured(name, value) : DocumentedNumber.of(name, value, source);
    }
}
