package dev.warden.capacity.preset;

import static dev.warden.capacity.preset.Sources.AZURE_LB;
import static dev.warden.capacity.preset.Sources.AZURE_LB_RELEASE;

import java.util.ArrayList;
import java.util.List;

/**
 * Azure Load Balancer outbound SNAT (outbound rules or load-balancing rules). Each frontend IP
 * gives 64,000 SNAT ports; each backend instance is preallocated a fixed number and cannot use
 * more: by default from the backend-pool-size table (1,024 ports for up to 50 instances down to
 * 32 for 801-1,000), per frontend IP and at most 1,024 in all; or {@code allocatedOutboundPorts}
 * set on an outbound rule. A TCP SNAT port serves one connection per destination IP and port. It
 * is released 240 s after a FIN, 15 s after an RST, and when the idle timeout (default 4 min)
 * expires.
 */
public record AzureLoadBalancerOutbound(int frontendIps, int allocatedOutboundPorts, int backendPoolSize,
        double idleTimeoutSeconds, List<String> configured) implements NatPreset {
    public static final String ID = "azure-load-balancer-outbound";
    public static final int PORTS_PER_FRONTEND_IP = 64_000;
    public static final int DEFAULT_ALLOCATION_CAP = 1_024;
    public static final double FIN_RELEASE = 240;
    public static final double RST_RELEASE = 15;
    public static final double DEFAULT_IDLE_TIMEOUT = 240;

    /** The default port allocation table: upper bound of backend pool size and ports per frontend IP. */
    public static final int[][] DEFAULT_TABLE = {{50, 1024}, {100, 512}, {200, 256}, {400, 128}, {800, 64}, {1000, 32}};

    public AzureLoadBalancerOutbound {
        if (frontendIps < 1) {
            throw new IllegalArgumentException("frontendIps must be at least 1");
        }
        configured = List.copyOf(configured);
    }

    /** Default allocation for a backend pool of {@code backendPoolSize} instances (0: the scenario's VM count). */
    public static AzureLoadBalancerOutbound defaults(int frontendIps, int backendPoolSize) {
        return new AzureLoadBalancerOutbound(frontendIps, 0, backendPoolSize, DEFAULT_IDLE_TIMEOUT, List.of());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int natIps() {
        return frontendIps;
    }

    @Override
    public NatPreset withNatIps(int count) {
        return new AzureLoadBalancerOutbound(count, allocatedOutboundPorts, backendPoolSize, idleTimeoutSeconds, configured);
    }

    /** A copy that allocates {@code ports} per instance on an outbound rule. */
    public AzureLoadBalancerOutbound withAllocatedOutboundPorts(int ports) {
        List<String> options = new ArrayList<>(configured);
        options.add("allocatedOutboundPorts");
        return new AzureLoadBalancerOutbound(frontendIps, ports, backendPoolSize, idleTimeoutSeconds, options);
    }

    @Override
    public int maxNatIps() {
        return 0;
    }

    @Override
    public double holdAfter(Close close) {
        return switch (close) {
            case FIN -> FIN_RELEASE;
            case RST -> RST_RELEASE;
            case TIMEOUT -> idleTimeoutSeconds;
        };
    }

    @Override
    public double udpHold() {
        return idleTimeoutSeconds;
    }

    @Override
    public double idleTimeout() {
        return idleTimeoutSeconds;
    }

    /** The table row for a pool of {@code instances}; pools above 1,000 are not in the table and get its last row. */
    public static int defaultPortsPerFrontendIp(int instances) {
        for (int[] row : DEFAULT_TABLE) {
            if (instances <= row[0]) {
                return row[1];
            }
        }
        return DEFAULT_TABLE[DEFAULT_TABLE.length - 1][1];
    }

    /** Ports each backend instance gets: allocatedOutboundPorts, or min(table x frontend IPs, 1,024). */
    public int portsPerInstance(int instances) {
        if (allocatedOutboundPorts > 0) {
            return allocatedOutboundPorts;
        }
        return Math.min(defaultPortsPerFrontendIp(instances) * frontendIps, DEFAULT_ALLOCATION_CAP);
    }

    /** The manual allocation that spreads every frontend port: frontend IPs x 64,000 / instances, a multiple of 8. */
    public int evenAllocation(int instances) {
        long ports = (long) frontendIps * PORTS_PER_FRONTEND_IP / Math.max(1, instances);
        return (int) Math.min(PORTS_PER_FRONTEND_IP, ports / 8 * 8);
    }

    public long frontendPorts() {
        return (long) PORTS_PER_FRONTEND_IP * frontendIps;
    }

    @Override
    public List<DocumentedNumber> numbers() {
        List<DocumentedNumber> numbers = new ArrayList<>();
        numbers.add(DocumentedNumber.of("SNAT ports per frontend IP", "64,000", AZURE_LB));
        numbers.add(DocumentedNumber.of("default ports per instance per frontend IP by backend pool size",
                "1-50: 1,024; 51-100: 512; 101-200: 256; 201-400: 128; 401-800: 64; 801-1,000: 32", AZURE_LB));
        numbers.add(DocumentedNumber.of("default allocation cap per instance, whatever the frontend IPs", "1,024", AZURE_LB));
        numbers.add(DocumentedNumber.assumed("default allocation above 1,000 instances", "32",
                AZURE_LB, "the table ends at 1,000 instances; the model keeps its last row"));
        numbers.add(configured.contains("allocatedOutboundPorts")
                ? DocumentedNumber.configured("allocatedOutboundPorts per instance (outbound rule)",
                        Numbers.count(allocatedOutboundPorts))
                : DocumentedNumber.of("allocatedOutboundPorts", "0: default allocation", AZURE_LB));
        numbers.add(DocumentedNumber.of("manual ports per instance to spread every port",
                "frontend IPs x 64,000 / backend instances", AZURE_LB));
        numbers.add(DocumentedNumber.of("connections one TCP SNAT port serves", "one per destination IP and port", AZURE_LB));
        numbers.add(DocumentedNumber.of("SNAT port release after FIN", "240 s", AZURE_LB_RELEASE));
        numbers.add(DocumentedNumber.of("SNAT port release after RST", "15 s", AZURE_LB_RELEASE));
        numbers.add(configured.contains("idleTimeout")
                ? DocumentedNumber.configured("idle timeout", Numbers.seconds(idleTimeoutSeconds))
                : DocumentedNumber.of("idle timeout (4 to 120 min via outbound rules); an unanswered SYN is released at it",
                        "4 min", AZURE_LB));
        numbers.add(DocumentedNumber.of("UDP SNAT port release", "at the idle timeout", AZURE_LB_RELEASE));
        numbers.add(DocumentedNumber.of("frontend IPs in this scenario", String.valueOf(frontendIps), null));
        return numbers;
    }
}
