package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.reach.Peer.EndpointPeer;
import java.util.List;
import java.util.Map;

/**
 * What evaluating policies needs to know about one endpoint, worked out once: its place in the
 * cluster, its namespace's labels, the labels Cilium gives it and, on first use, which policies
 * select it in each direction.
 */
final class EndpointFacts {
    private final Endpoint endpoint;
    private final int index;
    private final boolean outsidePolicy;
    private final Map<String, String> namespaceLabels;
    private final Map<String, String> ciliumLabels;
    private final EndpointPeer asPeer = new EndpointPeer(this);
    // each worked out on first use; threads that race work out the same value
    private volatile Selection egress;
    private volatile Selection ingress;
    private volatile List<byte[]> ips;

    /**
     * @param index the endpoint's place in the cluster's endpoints, which {@link EndpointSet}s are
     *     bit sets over; -1 for an endpoint the cluster does not have
     * @param outsidePolicy whether policies neither select this endpoint nor match it by labels
     *     (a hostNetwork pod, under the common assumption)
     * @param ciliumLabels the labels Cilium's selectors see, see {@link CiliumIdentity}; empty when
     *     the cluster has no Cilium policies to ask
     */
    EndpointFacts(Endpoint endpoint, int index, boolean outsidePolicy, Map<String, String> namespaceLabels,
            Map<String, String> ciliumLabels) {
        this.endpoint = endpoint;
        this.index = index;
        this.outsidePolicy = outsidePolicy;
        this.namespaceLabels = namespaceLabels;
        this.ciliumLabels = ciliumLabels;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    int index() {
        return index;
    }

    boolean outsidePolicy() {
        return outsidePolicy;
    }

    Map<String, String> namespaceLabels() {
        return namespaceLabels;
    }

    Map<String, String> ciliumLabels() {
        return ciliumLabels;
    }

    /** The endpoint as the other end of a connection. */
    EndpointPeer asPeer() {
        return asPeer;
    }

    /** What selects the endpoint for {@code direction}; null until {@link #select} has been told. */
    Selection selection(Direction direction) {
        return direction == Direction.EGRESS ? egress : ingress;
    }

    void select(Direction direction, Selection selection) {
        if (direction == Direction.EGRESS) {
            egress = selection;
        } else {
            ingress = selection;
        }
    }

    /** Parsed on first use, so a malformed IP fails only questions that ipBlocks ask of it. */
    List<byte[]> ips() {
        List<byte[]> parsed = ips;
        if (parsed == null) {
            parsed = endpoint.ips().stream().map(Cidr::parseAddress).toList();
            ips = parsed;
        }
        return parsed;
    }
}
