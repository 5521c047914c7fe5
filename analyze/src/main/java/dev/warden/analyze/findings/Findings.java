package dev.warden.analyze.findings;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.PolicyObject;
import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.reach.Cidr;
import dev.warden.analyze.reach.Destination;
import dev.warden.analyze.reach.PortSpec;
import dev.warden.analyze.reach.Reachability;
import dev.warden.analyze.reach.Side;
import dev.warden.analyze.reach.Verdict;
import dev.warden.analyze.read.ReadObject;
import dev.warden.analyze.read.ReadResult;
import dev.warden.registry.LoadedRegistry;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The seed's failure modes, looked for in what is deployed: missing default deny, DNS and
 * direct-egress gaps, bypass-capable pods, and aliases to outside destinations. Reachability
 * questions are answered by {@link Reachability} with the common CNI assumptions, so a finding
 * says only what Kubernetes NetworkPolicy semantics imply.
 */
public final class Findings {
    /** Cloud metadata service (AWS, GCP, Azure, OpenStack): it hands out the node's credentials. */
    static final Destination METADATA = new Destination.ToAddress("169.254.169.254", PortSpec.tcp(80));
    /** A documentation address (RFC 5737) standing for any public destination. */
    static final Destination PUBLIC = new Destination.ToAddress("203.0.113.10", PortSpec.tcp(443));
    static final PortSpec DNS_UDP = new PortSpec(53, "UDP");

    private static final String KUBE_SYSTEM = "kube-system";
    private static final List<Integer> DNS_PORTS = List.of(53, 853);
    private static final List<Cidr> PRIVATE_IPV4 = prefixes("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
    private static final List<Cidr> PRIVATE_IPV6 = prefixes("fc00::/7");
    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::id)
            .thenComparing(Finding::subject)
            .thenComparing(finding -> finding.objects().toString());

    private final ReadResult read;
    private final Cluster cluster;
    private final List<ReadObject> objects;
    private final Reachability reach;
    private final Function<Collection<String>, List<Involved>> policyObjects;
    private final Map<SourceRef, Endpoint> endpointsBySource;

    private Findings(ReadResult read) {
        this.read = read;
        this.cluster = read.cluster();
        this.objects = read.objects();
        this.reach = Reachability.of(cluster);
        this.policyObjects = Involved.policies(cluster);
        this.endpointsBySource = cluster.endpoints().stream()
                .collect(Collectors.toMap(Endpoint::source, Function.identity()));
    }

    /**
     * Every finding for what {@code read} holds, ordered by id, then subject.
     *
     * @throws IllegalArgumentException for a policy the API server would have rejected (a
     *     malformed CIDR, an unknown selector operator), as {@link Reachability} does
     */
    public static List<Finding> analyze(ReadResult read) {
        return sorted(new Findings(read).deployed());
    }

    /**
     * {@link #analyze(ReadResult)} plus what the manifests show against {@code registry}: records
     * whose enforcement is absent or broken, and reachable external destinations no record
     * declares; {@code today} decides which of the registry's exceptions still count.
     */
    public static List<Finding> analyze(ReadResult read, LoadedRegistry registry, LocalDate today) {
        List<Finding> found = new ArrayList<>(new Findings(read).deployed());
        found.addAll(RegistryFindings.find(read, registry, today));
        return sorted(found);
    }

    private static List<Finding> sorted(List<Finding> findings) {
        return findings.stream().sorted(ORDER).toList();
    }

    private List<Finding> deployed() {
        return Stream.of(
                        MeshFindings.find(read),
                        GatewayAvailabilityFindings.find(read),
                        WildcardHostFindings.find(read),
                        noDefaultDenyEgress(),
                        egressIsolatedWithoutDns(),
                        broadEgressRules(),
                        metadataReachable(),
                        bypassCapablePods(),
                        proxyButDirectEgress(),
                        externalNameServices())
                .flatMap(List::stream)
                .toList();
    }

