package dev.warden.compile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * "Every egress control must have a matching bypass control" (§18), checked on the emitted
 * NetworkPolicies alone — it reads what was written, not the registry or the compiler's intent,
 * so a compiler bug or a hand-deleted object is caught the same way:
 *
 * <ul>
 *   <li>a namespace with any egress allow must also have a policy that selects every pod for
 *       Egress and allows nothing, or the allow is not an exception but one more way out;
 *   <li>DNS (port 53 or 853) may go only to pods picked by namespace and pod selector, never to
 *       an address block or to anywhere (§24.2);
 *   <li>a namespace that pods are allowed to reach as their gateway must itself be default-deny,
 *       or the gateway is a relay, not a control.
 * </ul>
 */
public final class BypassCheck {
    private static final String KIND = "NetworkPolicy";

    private BypassCheck() {}

    /** One missing bypass control: the namespace it concerns and what is wrong, naming the objects. */
    public record Gap(String namespace, String message) {
        @Override
        public String toString() {
            return namespace + ": " + message;
        }
    }

    public static List<Gap> check(List<Manifest> manifests) {
        Map<String, List<Manifest>> byNamespace = new TreeMap<>();
        manifests.stream().filter(manifest -> KIND.equals(manifest.kind()) && manifest.namespace() != null)
                .forEach(manifest -> byNamespace.computeIfAbsent(manifest.namespace(), ns -> new ArrayList<>()).add(manifest));
        List<Gap> gaps = new ArrayList<>();
        Set<String> reachedAsGateway = new TreeSet<>();
        byNamespace.forEach((namespace, policies) -> {
            List<String> allows = new ArrayList<>();
            boolean defaultDeny = false;
            for (Manifest policy : policies) {
                JsonNode spec = policy.object().path("spec");
                if (!selectsEgress(spec)) {
                    continue;
                }
                JsonNode egress = spec.path("egress");
                if (egress.isMissingNode() || egress.isEmpty()) {
                    defaultDeny |= selectsEveryPod(spec.path("podSelector"));
                    continue;
                }
                allows.add(policy.name());
                for (JsonNode rule : egress) {
                    if (allowsDns(rule) && !onlyToSelectedPods(rule)) {
                        gaps.add(new Gap(namespace, policy.name() + " lets DNS go beyond selected pods (an ipBlock or"
                                + " any destination); DNS must go only to the cluster DNS pods (§24.2)"));
                    }
                    for (JsonNode peer : rule.path("to")) {
                        String target = peer.path("namespaceSelector").path("matchLabels")
                                .path(KubeObjects.NAMESPACE_NAME_LABEL).asText(null);
                        if (target != null && !peer.path("podSelector").isMissingNode() && !allowsDns(rule)) {
                            reachedAsGateway.add(target);
                        }
                    }
                }
            }
            if (!allows.isEmpty() && !defaultDeny) {
                gaps.add(new Gap(namespace, "egress is allowed by " + String.join(", ", allows) + ", but no policy selects"
                        + " every pod for Egress without rules, so everything else is open too: the allows have no"
                        + " bypass control (default deny, §15, §18)"));
            }
        });
        for (String gateway : reachedAsGateway) {
            boolean defaultDeny = byNamespace.getOrDefault(gateway, List.of()).stream()
                    .map(policy -> policy.object().path("spec"))
                    .anyMatch(spec -> selectsEgress(spec) && spec.path("egress").isEmpty()
                            && selectsEveryPod(spec.path("podSelector")));
            if (!defaultDeny) {
                gaps.add(new Gap(gateway, "pods are allowed to reach this namespace's pods as their way out, but its own"
                        + " egress is not default-deny, so it relays anything: the gateway has no bypass control"));
            }
        }
        return gaps;
    }

    private static boolean selectsEgress(JsonNode spec) {
        for (JsonNode type : spec.path("policyTypes")) {
            if ("Egress".equals(type.asText())) {
                return true;
            }
        }
        // The API server defaults policyTypes to include Egress when the policy has an egress section.
        return spec.path("policyTypes").isMissingNode() && spec.has("egress");
    }

    private static boolean selectsEveryPod(JsonNode selector) {
        return selector.isObject() && selector.path("matchLabels").isEmpty()
                && selector.path("matchExpressions").isEmpty();
    }

    private static boolean allowsDns(JsonNode rule) {
        JsonNode ports = rule.path("ports");
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode port : ports) {
            int first = port.path("port").asInt(-1);
            int last = port.path("endPort").asInt(first);
            if (first == -1 || (first <= 53 && last >= 53) || (first <= 853 && last >= 853)) {
                return true;
            }
        }
        return false;
    }

    /** Every peer names pods (a pod selector, with or without a namespace selector), none an address block. */
    private static boolean onlyToSelectedPods(JsonNode rule) {
        JsonNode to = rule.path("to");
        if (to.isMissingNode() || to.isEmpty()) {
            return false;
        }
        for (JsonNode peer : to) {
            if (peer.has("ipBlock") || !peer.has("podSelector")) {
                return false;
            }
        }
        return true;
    }
}
