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
 *   <li>a namespace with any egress allow (NetworkPolicy or CiliumNetworkPolicy) must also have a
 *       policy of the same kind that selects every pod for egress and allows nothing, or the allow
 *       is not an exception but one more way out;
 *   <li>DNS (port 53 or 853) may go only to pods picked by namespace and pod selector, never to
 *       an address block or to anywhere (§24.2);
 *   <li>a namespace that pods are allowed to reach as their gateway must itself be default-deny,
 *       or the gateway is a relay, not a control;
 *   <li>Cilium's DNS rules name the names they make visible, never {@code *};
 *   <li>a node firewall script drops forwarded traffic by default and drops DNS that does not go
 *       to the cluster resolver.
 * </ul>
 */
public final class BypassCheck {
    private static final String KIND = "NetworkPolicy";
    private static final String CILIUM_KIND = "CiliumNetworkPolicy";

    private BypassCheck() {}

    /** One missing bypass control: the namespace it concerns and what is wrong, naming the objects. */
    public record Gap(String namespace, String message) {
        @Override
        public String toString() {
            return namespace + ": " + message;
        }
    }

    /** The gaps in everything a target emitted: its objects and its node firewall scripts. */
    public static List<Gap> check(Compilation compilation) {
        List<Gap> gaps = new ArrayList<>(check(compilation.manifests()));
        compilation.files().forEach((file, text) -> {
            if (file.toString().endsWith(".nft")) {
                gaps.addAll(checkNodeFirewall(file.toString(), text));
            }
        });
        return gaps;
    }

    public static List<Gap> check(List<Manifest> manifests) {
        List<Gap> gaps = new ArrayList<>(checkNetworkPolicies(manifests));
        gaps.addAll(checkCiliumPolicies(manifests));
        return gaps;
    }

    private static List<Gap> checkNetworkPolicies(List<Manifest> manifests) {
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

    private static List<Gap> checkCiliumPolicies(List<Manifest> manifests) {
        Map<String, List<Manifest>> byNamespace = new TreeMap<>();
        manifests.stream().filter(manifest -> CILIUM_KIND.equals(manifest.kind()) && manifest.namespace() != null)
                .forEach(manifest -> byNamespace.computeIfAbsent(manifest.namespace(), ns -> new ArrayList<>()).add(manifest));
        List<Gap> gaps = new ArrayList<>();
        byNamespace.forEach((namespace, policies) -> {
            List<String> allows = new ArrayList<>();
            boolean defaultDeny = false;
            for (Manifest policy : policies) {
                JsonNode spec = policy.object().path("spec");
                boolean allowsSomething = false;
                for (JsonNode rule : spec.path("egress")) {
                    allowsSomething |= !rule.isEmpty();
                    for (JsonNode toPorts : rule.path("toPorts")) {
                        for (JsonNode dns : toPorts.path("rules").path("dns")) {
                            if ("*".equals(dns.path("matchPattern").asText())) {
                                gaps.add(new Gap(namespace, policy.name() + " makes every name visible (matchPattern \"*\");"
                                        + " the DNS rule must name the record's names"));
                            }
                        }
                    }
                }
                if (allowsSomething) {
                    allows.add(policy.name());
                } else if (selectsEveryPod(spec.path("endpointSelector"))
                        && (spec.path("enableDefaultDeny").path("egress").asBoolean(false) || spec.has("egress"))) {
                    defaultDeny = true;
                }
            }
            if (!allows.isEmpty() && !defaultDeny) {
                gaps.add(new Gap(namespace, "egress is allowed by " + String.join(", ", allows) + ", but no Cilium policy"
                        + " selects every endpoint for egress without allowing anything, so endpoints no allow selects"
                        + " stay open: the allows have no bypass control (default deny, §15, §18)"));
            }
        });
        return gaps;
    }

    /** A node firewall: forwarded traffic dropped unless accepted, and DNS to anything but the resolver dropped. */
    private static List<Gap> checkNodeFirewall(String file, String script) {
        List<Gap> gaps = new ArrayList<>();
        boolean forwardDrops = script.lines().anyMatch(line -> line.contains("hook forward") && line.contains("policy drop"));
        if (!forwardDrops) {
            gaps.add(new Gap(file, "the forward chain does not drop by default (policy drop): what no rule accepts"
                    + " leaves the node, so the accepts have no bypass control (§15, §18)"));
        }
        boolean dnsDropped = script.lines().anyMatch(line -> line.contains("dport { 53, 853 }") && line.contains(" drop"));
        if (!dnsDropped) {
            gaps.add(new Gap(file, "no rule drops DNS (ports 53 and 853) to resolvers other than the cluster's (§24.2)"));
        }
        return gaps;
    }
}
