package dev.warden.analyze.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What each finding id means in general, for reports that describe a rule apart from its results
 * (SARIF's {@code rules}, which code scanning shows above every alert). A finding's own why and fix
 * name its subject; these do not.
 */
final class RuleDescriptions {
    /**
     * @param summary one line, what is wrong
     * @param explanation why it matters for egress control
     * @param remedy what to change, in general
     */
    record RuleText(String summary, String explanation, String remedy) {}

    /** The remedy of an id without text of its own: its results' messages carry their fixes. */
    static final String RESULT_REMEDY = "Each result's message says what to change.";

    private static final Map<String, RuleText> KNOWN = Map.ofEntries(
            Map.entry("no-default-deny-egress", new RuleText(
                    "Pods without a default-deny egress policy",
                    "No NetworkPolicy isolates these pods for Egress, so they may open connections to any"
                            + " destination, and so may every workload added to the namespace later. Egress"
                            + " control starts from a default deny, with each allowed destination an exception.",
                    "Add a NetworkPolicy with `podSelector: {}`, `policyTypes: [Egress]` and no egress rules to"
                            + " the namespace, then allow what each workload needs, cluster DNS first.")),
            Map.entry("egress-isolated-without-dns", new RuleText(
                    "Egress-isolated workload cannot reach cluster DNS",
                    "The workload's egress is restricted but no rule lets it reach the cluster DNS pods, so its"
                            + " name lookups fail. The quick fix people reach for, port 53 to anywhere, lets it"
                            + " use outside resolvers and bypass DNS logging and DNS-based policy.",
                    "Allow 53/UDP and 53/TCP to the cluster DNS pods only (namespaceSelector kube-system with"
                            + " podSelector k8s-app: kube-dns), and admit the workload on the DNS pods' ingress"
                            + " if they are isolated.")),
            Map.entry("dns-egress-too-broad", new RuleText(
                    "DNS egress allowed beyond cluster DNS",
                    "An egress rule allows port 53 or 853 to an ipBlock or to every destination, so the selected"
                            + " pods can query resolvers outside the cluster: DNS logging is lost, DNS-based"
                            + " policy is bypassed and DNS becomes a channel for data.",
                    "Allow ports 53 and 853 only to the cluster DNS pods or NodeLocal DNS; keep ipBlock and"
                            + " empty-`to` rules to the other ports they need.")),
            Map.entry("egress-to-anywhere", new RuleText(
                    "Egress rule allows every address",
                    "An egress rule with an empty `to`, or an ipBlock of 0.0.0.0/0 or ::/0 that does not except"
                            + " the private ranges, gives the selected pods direct egress to the internet and the"
                            + " cluster network, around any proxy or gateway.",
                    "Name the destinations instead: pod and namespace selectors inside the cluster, narrow ipBlocks"
                            + " or the egress gateway outside it; a wide ipBlock that must stay needs `except`"
                            + " for 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (fc00::/7 for IPv6).")),
            Map.entry("metadata-reachable", new RuleText(
                    "Workload can reach the cloud metadata service",
                    "The workload can connect to 169.254.169.254, which hands the node's cloud credentials to any"
                            + " caller: a way out of the cluster's trust boundary.",
                    "Default-deny the workload's egress and allow only what it needs; any wide ipBlock it keeps"
                            + " needs `except: [169.254.0.0/16]`.")),
            Map.entry("host-network-pod", new RuleText(
                    "Pod uses the node's network namespace",
                    "A hostNetwork pod is outside NetworkPolicy and its traffic leaves as the node's, so pod-level"
                            + " egress control does not apply to it.",
                    "Remove `hostNetwork: true`; where it must stay, restrict the node's egress (cloud firewall,"
                            + " host policy) and keep the workload in a reviewed system namespace.")),
            Map.entry("privileged-pod", new RuleText(
                    "Privileged container",
                    "A privileged container can change the node's network configuration and firewall, undoing"
                            + " egress control for every pod on the node.",
                    "Remove `securityContext.privileged: true` and add only the capabilities the container needs.")),
            Map.entry("net-admin-capability", new RuleText(
                    "Container adds NET_ADMIN",
                    "NET_ADMIN lets a container rewrite its pod's routes and iptables, undoing a sidecar proxy's"
                            + " or mesh's redirection of its egress.",
                    "Remove NET_ADMIN (and ALL) from `securityContext.capabilities.add`; mesh setup belongs in"
                            + " an init container or the CNI plugin.")),
            Map.entry("net-raw-capability", new RuleText(
                    "Container adds NET_RAW",
                    "NET_RAW lets a container craft packets and open raw sockets, traffic a transparent proxy"
                            + " does not see.",
                    "Remove NET_RAW (and ALL) from `securityContext.capabilities.add`, and consider dropping it,"
                            + " as container runtimes grant it by default.")),
            Map.entry("proxy-env-but-direct-egress-open", new RuleText(
                    "Workload configured for a proxy can also connect directly",
                    "The workload sets HTTP_PROXY or HTTPS_PROXY, yet its egress also allows direct connections"
                            + " to public addresses, so a library that ignores the proxy, or an attacker, bypasses"
                            + " the proxy's policy and audit.",
                    "Default-deny the workload's egress and allow only the proxy's pods and port, and cluster DNS.")),
            Map.entry("external-name-service", new RuleText(
                    "ExternalName Service aliases an outside destination",
                    "Workloads reach an external host under an in-cluster Service name, which an egress review of"
                            + " Services and policies easily misses.",
                    "Review the external host as an egress destination and allow it through the proxy or gateway"
                            + " explicitly, then remove the alias or point it at a `.svc.cluster.local` name.")),
            Map.entry("egress-gateway-single-replica", new RuleText(
                    "Egress gateway or proxy runs a single replica",
                    "Every workload whose egress goes through this gateway or proxy loses egress while its one pod"
                            + " restarts, is evicted or has its node drained; failing closed, nothing takes over.",
                    "Run at least two replicas spread across nodes and zones (pod anti-affinity or"
                            + " `topologySpreadConstraints`), with a PodDisruptionBudget keeping one available.")),
            Map.entry("egress-gateway-no-disruption-budget", new RuleText(
                    "Egress gateway or proxy can lose every replica to a drain",
                    "No PodDisruptionBudget keeps a replica of the egress path running, so a node drain or cluster"
                            + " upgrade may evict them all at once and cut egress for every workload behind them.",
                    "Add a PodDisruptionBudget selecting the gateway's pods with `minAvailable: 1` (or a"
                            + " `maxUnavailable` below its replica count).")),
            Map.entry("mesh-outbound-allow-any", new RuleText(
                    "Mesh sidecars pass traffic to unknown hosts",
                    "With the outbound traffic policy ALLOW_ANY, sidecars forward connections to hosts outside the"
                            + " service registry directly, so the mesh's egress gateway and its policy are optional.",
                    "Set the outbound traffic policy to REGISTRY_ONLY (mesh config or a Sidecar resource) and"
                            + " declare each external host as a ServiceEntry routed through the egress gateway.")),
            Map.entry("mesh-egress-gateway-bypassable", new RuleText(
                    "Mesh workload can go around the egress gateway",
                    "The workload's sidecar routes egress through the mesh's egress gateway, but its NetworkPolicy"
                            + " still admits public addresses: a container with NET_ADMIN or a pod without injection"
                            + " leaves directly, outside the gateway's policy and audit.",
                    "Default-deny the workload's egress and allow only the egress gateway's pods and cluster DNS;"
                            + " at the network edge let only the gateway's addresses out.")),
            Map.entry("record-source-not-deployed", new RuleText(
                    "Registry record matches no deployed workload",
                    "An egress record's source selects nothing in the manifests: either a standing permission nobody"
                            + " uses, or a wrong selector that leaves the intended workload without its record.",
                    "Correct the record's source (namespace, service account, pod labels) or delete the record"
                            + " when the dependency is gone.")),
            Map.entry("record-not-enforced", new RuleText(
                    "Registry record is not enforced",
                    "The registry limits this workload's egress, but no NetworkPolicy isolates it, so it may connect"
                            + " anywhere: the review describes a control the cluster does not apply.",
                    "Apply what `warden compile` emits for the registry (a default deny and the record's allow).")),
            Map.entry("record-path-bypassable", new RuleText(
                    "Workload can bypass its registered egress path",
                    "The registry sends this workload through a gateway or proxy, yet its egress policies also allow"
                            + " public addresses directly, so the path's policy and audit are optional for it.",
                    "Narrow the workload's egress to the path's pods and port and cluster DNS; remove ipBlocks and"
                            + " empty `to` rules that reach public addresses.")),
            Map.entry("record-path-blocked", new RuleText(
                    "Registered dependency is blocked by deployed policy",
                    "The registry approves this dependency, but the deployed policies do not let the workload reach"
                            + " it: the call fails at run time, and the usual quick fix is a broad allow.",
                    "Allow the workload's egress to the record's path or destination, as `warden compile` emits it,"
                            + " and the destination's ingress where it is isolated.")),
            Map.entry("undeclared-external-destination", new RuleText(
                    "Egress to a destination the registry does not declare",
                    "The manifests let workloads reach an outside destination no registry record covers: an egress"
                            + " path without a reviewed owner, purpose or data classification.",
                    "Declare the dependency in the registry and let `warden compile` write its allow, or remove"
                            + " the rule or object that opens the path.")),
            Map.entry("wildcard-broader-than-registrable-domain", new RuleText(
                    "Host wildcard broader than one owner's domain",
                    "The wildcard covers names that anyone can register under a shared suffix (a public suffix or a"
                            + " hosting domain such as s3.amazonaws.com), so it admits attacker-controlled hosts.",
                    "List the exact hosts, or narrow the wildcard to `*.` and the registrable domain of the vendor"
                            + " that owns the names.")));

    private RuleDescriptions() {}

    /** The text for {@code id}; for an id without one, its words as a summary, so a new finding still renders. */
    static RuleText of(String id) {
        RuleText known = KNOWN.get(id);
        if (known != null) {
            return known;
        }
        String words = id.replace('-', ' ');
        String summary = words.isEmpty() ? id : Character.toUpperCase(words.charAt(0)) + words.substring(1);
        return new RuleText(summary, summary + ".", RESULT_REMEDY);
    }

    /** {@code no-default-deny-egress} → {@code NoDefaultDenyEgress}, the form SARIF's rule names take. */
    static String name(String id) {
        return Arrays.stream(id.split("-"))
                .filter(word -> !word.isEmpty())
                .map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1))
                .collect(Collectors.joining());
    }
}
