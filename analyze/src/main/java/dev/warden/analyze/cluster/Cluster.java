package dev.warden.analyze.cluster;

import java.util.List;
import java.util.Map;

/**
 * What a set of manifests says is deployed, as the analyzer reasons about it.
 *
 * @param namespaces namespace name → its labels, including {@code kubernetes.io/metadata.name}
 *     as the API server sets it; namespaces only referred to by objects are present with that
 *     label alone
 * @param endpoints pods and workload controllers, by {@link Endpoint#id()} order
 * @param networkPolicies Kubernetes NetworkPolicies
 * @param skippedKinds kinds the analyzer does not read, with how many objects of each were skipped
 */
public record Cluster(
        Map<String, Map<String, String>> namespaces,
        List<Endpoint> endpoints,
        List<PolicyObject> networkPolicies,
        Map<String, Integer> skippedKinds) {
    public Cluster {
        namespaces = Map.copyOf(namespaces);
        endpoints = List.copyOf(endpoints);
        networkPolicies = List.copyOf(networkPolicies);
        skippedKinds = Map.copyOf(skippedKinds);
    }
}
