package dev.warden.analyze.reach;

/** The other end of a connection, as a rule's peers see it. */
sealed interface Peer {
    /** A pod or workload of the cluster. */
    record EndpointPeer(EndpointFacts endpoint) implements Peer {}

    /**
     * A bare address.
     *
     * @param owner the endpoint whose IP it is, which Cilium, knowing every endpoint's IP, sees
     *     instead of the address; null for an address no endpoint has, and always null when the
     *     cluster has no Cilium policies to ask
     */
    record AddressPeer(byte[] address, EndpointFacts owner) implements Peer {}
}
