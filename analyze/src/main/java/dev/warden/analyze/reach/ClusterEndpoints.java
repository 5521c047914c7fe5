package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A cluster's endpoints with their {@link EndpointFacts}, found by identity: callers ask about the
 * same endpoint objects over and over, and hashing a record of labels and ports every time would
 * cost more than the answer. An endpoint the cluster does not have gets facts of its own too.
 */
final class ClusterEndpoints {
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private final Cluster cluster;
    private final Assumptions assumptions;
    private final boolean ciliumLabels;
    private final Map<Endpoint, EndpointFacts> byIdentity = new IdentityHashMap<>();
    private final Map<String, List<EndpointFacts>> byNamespace = new LinkedHashMap<>();
    private final Map<String, EndpointFacts> byAddress = new HashMap<>();
    private final Map<Identity, EndpointFacts> others = new ConcurrentHashMap<>();

    /**
     * @param ciliumLabels whether to work out the labels Cilium sees, and which endpoint each
     *     address belongs to: only Cilium policies ask
     */
    ClusterEndpoints(Cluster cluster, Assumptions assumptions, boolean ciliumLabels) {
        this.cluster = cluster;
        this.assumptions = assumptions;
        this.ciliumLabels = ciliumLabels;
        List<Endpoint> endpoints = cluster.endpoints();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            EndpointFacts facts = newFacts(endpoint, i);
            byIdentity.putIfAbsent(endpoint, facts);
            byNamespace.computeIfAbsent(endpoint.namespace(), namespace -> new ArrayList<>()).add(facts);
            if (ciliumLabels) {
                addAddresses(facts);
            }
        }
    }

    EndpointFacts facts(Endpoint endpoint) {
        EndpointFacts facts = byIdentity.get(endpoint);
        return facts != null ? facts : others.computeIfAbsent(new Identity(endpoint), key -> newFacts(endpoint, -1));
    }

    /** The endpoint an address belongs to, as Cilium sees an address; null when none, or when nothing asks. */
    EndpointFacts owner(byte[] address) {
        return byAddress.get(addressKey(address));
    }

    /** The labels of a namespace, which a namespace only referred to by objects still has one of. */
    Map<String, String> namespaceLabels(String namespace) {
        return cluster.namespaces().getOrDefault(namespace, Map.of(NAMESPACE_NAME_LABEL, namespace));
    }

    /** The indexes of the endpoints in the namespaces {@code namespaces} accepts that {@code test} accepts. */
    BitSet select(Predicate<String> namespaces, Predicate<EndpointFacts> test) {
        BitSet members = new BitSet();
        byNamespace.forEach((namespace, endpoints) -> {
            if (namespaces.test(namespace)) {
                for (EndpointFacts endpoint : endpoints) {
                    if (test.test(endpoint)) {
                        members.set(endpoint.index());
                    }
                }
            }
        });
        return members;
    }

    private EndpointFacts newFacts(Endpoint endpoint, int index) {
        Map<String, String> namespaceLabels = namespaceLabels(endpoint.namespace());
        return new EndpointFacts(endpoint, index, endpoint.hostNetwork() && assumptions.hostNetworkOutsidePolicy(),
                namespaceLabels, ciliumLabels ? CiliumIdentity.labels(endpoint, namespaceLabels) : Map.of());
    }

    /**
     * Every endpoint IP, first endpoint first: several hostNetwork pods share their node's IP, which
     * is the node either way. An IP that does not parse cannot be asked about, so it is left out.
     */
    private void addAddresses(EndpointFacts facts) {
        for (String ip : facts.endpoint().ips()) {
            try {
                byAddress.putIfAbsent(addressKey(Cidr.parseAddress(ip)), facts);
            } catch (IllegalArgumentException notAnAddress) {
                // no question names it
            }
        }
    }

    private static String addressKey(byte[] address) {
        return new String(address, StandardCharsets.ISO_8859_1);
    }

    /** An endpoint by identity, for endpoints the cluster does not have. */
    private record Identity(Endpoint endpoint) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity(Endpoint that) && that == endpoint;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(endpoint);
        }
    }
}
