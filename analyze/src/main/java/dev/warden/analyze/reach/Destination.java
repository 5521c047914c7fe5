package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.Endpoint;
import java.util.Objects;

/** Where a connection goes: a pod (or workload) the cluster runs, or a bare IP address. */
public sealed interface Destination {
    /** The port and protocol connected to. */
    PortSpec port();

    /**
     * A pod or workload in the cluster: both the source's egress and this endpoint's ingress
     * must allow the connection.
     */
    record ToEndpoint(Endpoint endpoint, PortSpec port) implements Destination {
        public ToEndpoint {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(port, "port");
        }
    }

    /**
     * An IP address, typically outside the cluster: only the source's egress is evaluated, and
     * only ipBlock peers can match it. To ask about a pod, use {@link ToEndpoint}, which also
     * evaluates that pod's ingress.
     *
     * @param ip an IPv4 or IPv6 literal
     */
    record ToAddress(String ip, PortSpec port) implements Destination {
        public ToAddress {
            Objects.requireNonNull(port, "port");
            // fail here, on the caller's input, rather than deep in policy evaluation
            Cidr.parseAddress(ip);
        }
    }
}
