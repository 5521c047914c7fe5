package dev.warden.compile.cilium;

import static dev.warden.compile.KubeObjects.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.LabelSelector;
import java.util.Map;
import java.util.TreeMap;

/**
 * Label selectors as Cilium reads them. Cilium keeps a pod's namespace and service account as
 * labels of the endpoint ({@code io.kubernetes.pod.namespace},
 * {@code io.cilium.k8s.policy.serviceaccount}), so one selector names namespace, service account
 * and pod labels together — which a cluster-scoped CiliumEgressGatewayPolicy and a
 * {@code toEndpoints} peer in another namespace both need.
 */
final class CiliumSelectors {
    static final String NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
    static final String SERVICE_ACCOUNT_LABEL = "io.cilium.k8s.policy.serviceaccount";
    /**
     * The source of labels that come from Kubernetes, as Cilium writes it; in a network policy it
     * keeps a label of another source (say, a container runtime's) from matching.
     */
    static final String KUBERNETES_SOURCE = "k8s:";

    private CiliumSelectors() {}

    /**
     * A record's pods within its own namespace, for the {@code endpointSelector} of a namespaced
     * policy (Cilium adds the policy's namespace itself): service account if named, pod labels if
     * any; neither selects every pod of the namespace.
     */
    static ObjectNode endpoints(EgressDependency.Source source) {
        Map<String, String> fixed = new TreeMap<>();
        if (source.serviceAccount() != null) {
            fixed.put(SERVICE_ACCOUNT_LABEL, source.serviceAccount());
        }
        return selector(fixed, source.podSelector(), KUBERNETES_SOURCE);
    }

    /**
     * A record's pods for a cluster-scoped object: namespace, service account and pod labels,
     * unprefixed as the egress gateway documentation writes them.
     */
    static ObjectNode clusterWide(EgressDependency.Source source) {
        Map<String, String> fixed = new TreeMap<>();
        fixed.put(NAMESPACE_LABEL, source.namespace());
        if (source.serviceAccount() != null) {
            fixed.put(SERVICE_ACCOUNT_LABEL, source.serviceAccount());
        }
        return selector(fixed, source.podSelector(), "");
    }

    /** Pods of {@code namespace} picked by {@code selector}: a peer of a {@code toEndpoints} rule. */
    static ObjectNode pods(String namespace, LabelSelector selector) {
        return selector(Map.of(NAMESPACE_LABEL, namespace), selector, KUBERNETES_SOURCE);
    }

    /** {@code fixed} labels and the selector's own, every key prefixed with {@code keyPrefix}. */
    private static ObjectNode selector(Map<String, String> fixed, LabelSelector selector, String keyPrefix) {
        Map<String, String> labels = new TreeMap<>();
        fixed.forEach((key, value) -> labels.put(keyPrefix + key, value));
        ObjectNode node = JSON.objectNode();
        if (selector != null) {
            selector.matchLabels().forEach((key, value) -> labels.put(keyPrefix + key, value));
        }
        if (!labels.isEmpty()) {
            ObjectNode matchLabels = node.putObject("matchLabels");
            labels.forEach(matchLabels::put);
        }
        if (selector != null && !selector.matchExpressions().isEmpty()) {
            ArrayNode expressions = node.putArray("matchExpressions");
            selector.matchExpressions().forEach(requirement -> {
                ObjectNode expression = expressions.addObject().put("key", keyPrefix + requirement.key())
                        .put("operator", requirement.operator().wireName());
                if (!requirement.values().isEmpty()) {
                    ArrayNode values = expression.putArray("values");
                    requirement.values().stream().sorted().forEach(values::add);
                }
            });
        }
        return node;
    }
}
