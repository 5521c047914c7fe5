package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.Endpoint;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The labels Cilium's selectors see on an endpoint, and its selectors made to match them as the
 * agent does ({@code pkg/k8s/apis/cilium.io/utils} and "Limiting Identity-Relevant Labels" in the
 * Cilium 1.18 documentation).
 *
 * <p>An endpoint's labels are its pod labels, less those Cilium leaves out of identities by default
 * ({@code pod-template-hash}, {@code controller-revision-hash}, {@code statefulset.kubernetes.io/pod-name},
 * the {@code kubernetes.io}/{@code k8s.io} prefixes, ...), plus {@code io.kubernetes.pod.namespace},
 * {@code io.cilium.k8s.policy.serviceaccount} and each namespace label {@code k} as
 * {@code io.cilium.k8s.namespace.labels.k}. A cluster that configures its own label list sees
 * other labels; {@code io.cilium.k8s.policy.cluster} (cluster mesh) is not modelled.
 *
 * <p>A selector key may name the label's source: {@code k8s:app} and {@code any:app} both match
 * the pod label {@code app}. Keys of other sources ({@code reserved:host}, ...) name labels only
 * Cilium's special identities carry, which no endpoint of the model has.
 */
final class CiliumIdentity {
    private static final String NAMESPACE = "io.kubernetes.pod.namespace";
    private static final String SERVICE_ACCOUNT = "io.cilium.k8s.policy.serviceaccount";
    private static final String NAMESPACE_LABELS = "io.cilium.k8s.namespace.labels.";
    /** Label key prefixes Cilium's default label filter leaves out of identities. */
    private static final List<String> IGNORED_PREFIXES = List.of(
            "io.kubernetes", "kubernetes.io", "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index",
            "batch.kubernetes.io/job-completion-index", "batch.kubernetes.io/controller-uid", "beta.kubernetes.io",
            "k8s.io", "pod-template-generation", "pod-template-hash", "controller-revision-hash", "annotation",
            "controller-uid", "etcd_node");
    private static final String RESERVED_SOURCE = "reserved:";

    private CiliumIdentity() {}

    static Map<String, String> labels(Endpoint endpoint, Map<String, String> namespaceLabels) {
        Map<String, String> labels = new HashMap<>();
        endpoint.labels().forEach((key, value) -> {
            if (IGNORED_PREFIXES.stream().noneMatch(key::startsWith)) {
                labels.put(key, value);
            }
        });
        namespaceLabels.forEach((key, value) -> labels.put(NAMESPACE_LABELS + key, value));
        labels.put(SERVICE_ACCOUNT, endpoint.serviceAccount());
        labels.put(NAMESPACE, endpoint.namespace());
        return labels;
    }

    /**
     * An {@code endpointSelector}. A CiliumNetworkPolicy's applies only in its own namespace, which
     * the caller ensures; the agent overrides a {@code k8s:} namespace written into it, so that
     * is dropped here.
     */
    static LabelSelector subject(LabelSelector written, boolean clusterwide) {
        return normalized(written, clusterwide ? key -> false : key -> key.equals("k8s:" + NAMESPACE));
    }

    /**
     * A {@code toEndpoints} or {@code fromEndpoints} selector. In a CiliumNetworkPolicy it is
     * confined to the policy's namespace unless it names the namespace, or namespace labels, or
     * {@code reserved:} labels. In a cluster-wide policy it is confined to nothing: the agent
     * only adds that the peer be a pod ({@code io.kubernetes.pod.namespace} exists), which every
     * endpoint the model matches by labels is.
     */
    static LabelSelector peer(LabelSelector written, String policyNamespace) {
        LabelSelector selector = normalized(written, key -> false);
        List<String> keys = new ArrayList<>(selector.getMatchLabels().keySet());
        selector.getMatchExpressions().forEach(requirement -> keys.add(requirement.getKey()));
        boolean confined = policyNamespace != null
                && keys.stream().noneMatch(key -> key.equals(NAMESPACE) || key.startsWith(NAMESPACE_LABELS)
                        || key.startsWith(RESERVED_SOURCE));
        if (confined) {
            selector.getMatchExpressions().add(new LabelSelectorRequirement(NAMESPACE, "In", List.of(policyNamespace)));
        }
        return selector;
    }

    /** A Service's {@code spec.selector}, as Cilium turns a {@code toServices} entry into endpoints. */
    static LabelSelector service(Map<String, String> selector, String serviceNamespace) {
        Map<String, String> matchLabels = new LinkedHashMap<>(selector);
        matchLabels.put(NAMESPACE, serviceNamespace);
        return new LabelSelector(new ArrayList<>(), matchLabels);
    }

    /**
     * The namespaces a selector made by {@link #peer} or {@link #service} can only match endpoints
     * of, when it pins them: by {@code io.kubernetes.pod.namespace} in matchLabels, or with In.
     */
    static Optional<Set<String>> pinnedNamespaces(LabelSelector selector) {
        String namespace = selector.getMatchLabels().get(NAMESPACE);
        if (namespace != null) {
            return Optional.of(Set.of(namespace));
        }
        return selector.getMatchExpressions().stream()
                .filter(requirement -> requirement.getKey().equals(NAMESPACE) && requirement.getOperator().equals("In"))
                .findFirst()
                .map(requirement -> Set.copyOf(requirement.getValues()));
    }

    /** The selector with {@code k8s:}/{@code any:} sources taken off its keys, and the keys {@code drop} accepts left out. */
    private static LabelSelector normalized(LabelSelector written, Predicate<String> drop) {
        Map<String, String> matchLabels = new LinkedHashMap<>();
        if (written.getMatchLabels() != null) {
            written.getMatchLabels().forEach((key, value) -> {
                if (!drop.test(key)) {
                    matchLabels.put(key(key), value);
                }
            });
        }
        List<LabelSelectorRequirement> expressions = new ArrayList<>();
        if (written.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : written.getMatchExpressions()) {
                expressions.add(new LabelSelectorRequirement(key(requirement.getKey()), requirement.getOperator(),
                        requirement.getValues()));
            }
        }
        return new LabelSelector(expressions, matchLabels);
    }

    private static String key(String written) {
        for (String source : List.of("k8s:", "any:")) {
            if (written.startsWith(source)) {
                return written.substring(source.length());
            }
        }
        return written;
    }
}