    /**
     * Per namespace without a default deny: one finding when nothing in it is egress-isolated;
     * otherwise one per workload left out, since a namespace finding would hide which ones.
     * hostNetwork pods are outside NetworkPolicy, so a default deny would not help them;
     * {@code host-network-pod} reports those.
     */
    private List<Finding> noDefaultDenyEgress() {
        Map<String, List<Endpoint>> byNamespace = new TreeMap<>(cluster.endpoints().stream()
                .filter(endpoint -> !endpoint.hostNetwork())
                .collect(Collectors.groupingBy(Endpoint::namespace)));
        List<Finding> found = new ArrayList<>();
        byNamespace.forEach((namespace, endpoints) -> {
            if (cluster.networkPolicies().stream().anyMatch(policy -> isDefaultDenyEgress(policy, namespace))) {
                return;
            }
            List<Endpoint> open = endpoints.stream().filter(endpoint -> !egressIsolated(endpoint)).toList();
            if (open.size() == endpoints.size()) {
                found.add(new Finding("no-default-deny-egress", namespace, Severity.MEDIUM,
                        open.stream().map(Involved::of).toList(),
                        "No NetworkPolicy selects every pod of namespace " + namespace + " for Egress, so its pods,"
                                + " and any workload added later, may connect anywhere. Egress control starts from"
                                + " a default deny; every allowed destination is an exception to it.",
                        "Add a NetworkPolicy in " + namespace + " with `podSelector: {}`, `policyTypes: [Egress]`"
                                + " and no egress rules, then allow what each workload needs, cluster DNS first."));
            } else {
                open.forEach(endpoint -> found.add(new Finding("no-default-deny-egress", endpoint.id(),
                        Severity.MEDIUM, List.of(Involved.of(endpoint)),
                        "Namespace " + namespace + " has egress policies, but none selects " + endpoint.id()
                                + " for Egress, so it may connect anywhere while its neighbours are restricted.",
                        "Add a NetworkPolicy in " + namespace + " with `podSelector: {}`, `policyTypes: [Egress]`"
                                + " and no egress rules (a default deny), or one selecting " + endpoint.id()
                                + "'s pod labels with `policyTypes: [Egress]` and the destinations it needs.")));
            }
        });
        return found;
    }

    /**
     * Only when the manifests include cluster DNS: without it, whether a workload can reach DNS is
     * unknowable, and reporting every isolated workload would be noise.
     */
    private List<Finding> egressIsolatedWithoutDns() {
        List<Endpoint> dns = cluster.endpoints().stream().filter(Findings::isClusterDns).toList();
        if (dns.isEmpty()) {
            return List.of();
        }
        List<Finding> found = new ArrayList<>();
        for (Endpoint endpoint : cluster.endpoints()) {
            if (isClusterDns(endpoint) || !egressIsolated(endpoint)) {
                continue;
            }
            List<Verdict> verdicts = dns.stream()
                    .map(server -> reach.verdict(endpoint, new Destination.ToEndpoint(server, DNS_UDP)))
                    .toList();
            if (verdicts.stream().anyMatch(Verdict::allowed)) {
                continue;
            }
            // the policies that said no: the source's isolating ones, or the DNS pods' ingress ones
            List<Involved> involved = new ArrayList<>();
            involved.add(Involved.of(endpoint));
            dns.forEach(server -> involved.add(Involved.of(server)));
            involved.addAll(describePolicies(verdicts.stream()
                    .flatMap(verdict -> Stream.of(verdict.egress(), verdict.ingress()))
                    .filter(side -> !side.allowed())
                    .flatMap(side -> side.policies().stream())
                    .toList()));
            String servers = dns.stream().map(Endpoint::id).collect(Collectors.joining(", "));
            found.add(new Finding("egress-isolated-without-dns", endpoint.id(), Severity.MEDIUM, involved,
                    endpoint.id() + " is egress-isolated but cannot reach cluster DNS (" + servers + ") on 53/UDP,"
                            + " so its name lookups fail; the usual quick fix, opening port 53 to anywhere, lets"
                            + " pods use outside resolvers and bypass DNS logging and DNS-based policy.",
                    "Allow egress from " + endpoint.id() + " on 53/UDP and 53/TCP to the cluster DNS pods only:"
                            + " a `to` peer with `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name:"
                            + " kube-system}}` and `podSelector: {matchLabels: {k8s-app: kube-dns}}`; if the DNS"
                            + " pods are ingress-isolated, admit it there too."));
        }
        return found;
    }

