package dev.warden.capacity.preset;

import static dev.warden.capacity.preset.Sources.AZURE_NAT;

import java.util.List;

/**
 * Azure NAT Gateway: 64,512 SNAT ports per public IP, shared on demand by every VM of the
 * attached subnets (no per-VM preallocation); up to 16 public IPs; up to 50,000 concurrent
 * connections per public IP to the same destination endpoint and 2 million in all. A port reused
 * for the same destination is held for 65 s after a FIN, 16 s after an RST and 30 s for a half-open
 * connection; idle TCP flows time out after 4 minutes by default (4 to 120).
 */
public record AzureNatGateway(int publicIps, double idleTimeoutSeconds, boolean idleConfigured) implements NatPreset {
    public static final String ID = "azure-nat-gateway";
    public static final int PORTS_PER_IP = 64_512;
    public static final int CONNECTIONS_PER_DESTINATION_PER_IP = 50_000;
    public static final int MAX_IPS = 16;
    public static final int MAX_CONNECTIONS = 2_000_000;
    public static final double FIN_HOLD = 65;
    public static final double RST_HOLD = 16;
    public static final double HALF_OPEN_HOLD = 30;
    public static final double DEFAULT_IDLE_TIMEOUT = 240;
    public static final double MIN_IDLE_TIMEOUT = 240;
    public static final double MAX_IDLE_TIMEOUT = 7200;

    public AzureNatGateway {
        if (publicIps < 1) {
            throw new IllegalArgumentException("publicIps must be at least 1");
        }
    }

    public static AzureNatGateway defaults(int publicIps) {
        return new AzureNatGateway(publicIps, DEFAULT_IDLE_TIMEOUT, false);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int natIps() {
        return publicIps;
    }

    @Override
    public NatPreset withNatIps(int count) {
        return new AzureNatGateway(count, idleTimeoutSeconds, idleConfigured);
    }

    @Override
    public int maxNatIps() {
        return MAX_IPS;
    }

    @Override
    public double holdAfter(Close close) {
        return switch (close) {
            case FIN -> FIN_HOLD;
            case RST -> RST_HOLD;
            case TIMEOUT -> HALF_OPEN_HOLD;
        };
    }

    /** The 4-minute UDP idle timeout, then the 65 s hold down after a UDP flow closes. */
    @Override
    public double udpHold() {
        return DEFAULT_IDLE_TIMEOUT + FIN_HOLD;
    }

    @Override
    public double idleTimeout() {
        return idleTimeoutSeconds;
    }

    /** SNAT ports in all: 64,512 per public IP (16 IPs give 1,032,192, the documented "over 1 million"). */
    public long snatPorts() {
        return (long) PORTS_PER_IP * publicIps;
    }

    public int connectionsPerDestination() {
        return CONNECTIONS_PER_DESTINATION_PER_IP * publicIps;
    }

    @Override
    public List<DocumentedNumber> numbers() {
        return List.of(
                DocumentedNumber.of("SNAT ports per public IP address", "64,512", AZURE_NAT),
                DocumentedNumber.of("public IP addresses per NAT gateway", "16", AZURE_NAT),
                DocumentedNumber.of("SNAT ports with 16 addresses", "1,032,192 (\"over 1 million\")", AZURE_NAT),
                DocumentedNumber.of("concurrent connections per public IP to the same destination endpoint (TCP and UDP)",
                        "50,000", AZURE_NAT),
                DocumentedNumber.of("active connections per NAT gateway", "2,000,000", AZURE_NAT),
                DocumentedNumber.of("SNAT port preallocation per VM", "none: ports are shared on demand", AZURE_NAT),
                DocumentedNumber.of("port reuse timer after TCP FIN (same destination)", "65 s", AZURE_NAT),
                DocumentedNumber.of("port reuse timer after TCP RST (same destination)", "16 s", AZURE_NAT),
                DocumentedNumber.of("TCP half-open timer", "30 s", AZURE_NAT),
                idleConfigured
                        ? DocumentedNumber.configured("TCP idle timeout", Numbers.seconds(idleTimeoutSeconds))
                        : DocumentedNumber.of("TCP idle timeout (configurable 4 to 120 min)", "4 min", AZURE_NAT),
                DocumentedNumber.of("UDP idle timeout (not configurable)", "4 min", AZURE_NAT),
                DocumentedNumber.of("UDP port hold down after a flow closes", "65 s", AZURE_NAT),
                DocumentedNumber.of("public IPs in this scenario", String.valueOf(publicIps), null));
    }
}
