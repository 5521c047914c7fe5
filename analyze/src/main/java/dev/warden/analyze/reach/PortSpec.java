package dev.warden.analyze.reach;

import java.util.Set;

/**
 * The port a connection is made to: a number and an IP protocol, as NetworkPolicy ports match
 * it. Named ports in policies are resolved against the destination endpoint's container ports,
 * so traffic is always to a number.
 *
 * @param port 1–65535
 * @param protocol TCP, UDP or SCTP, spelled as the Kubernetes API spells them
 */
public record PortSpec(int port, String protocol) {
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    public PortSpec {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("protocol must be TCP, UDP or SCTP: " + protocol);
        }
    }

    /** {@code port/TCP}. */
    public static PortSpec tcp(int port) {
        return new PortSpec(port, "TCP");
    }

    @Override
    public String toString() {
        return port + "/" + protocol;
    }
}