    /** {@code dns-egress-too-broad} and {@code egress-to-anywhere}: one finding per policy, naming its rules. */
    private List<Finding> broadEgressRules() {
        List<Finding> found = new ArrayList<>();
        for (PolicyObject policy : cluster.networkPolicies()) {
            NetworkPolicySpec spec = policy.policy().getSpec();
            if (spec == null || !isolatesEgress(spec) || spec.getEgress() == null) {
                continue;
            }
            List<String> dnsRules = new ArrayList<>();
            List<String> anywhereRules = new ArrayList<>();
            for (int i = 0; i < spec.getEgress().size(); i++) {
                NetworkPolicyEgressRule rule = spec.getEgress().get(i);
                boolean toAll = isEmpty(rule.getTo());
                boolean toIpBlock = !toAll && rule.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null);
                if ((toAll || toIpBlock) && allowsDns(rule.getPorts())) {
                    dnsRules.add("egress[" + i + "]");
                }
                if (toAll || rule.getTo().stream().map(NetworkPolicyPeer::getIpBlock).anyMatch(Findings::isAnywhere)) {
                    anywhereRules.add("egress[" + i + "]");
                }
            }
            List<Involved> involved = List.of(Involved.of(policy));
            if (!dnsRules.isEmpty()) {
                String rules = String.join(", ", dnsRules);
                found.add(new Finding("dns-egress-too-broad", policy.id(), Severity.HIGH, involved,
                        policy.id() + " allows DNS (port 53 or 853) to an ipBlock or to every destination in "
                                + rules + ", so the pods it selects can use resolvers outside the cluster: DNS"
                                + " logging is lost, DNS-based policy is bypassed and DNS can carry data out.",
                        "In " + rules + ", allow ports 53 and 853 only to the cluster DNS pods (`namespaceSelector`"
                                + " kube-system with `podSelector` k8s-app: kube-dns) or NodeLocal DNS, and keep"
                                + " ipBlock and empty-`to` rules to the other ports they need."));
            }
            if (!anywhereRules.isEmpty()) {
                String rules = String.join(", ", anywhereRules);
                found.add(new Finding("egress-to-anywhere", policy.id(), Severity.HIGH, involved,
                        policy.id() + " allows every address in " + rules + " (an empty `to`, or 0.0.0.0/0 or ::/0"
                                + " without excepting the private ranges), so the pods it selects keep direct egress"
                                + " to the internet and the cluster network, around any proxy or gateway.",
                        "In " + rules + ", name the destinations: pod and namespace selectors inside the cluster,"
                                + " narrow ipBlocks or the egress gateway outside it; a wide ipBlock that must stay"
                                + " needs `except` 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (IPv6: fc00::/7)."));
            }
        }
        return found;
    }

    private List<Finding> metadataReachable() {
        List<Finding> found = new ArrayList<>();
        for (Endpoint endpoint : cluster.endpoints()) {
            Side egress = reach.verdict(endpoint, METADATA).egress();
            if (!egress.allowed()) {
                continue;
            }
            found.add(new Finding("metadata-reachable", endpoint.id(), Severity.HIGH,
                    involved(endpoint, egress),
                    endpoint.id() + " can connect to 169.254.169.254:80/TCP, the cloud metadata service, which"
                            + " hands out the node's cloud credentials to whoever asks: a path out of the cluster's"
                            + " trust boundary that egress control must close.",
                    "Give " + endpoint.id() + " a default-deny egress policy and allow only what it needs; any wide"
                            + " ipBlock it keeps needs `except: [169.254.0.0/16]`."));
        }
        return found;
    }

    /** hostNetwork, privileged and network capabilities: ways around pod-level egress control. */
    private List<Finding> bypassCapablePods() {
        List<Finding> found = new ArrayList<>();
        for (ReadObject object : objects) {
            Optional<PodSpec> spec = PodSpecs.of(object);
            if (spec.isEmpty()) {
                continue;
            }
            String subject = object.namespace() + "/" + object.name();
            List<Involved> involved = List.of(Involved.of(object));
            if (Boolean.TRUE.equals(spec.get().getHostNetwork())) {
                found.add(new Finding("host-network-pod", subject, Severity.HIGH, involved,
                        subject + " runs in the node's network namespace: NetworkPolicy does not select it, and"
                                + " its traffic leaves as the node's, so pod-level egress control does not apply.",
                        "Remove `hostNetwork: true` from " + subject + "; if it must stay, restrict the node's"
                                + " egress (cloud firewall, host policy) and keep the workload in a reviewed"
                                + " system namespace."));
            }
            List<Container> containers = PodSpecs.containers(spec.get());
            String privileged = names(containers, c -> Boolean.TRUE.equals(securityContext(c).getPrivileged()));
            if (!privileged.isEmpty()) {
                found.add(new Finding("privileged-pod", subject, Severity.HIGH, involved,
                        subject + " has privileged containers (" + privileged + "), which can change the node's"
                                + " network, routes and firewall rules, and so undo egress control for every pod"
                                + " on the node.",
                        "Remove `securityContext.privileged: true` from " + privileged
                                + " and add only the capabilities it needs."));
            }
            String netAdmin = names(containers, c -> adds(c, "NET_ADMIN"));
            if (!netAdmin.isEmpty()) {
                found.add(new Finding("net-admin-capability", subject, Severity.MEDIUM, involved,
                        subject + " adds NET_ADMIN (" + netAdmin + "), which can rewrite the pod's routes and"
                                + " iptables, undoing a sidecar proxy's or mesh's redirection of its egress.",
                        "Remove NET_ADMIN (and ALL) from `securityContext.capabilities.add` of " + netAdmin
                                + "; mesh sidecar setup belongs in an init container or the CNI plugin."));
            }
            String netRaw = names(containers, c -> adds(c, "NET_RAW"));
            if (!netRaw.isEmpty()) {
                found.add(new Finding("net-raw-capability", subject, Severity.LOW, involved,
                        subject + " adds NET_RAW (" + netRaw + "), which lets it craft packets and use raw"
                                + " sockets, traffic a transparent proxy does not see.",
                        "Remove NET_RAW (and ALL) from `securityContext.capabilities.add` of " + netRaw
                                + ", and consider `drop: [NET_RAW]`, which container runtimes grant by default."));
            }
        }
        return found;
    }

    private List<Finding> proxyButDirectEgress() {
        List<Finding> found = new ArrayList<>();
        for (ReadObject object : objects) {
            Endpoint endpoint = endpointsBySource.get(object.source());
            Optional<PodSpec> spec = PodSpecs.of(object);
            if (endpoint == null || spec.isEmpty()) {
                continue;
            }
            String proxied = names(PodSpecs.containers(spec.get()), Findings::setsProxy);
            if (proxied.isEmpty()) {
                continue;
            }
            Side egress = reach.verdict(endpoint, PUBLIC).egress();
            if (!egress.allowed()) {
                continue;
            }
            List<String> exempted = PodSpecs.containers(spec.get()).stream()
                    .flatMap(container -> PodSpecs.externalProxyExemptions(container).stream()).distinct().toList();
            found.add(new Finding("proxy-env-but-direct-egress-open", endpoint.id(), Severity.HIGH,
                    involved(endpoint, egress),
                    endpoint.id() + " sets HTTP(S)_PROXY (" + proxied + ") but can also connect directly to"
                            + " 203.0.113.10:443/TCP, the public address probed, so a library that ignores the"
                            + " proxy, or an attacker, bypasses the proxy's policy and audit."
                            + (exempted.isEmpty() ? "" : " Its NO_PROXY (" + String.join(", ", exempted)
                                    + ") sends those destinations straight out even from libraries that honour the"
                                    + " proxy."),
                    "Default-deny " + endpoint.id() + "'s egress and allow only the proxy's pods and port, and"
                            + " cluster DNS."));
        }
        return found;
    }

    private List<Finding> externalNameServices() {
        List<Finding> found = new ArrayList<>();
        for (ReadObject object : objects) {
            if (!(object.typed() instanceof Service service) || service.getSpec() == null
                    || !"ExternalName".equals(service.getSpec().getType())) {
                continue;
            }
            String target = service.getSpec().getExternalName() == null ? "" : service.getSpec().getExternalName();
            String host = target.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
            if (host.endsWith(".cluster.local")) {
                continue;
            }
            String subject = object.namespace() + "/" + object.name();
            found.add(new Finding("external-name-service", subject, Severity.MEDIUM, List.of(Involved.of(object)),
                    "Service " + subject + " is an alias for " + target + ", outside the cluster: workloads reach"
                            + " an external destination under an in-cluster name, which an egress review of"
                            + " Services and policies easily misses.",
                    "Review " + target + " as an egress destination and allow it through the proxy or gateway"
                            + " explicitly, then remove the ExternalName Service, or point it at a"
                            + " `.svc.cluster.local` name."));
        }
        return found;
    }

    /** Cluster DNS as the manifests show it: CoreDNS's conventional label, or anything serving 53/UDP in kube-system. */
    private static boolean isClusterDns(Endpoint endpoint) {
        return endpoint.namespace().equals(KUBE_SYSTEM)
                && ("kube-dns".equals(endpoint.labels().get("k8s-app"))
                        || endpoint.ports().stream().anyMatch(p -> p.port() == 53 && "UDP".equals(p.protocol())));
    }

    /** Whether any policy selects the endpoint for Egress, asked of {@link Reachability} so the two never disagree. */
    private boolean egressIsolated(Endpoint endpoint) {
        return reach.verdict(endpoint, PUBLIC).egress().isolated();
    }

    /** A policy in {@code namespace} that selects all its pods (empty podSelector) for Egress. */
    private static boolean isDefaultDenyEgress(PolicyObject policy, String namespace) {
        NetworkPolicySpec spec = policy.policy().getSpec();
        if (spec == null || !namespace.equals(policy.policy().getMetadata().getNamespace()) || !isolatesEgress(spec)) {
            return false;
        }
        LabelSelector selector = spec.getPodSelector();
        return selector == null
                || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                        && isEmpty(selector.getMatchExpressions());
    }

    /** {@code policyTypes} includes Egress, defaulted as the API server does when omitted. */
    private static boolean isolatesEgress(NetworkPolicySpec spec) {
        return isEmpty(spec.getPolicyTypes()) ? !isEmpty(spec.getEgress()) : spec.getPolicyTypes().contains("Egress");
    }

    /**
     * Whether the rule's ports admit 53 or 853 on some protocol: a missing port list or a port
     * without a number is every port. A named port resolves only against pods' container ports,
     * never an ipBlock address, so it is not counted.
     */
    private static boolean allowsDns(List<NetworkPolicyPort> ports) {
        return isEmpty(ports) || ports.stream().anyMatch(port -> {
            if (port.getPort() == null) {
                return true;
            }
            Integer from = port.getPort().getIntVal();
            if (from == null) {
                return false;
            }
            int to = port.getEndPort() == null ? from : port.getEndPort();
            return DNS_PORTS.stream().anyMatch(dns -> from <= dns && dns <= to);
        });
    }

    /** An ipBlock of every address of its family that does not except all private ranges of it. */
    private static boolean isAnywhere(IPBlock block) {
        if (block == null) {
            return false;
        }
        Optional<Cidr> cidr = parse(block.getCidr());
        if (cidr.isEmpty() || !cidr.get().isEverything()) {
            return false;
        }
        List<Cidr> except = block.getExcept() == null ? List.of()
                : block.getExcept().stream().map(Findings::parse).flatMap(Optional::stream).toList();
        List<Cidr> wanted = cidr.get().isIpv4() ? PRIVATE_IPV4 : PRIVATE_IPV6;
        return !wanted.stream().allMatch(range -> except.stream().anyMatch(e -> e.covers(range)));
    }

    private static boolean setsProxy(Container container) {
        return !PodSpecs.proxySettings(container).isEmpty();
    }

    /** Whether the container adds {@code capability} or ALL; runtimes accept a {@code CAP_} prefix and any case. */
    private static boolean adds(Container container, String capability) {
        SecurityContext context = securityContext(container);
        if (context.getCapabilities() == null || context.getCapabilities().getAdd() == null) {
            return false;
        }
        return context.getCapabilities().getAdd().stream()
                .filter(Objects::nonNull)
                .map(added -> added.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))
                .anyMatch(added -> added.equals(capability) || added.equals("ALL"));
    }

    private static SecurityContext securityContext(Container container) {
        return container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
    }

    /** The names of the containers that match, comma-separated; empty when none does. */
    private static String names(List<Container> containers, Predicate<Container> matches) {
        return containers.stream().filter(matches).map(Container::getName).collect(Collectors.joining(", "));
    }

    /** The endpoint, then the policies its egress side names (those that allow the connection). */
    private List<Involved> involved(Endpoint endpoint, Side egress) {
        List<Involved> involved = new ArrayList<>();
        involved.add(Involved.of(endpoint));
        involved.addAll(describePolicies(egress.policies()));
        return involved;
    }

    private List<Involved> describePolicies(Collection<String> ids) {
        return policyObjects.apply(ids);
    }




    private static boolean isEmpty(Collection<?> collection) {
        return collection == null || collection.isEmpty();
    }

    private static List<Cidr> prefixes(String... cidrs) {
        return Stream.of(cidrs).map(Cidr::parse).toList();
    }

    /** The prefix {@code text} writes, or empty when it is not one (the reach evaluation reports those). */
    private static Optional<Cidr> parse(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
