package dev.warden.analyze.cluster;

import dev.warden.analyze.cluster.cilium.CiliumPolicy;
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
 * @param ciliumPolicies CiliumNetworkPolicies, then CiliumClusterwideNetworkPolicies, each by id:
 *     with the NetworkPolicies they form one policy set
 * @param services Services, which Cilium's {@code toServices} rules select pods through
 * @param skippedKinds kinds the analyzer does not read, with how many objects of each were skipped
 */
public record Cluster(
        Map<String, Map<String, String>> namespaces,
        List<Endpoint> endpoints,
        List<PolicyObject> networkPolicies,
        List<CiliumPolicy> ciliumPolicies,
        List<ServiceObject> services,
        Map<String, Integer> skippedKinds) {
    public Cluster {
        namespaces = Map.copyOf(namespaces);
        endpoints = List.copyOf(endpoints);
        networkPolicies = List.copyOf(networkPolicies);
        ciliumPolicies = List.copyOf(ciliumPolicies);
        services = List.copyOf(services);
        skippedKinds = Map.copyOf(skippedKinds);
    }

    /** A cluster whose only policies are Kubernetes NetworkPolicies, as most tests and tools build one. */
    public Cluster(
            Map<String, Map<String, String>> namespaces,
            List<Endpoint> endpoints,
            List<PolicyObject> networkPolicies,
            Map<String, Integer> skippedKinds) {
        this(namespaces, endpoints, networkPolicies, List.of(), List.of(), skippedKinds);
    }
}
