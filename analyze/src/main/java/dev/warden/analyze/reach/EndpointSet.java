package dev.warden.analyze.reach;

import java.util.BitSet;
import java.util.function.Predicate;

/**
 * The endpoints a rule's peer matches by what they are (labels, namespace, IPs), worked out for the
 * whole cluster the first time it is asked, as a bit set over the endpoints' index: the same peer
 * is asked about again and again, for every connection of every endpoint its policy selects.
 */
final class EndpointSet {
    private final ClusterEndpoints endpoints;
    private final Predicate<String> namespaces;
    private final Predicate<EndpointFacts> test;
    /** The bits of a {@link BitSet}, one hop nearer; threads that race work out the same set. */
    private volatile long[] members;

    /**
     * @param namespaces the namespaces members can be in, to look at no others; {@code test} must
     *     itself reject endpoints of other namespaces, since an endpoint the cluster does not have
     *     is asked directly
     * @param test whether an endpoint is a member
     */
    EndpointSet(ClusterEndpoints endpoints, Predicate<String> namespaces, Predicate<EndpointFacts> test) {
        this.endpoints = endpoints;
        this.namespaces = namespaces;
        this.test = test;
    }

    boolean contains(EndpointFacts endpoint) {
        if (endpoint.index() < 0) {
            return test.test(endpoint);
        }
        long[] known = members;
        if (known == null) {
            known = endpoints.select(namespaces, test).toLongArray();
            members = known;
        }
        int index = endpoint.index();
        int word = index >>> 6;
        return word < known.length && (known[word] & 1L << index) != 0;
    }
}
