package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.reach.Destination.ToAddress;
import dev.warden.analyze.reach.Destination.ToEndpoint;
import dev.warden.analyze.reach.Peer.AddressPeer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether one endpoint can connect to another, or to an address, under the cluster's Kubernetes
 * NetworkPolicies and Cilium policies, exactly as Kubernetes and Cilium define them.
 *
 * <p>An instance, from {@link #of(Cluster)}, answers for one cluster, is safe to share between
 * threads, and is meant to be asked many questions: policies are indexed by namespace and compiled
 * once; which policies select an endpoint is worked out once per endpoint, and which endpoints a
 * rule's peer matches once for the whole cluster, when first needed. {@link #allows} answers
 * without building explanations; {@link #verdict} explains both sides.
 *
 * <h2>NetworkPolicy</h2>
 *
 * <p>A pod is isolated for a direction only when a policy with that direction in its
 * {@code policyTypes} selects it; the API server defaults an omitted {@code policyTypes} to
 * Ingress, plus Egress when the policy has egress rules. An isolated pod's allowed connections
 * are the union of what its selecting policies' rules allow. A connection to a pod needs both
 * the source's egress and the destination's ingress to allow it.
 *
 * <p>Where Kubernetes leaves the behaviour to the network plugin, {@link Assumptions} says what
 * is assumed; {@link Assumptions#COMMON_CNI} unless told otherwise. Also:
 *
 * <ul>
 *   <li>A Pod connecting to itself is always allowed, Cilium deny rules or not: the Kubernetes
 *       docs say a pod cannot block access to itself (plugins differ on loopback through the pod
 *       IP; the upstream e2e tests ignore it). A workload controller stands for several pods, so replicas reaching each
 *       other are evaluated like any pair.
 *   <li>An endpoint without IPs (a workload controller, an unscheduled pod) matches no ipBlock.
 *   <li>An endpoint with several IPs (dual-stack) matches an ipBlock when any of them does.
 *   <li>Traffic between a pod and its own node is always allowed by Kubernetes, but endpoints
 *       do not say which node they run on, so an {@link ToAddress address} that is a node IP is
 *       evaluated like any other.
 *   <li>Named ports resolve against the destination endpoint's container ports; an address has none.
 * </ul>
 *
 * <p>Policies the API server would reject are not second-guessed: an {@code except} outside its
 * {@code cidr} excludes nothing, which is what it would mean; a peer with no selector and no
 * ipBlock matches nothing; a malformed CIDR throws {@link IllegalArgumentException} from
 * {@link #of}, an unknown selector operator from the first question that evaluates it.
 *
 * <h2>Cilium policies</h2>
 *
 * <p>CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies are evaluated as Cilium 1.18 (the
 * version of the schemas the reader checks them against) enforces them, with its default agent
 * settings. Sources: the policy language pages of docs.cilium.io (Policy Enforcement Modes, Layer
 * 3 and Layer 4 policies, Deny Policies, Using Kubernetes Constructs in Policy, Limiting
 * Identity-Relevant Labels), the CRD field descriptions in the published schemas, and, where the
 * pages are silent or out of date, the agent's code ({@code pkg/policy/repository.go},
 * {@code pkg/policy/api/rule_validation.go}, {@code pkg/k8s/apis/cilium.io/utils/utils.go},
 * {@code pkg/policy/k8s/service.go}).
 *
 * <ul>
 *   <li><b>One policy set.</b> NetworkPolicies and Cilium policies together decide: a pod is
 *       isolated if either kind isolates it, and a connection is allowed when an allow rule of
 *       either kind matches and no deny rule ({@code egressDeny}, {@code ingressDeny}) does: deny
 *       wins over any allow, NetworkPolicy ones included. A deny rule applies whether or not the pod
 *       is isolated.
 *   <li><b>Isolation.</b> A Cilium rule selecting an endpoint isolates it for egress when it has a
 *       non-empty {@code egress} or {@code egressDeny} list (even {@code egress: [{}]}, which
 *       allows nothing), unless it sets {@code enableDefaultDeny.egress: false}; then its allow
 *       rules only add to what others allow. Likewise for ingress. ({@code egress: []} is no rule.)
 *   <li><b>Labels.</b> Selectors match the labels of {@link CiliumIdentity}: the pod's labels (less
 *       those Cilium leaves out of identities), its namespace, service account and namespace
 *       labels; a {@code k8s:} or {@code any:} source on a selector key is taken off.
 *   <li><b>Namespaces.</b> A CiliumNetworkPolicy's {@code endpointSelector} selects in its own
 *       namespace only, and its {@code toEndpoints}/{@code fromEndpoints} selectors are confined to
 *       it too unless they name {@code io.kubernetes.pod.namespace} or a namespace label
 *       ({@code io.cilium.k8s.namespace.labels.*}: the agent's code lets such a selector cross
 *       namespaces although the Kubernetes constructs page says those labels are ignored in
 *       CiliumNetworkPolicies). A cluster-wide policy's selectors are confined to nothing; an empty
 *       selector {@code {}} selects every endpoint in its scope.
 *   <li><b>Peers.</b> The peers of one rule ({@code toEndpoints}, {@code toCIDR},
 *       {@code toCIDRSet}, {@code toEntities}, {@code toFQDNs}, {@code toServices}) are
 *       alternatives, and {@code toPorts} restricts them. (The agent refuses allow rules that name
 *       two kinds of peer; the reader reports those, so only deny rules combine them.) A rule with
 *       {@code toPorts} and no peer allows those ports to any peer; an empty rule {@code {}}
 *       allows nothing; a rule with {@code icmps} and no {@code toPorts} is about ICMP only, so no
 *       TCP, UDP or SCTP connection.
 *   <li><b>Ports.</b> A port is a number ({@code 0}: every port), a range to {@code endPort}, or a
 *       container port name of the destination; an omitted protocol or {@code ANY} means TCP, UDP
 *       and SCTP. A port with L7 {@code rules} still allows the connection.
 *   <li><b>Who the other end is.</b> An endpoint is seen by its labels. A hostNetwork pod outside
 *       policy is its node: matched by the entities {@code host} and {@code remote-node} (the model
 *       does not know which node it runs on, so both match), {@code cluster} and {@code all}, and
 *       not by selectors or CIDRs. An {@link ToAddress address} is the endpoint whose IP it is, if
 *       any; otherwise it is outside the cluster ({@code world}), cloud metadata's
 *       169.254.169.254 included. Node and Service IPs are not known to the model and count as
 *       outside too.
 *   <li><b>CIDRs</b> ({@code toCIDR}, {@code toCIDRSet} with {@code except}) match only addresses
 *       outside the cluster: by default Cilium's CIDR selectors do not match pods or nodes.
 *       {@code cidrGroupRef} and {@code cidrGroupSelector} name CiliumCIDRGroups, which the model
 *       does not read: they match nothing.
 *   <li><b>Entities.</b> {@code all} matches anything; {@code world} any address outside the
 *       cluster; {@code cluster} every endpoint (and the nodes); {@code host} and
 *       {@code remote-node} hostNetwork pods as above. {@code kube-apiserver}, {@code health},
 *       {@code init}, {@code ingress}, {@code unmanaged} and {@code none} name things that are not
 *       pods of the manifests and whose addresses the model does not know: they match nothing.
 *       ({@code world-ipv4}/{@code world-ipv6} are identities, not entities the 1.18 schema accepts.)
 *   <li><b>toFQDNs</b> match the IPs Cilium learnt from DNS answers, which a model of manifests does
 *       not have, and never cluster endpoints: no destination matches them, and a denied address
 *       says that toFQDNs rules were not evaluated.
 *   <li><b>toServices</b> pick Services by name or by their labels (no namespace: any) and allow
 *       the pods their selectors pick, in the Service's namespace; a Service without selector
 *       stands for endpoints the model does not read, so matches nothing.
 *   <li><b>Not evaluated:</b> {@code nodeSelector} rules (host policies, on the nodes' own
 *       traffic) select no endpoint, and the verdict for a hostNetwork pod says so;
 *       {@code toNodes}/{@code fromNodes} and {@code toGroups} match nothing; {@code toRequires}/
 *       {@code fromRequires} (deprecated) and L7 rules do not restrict anything here.
 * </ul>
 */
public final class Reachability {
    private static final String SELF = "allowed: a pod cannot block access to itself";
    private static final String FQDN_NOTE = "; toFQDNs rules not evaluated against addresses";

    private final ClusterEndpoints endpoints;
    private final NetworkPolicyRules networkPolicies;
    private final CiliumPolicyRules ciliumPolicies;

    private Reachability(Cluster cluster, Assumptions assumptions) {
        Objects.requireNonNull(assumptions, "assumptions");
        this.endpoints = new ClusterEndpoints(cluster, assumptions, !cluster.ciliumPolicies().isEmpty());
        this.networkPolicies = new NetworkPolicyRules(cluster.networkPolicies(), endpoints, assumptions);
        this.ciliumPolicies = new CiliumPolicyRules(cluster.ciliumPolicies(), cluster.services(), endpoints);
    }

    /** {@link #of(Cluster, Assumptions)} with the common CNI assumptions. */
    public static Reachability of(Cluster cluster) {
        return of(cluster, Assumptions.COMMON_CNI);
    }

    /**
     * An evaluator for {@code cluster}'s policies.
     *
     * @throws IllegalArgumentException for a malformed CIDR in a NetworkPolicy
     */
    public static Reachability of(Cluster cluster, Assumptions assumptions) {
        return new Reachability(cluster, assumptions);
    }

    /** {@link #canReach(Cluster, Endpoint, Destination, Assumptions)} with the common CNI assumptions. */
    public static Verdict canReach(Cluster cluster, Endpoint source, Destination destination) {
        return canReach(cluster, source, destination, Assumptions.COMMON_CNI);
    }

    /**
     * One question, for callers that ask one: {@link #of(Cluster, Assumptions)}, then
     * {@link #verdict}. Callers that ask many build the evaluator once with {@link #of}.
     */
    public static Verdict canReach(
            Cluster cluster, Endpoint source, Destination destination, Assumptions assumptions) {
        return of(cluster, assumptions).verdict(source, destination);
    }

    /**
     * Whether {@code source} can open a connection to {@code destination}: the source's egress
     * side and, for an endpoint destination, that endpoint's ingress side, each explained.
     */
    public Verdict verdict(Endpoint source, Destination destination) {
        Connection connection = connection(source, destination);
        SideQuestion egress = connection.egress();
        Side egressSide = explain(egress, decide(egress));
        if (connection.destination() == null) {
            return Verdict.of(egressSide, null);
        }
        SideQuestion ingress = connection.ingress();
        return Verdict.of(egressSide, explain(ingress, decide(ingress)));
    }

    /** {@code verdict(source, destination).allowed()}, without working out the explanations. */
    public boolean allows(Endpoint source, Destination destination) {
        Connection connection = connection(source, destination);
        return decide(connection.egress()).allowed
                && (connection.destination() == null || decide(connection.ingress()).allowed);
    }

    /**
     * The DNS names {@code source}'s egress rules allow by name (Cilium {@code toFQDNs}), each with
     * the policy that allows it; empty for an endpoint outside policy. Address questions never
     * match these rules, so callers that judge destinations by name ask for them here.
     */
    public List<NamedEgress> namedEgress(Endpoint source) {
        EndpointFacts subject = endpoints.facts(source);
        if (subject.outsidePolicy()) {
            return List.of();
        }
        List<NamedEgress> named = new ArrayList<>();
        for (PolicyRule rule : selection(subject, Direction.EGRESS).allows()) {
            rule.names().forEach(name -> named.add(new NamedEgress(rule.policyId(), name)));
        }
        return List.copyOf(named);
    }

    /**
     * A question with its parties looked up.
     *
     * @param target the destination as the source's rules see it
     * @param destination the destination endpoint; null for an address
     */
    private record Connection(EndpointFacts source, Peer target, EndpointFacts destination, PortSpec port, boolean self) {
        SideQuestion egress() {
            return new SideQuestion(Direction.EGRESS, source, target,
                    destination == null ? null : destination.endpoint(), port, self, destination == null);
        }

        SideQuestion ingress() {
            return new SideQuestion(Direction.INGRESS, destination, source.asPeer(), destination.endpoint(),
                    port, self, false);
        }
    }

    /**
     * One side's question: may {@code subject}'s policies let {@code peer} through?
     *
     * @param portOwner the destination endpoint, against whose container ports named ports
     *     resolve; null for an address
     * @param toAddress whether the destination is a bare address
     */
    private record SideQuestion(Direction direction, EndpointFacts subject, Peer peer, Endpoint portOwner,
            PortSpec port, boolean self, boolean toAddress) {
        boolean anyMatches(List<PolicyRule> rules) {
            for (PolicyRule rule : rules) {
                if (rule.matches(peer, portOwner, port)) {
                    return true;
                }
            }
            return false;
        }

        /** The policies whose rules among {@code rules} match, in order. */
        List<String> matching(List<PolicyRule> rules) {
            Set<String> ids = new LinkedHashSet<>();
            for (PolicyRule rule : rules) {
                if (rule.matches(peer, portOwner, port)) {
                    ids.add(rule.policyId());
                }
            }
            return List.copyOf(ids);
        }
    }

    private Connection connection(Endpoint source, Destination destination) {
        Objects.requireNonNull(source, "source");
        EndpointFacts from = endpoints.facts(source);
        return switch (destination) {
            case ToAddress to -> {
                byte[] address = Cidr.parseAddress(to.ip());
                yield new Connection(from, new AddressPeer(address, endpoints.owner(address)), null, to.port(), false);
            }
            case ToEndpoint to -> {
                EndpointFacts target = endpoints.facts(to.endpoint());
                yield new Connection(from, target.asPeer(), target, to.port(), isSamePod(source, to.endpoint()));
            }
        };
    }

    /** Why a side allows or denies, in the order it is decided. */
    private enum Outcome {
        OUTSIDE_POLICY(true),
        NOT_SELECTED(true),
        NOT_ISOLATED(true),
        SELF(true),
        DENIED_BY_RULE(false),
        ALLOWED_BY_RULE(true),
        NO_RULE_MATCHES(false);

        final boolean allowed;

        Outcome(boolean allowed) {
            this.allowed = allowed;
        }
    }

    private Outcome decide(SideQuestion question) {
        EndpointFacts subject = question.subject();
        if (subject.outsidePolicy()) {
            return Outcome.OUTSIDE_POLICY;
        }
        Selection selection = selection(question);
        if (!selection.isolated() && selection.denies().isEmpty()) {
            return selection.selectedWithoutDefaultDenyBy().isEmpty() ? Outcome.NOT_SELECTED : Outcome.NOT_ISOLATED;
        }
        if (question.self()) {
            return Outcome.SELF;
        }
        if (question.anyMatches(selection.denies())) {
            return Outcome.DENIED_BY_RULE;
        }
        if (!selection.isolated()) {
            return Outcome.NOT_ISOLATED;
        }
        return question.anyMatches(selection.allows()) ? Outcome.ALLOWED_BY_RULE : Outcome.NO_RULE_MATCHES;
    }

    private Side explain(SideQuestion question, Outcome outcome) {
        String type = question.direction().type;
        return switch (outcome) {
            case OUTSIDE_POLICY -> new Side(true, false, List.of(),
                    "allowed: not isolated (hostNetwork pod, assumed outside NetworkPolicy)" + hostPolicyNote());
            case NOT_SELECTED -> new Side(true, false, List.of(),
                    "allowed: not isolated (no policy selects it for " + type + ")");
            case NOT_ISOLATED -> {
                List<String> selecting = selection(question).selectedWithoutDefaultDenyBy();
                yield new Side(true, false, List.of(), "allowed: not isolated (" + String.join(", ", selecting)
                        + (selecting.size() == 1 ? " selects" : " select") + " it for " + type + " without default deny)");
            }
            case SELF -> new Side(true, selection(question).isolated(), List.of(), SELF);
            case DENIED_BY_RULE -> {
                List<String> denying = question.matching(selection(question).denies());
                yield new Side(false, selection(question).isolated(), denying, "denied by " + String.join(", ", denying));
            }
            case ALLOWED_BY_RULE -> {
                List<String> allowing = question.matching(selection(question).allows());
                yield new Side(true, true, allowing, "allowed by " + String.join(", ", allowing));
            }
            case NO_RULE_MATCHES -> {
                Selection selection = selection(question);
                yield new Side(false, true, selection.isolatedBy(),
                        "denied: isolated by " + String.join(", ", selection.isolatedBy()) + ", no rule matches"
                                + (question.toAddress() && selection.fqdnRules() ? FQDN_NOTE : ""));
            }
        };
    }

    private String hostPolicyNote() {
        List<String> hostPolicies = ciliumPolicies.hostPolicies();
        return hostPolicies.isEmpty() ? ""
                : "; host policies (nodeSelector) of " + String.join(", ", hostPolicies) + " not evaluated";
    }

    private static boolean isSamePod(Endpoint source, Endpoint target) {
        return source.kind().equals("Pod") && target.kind().equals("Pod") && source.id().equals(target.id());
    }

    /** What selects the side's endpoint for its direction, worked out on first use. */
    private Selection selection(SideQuestion question) {
        return selection(question.subject(), question.direction());
    }

    private Selection selection(EndpointFacts subject, Direction direction) {
        Selection selection = subject.selection(direction);
        if (selection == null) {
            Selection.Builder builder = new Selection.Builder();
            networkPolicies.select(subject.endpoint(), direction, builder);
            ciliumPolicies.select(subject.endpoint(), subject.ciliumLabels(), direction, builder);
            selection = builder.build();
            subject.select(direction, selection);
        }
        return selection;
    }
}
