package dev.warden.analyze.findings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.matrix.Workload;
import dev.warden.analyze.reach.Cidr;
import dev.warden.analyze.reach.Destination;
import dev.warden.analyze.reach.NamedEgress;
import dev.warden.analyze.reach.PortSpec;
import dev.warden.analyze.reach.Reachability;
import dev.warden.analyze.reach.Side;
import dev.warden.analyze.read.ReadObject;
import dev.warden.analyze.read.ReadResult;
import dev.warden.model.decision.Decision;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.finding.SourcePosition;
import dev.warden.model.net.AddressClass;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.PortRange;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.LabelSelector;
import dev.warden.model.registry.Mode;
import dev.warden.model.registry.RegistryResource;
import dev.warden.model.registry.Transport;
import dev.warden.policy.EgressRequest;
import dev.warden.policy.PolicyIndex;
import dev.warden.registry.LoadedRegistry;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What is deployed, held against what the registry declares (§21: the registry is the source of
 * truth, the cluster must agree with it both ways). A record is <em>enforced</em> when the
 * workloads it speaks for are egress-isolated, can reach the record's path (the gateway, the mesh
 * egress gateway, or the record's CIDRs on its ports) and cannot go around it; a reachable
 * external destination is <em>declared</em> when the one {@link PolicyIndex#decide} the gateway
 * and resolver use would admit it for that workload.
 *
 * <p>Reachability is asked of {@link Reachability}, so these findings agree with
 * {@code --can-reach}. Each workload is judged once, as its controller when the manifests hold one
 * ({@link Workload} groups the pods of one workload).
 */
final class RegistryFindings {
    private final Cluster cluster;
    private final Reachability reach;
    private final Function<Collection<String>, List<Involved>> policyObjects;
    private final List<ReadObject> objects;
    private final LoadedRegistry loaded;
    private final PolicyIndex policy;
    private final EgressPosture.Spec posture;
    private final List<Endpoint> workloads;

    private RegistryFindings(ReadResult read, LoadedRegistry loaded, LocalDate today) {
        this.cluster = read.cluster();
        this.reach = Reachability.of(cluster);
        this.policyObjects = Involved.policies(cluster);
        this.objects = read.objects();
        this.loaded = loaded;
        this.policy = PolicyIndex.compile(loaded.registry(), today);
        this.posture = loaded.registry().posture().map(EgressPosture::spec).orElse(null);
        this.workloads = Workload.of(cluster.endpoints()).stream().map(Workload::named).toList();
    }

    /** The registry findings for {@code read}; {@code today} decides which exceptions still count. */
    static List<Finding> find(ReadResult read, LoadedRegistry loaded, LocalDate today) {
        RegistryFindings findings = new RegistryFindings(read, loaded, today);
        List<Finding> found = new ArrayList<>();
        for (EgressDependency dependency : loaded.registry().dependencies()) {
            findings.enforcement(dependency, found);
        }
        findings.undeclaredAddresses(found);
        findings.undeclaredNames(found);
        return found;
    }

    /**
     * {@code record-not-enforced}, {@code record-path-bypassable}, {@code record-path-blocked} and
     * {@code record-source-not-deployed} for one record. Report-only records are trials, not
     * promises, so only a record in force is held to its enforcement.
     */
    private void enforcement(EgressDependency dependency, List<Finding> found) {
        if (dependency.spec().mode() != Mode.ENFORCE) {
            return;
        }
        String namespace = dependency.spec().source().namespace();
        List<Endpoint> selected = workloads.stream()
                .filter(endpoint -> !endpoint.hostNetwork() && PolicyIndex.selects(dependency, identity(endpoint)))
                .toList();
        Involved record = record(dependency);
        if (selected.isEmpty()) {
            // a namespace the manifests do not show was probably just not exported
            if (workloads.stream().anyMatch(endpoint -> endpoint.namespace().equals(namespace))) {
                found.add(new Finding("record-source-not-deployed", namespace, Severity.LOW, List.of(record),
                        "Record " + dependency.name() + " speaks for " + describeSource(dependency) + ", but no"
                                + " workload in the manifests matches it: either the workload is gone and the"
                                + " record is a standing permission nobody uses, or the selector is wrong and the"
                                + " workload it meant runs without its record.",
                        "Fix spec.source of " + dependency.name() + " to select the workload's namespace, service"
                                + " account and pod labels, or delete the record if the dependency is gone."));
            }
            return;
        }
        for (Endpoint endpoint : selected) {
            Side direct = reach.verdict(endpoint, Findings.PUBLIC).egress();
            List<Involved> involved = involved(endpoint, record, direct.policies());
            if (!direct.isolated()) {
                found.add(new Finding("record-not-enforced", endpoint.id(), Severity.HIGH, involved,
                        "Record " + dependency.name() + " allows " + endpoint.id() + " only " + describeDestination(dependency)
                                + " by " + dependency.spec().path().wireName() + ", but no NetworkPolicy isolates"
                                + " its egress, so it may connect anywhere: the registry describes a control the"
                                + " cluster does not apply.",
                        "Apply the output of `warden compile` for this registry (a default deny in " + endpoint.namespace()
                                + " and the record's allow), or add them by hand."));
                continue;
            }
            if (direct.allowed() && viaIntermediary(dependency.spec().path())) {
                found.add(new Finding("record-path-bypassable", endpoint.id(), Severity.HIGH, involved,
                        "Record " + dependency.name() + " sends " + endpoint.id() + " through the "
                                + dependency.spec().path().wireName() + ", but its egress policies also allow"
                                + " 203.0.113.10:443/TCP, a public address, directly: the path's policy and audit"
                                + " are optional for it.",
                        "Narrow " + endpoint.id() + "'s egress to the " + dependency.spec().path().wireName()
                                + "'s pods and port and cluster DNS; remove ipBlocks and empty `to` rules that"
                                + " reach public addresses."));
                continue;
            }
            blockedPath(dependency, endpoint, record).ifPresent(found::add);
        }
    }

    /** {@code record-path-blocked}: the record's own path is closed, so the dependency it allows fails. */
    private Optional<Finding> blockedPath(EgressDependency dependency, Endpoint endpoint, Involved record) {
        List<Destination> path = pathDestinations(dependency);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        List<Destination> blocked = path.stream()
                .filter(destination -> !reach.verdict(endpoint, destination).allowed())
                .toList();
        // any one gateway replica reachable is enough; every CIDR and port of a nat record must be
        boolean viaPods = path.get(0) instanceof Destination.ToEndpoint;
        if (viaPods ? blocked.size() < path.size() : blocked.isEmpty()) {
            return Optional.empty();
        }
        String what = viaPods ? "the " + dependency.spec().path().wireName() + " ("
                + describeTargets(path) + ")" : describeTargets(blocked);
        List<Involved> involved = new ArrayList<>(List.of(Involved.of(endpoint), record));
        involved.addAll(policyObjects.apply(blocked.stream()
                .flatMap(destination -> reach.verdict(endpoint, destination).egress().policies().stream())
                .toList()));
        return Optional.of(new Finding("record-path-blocked", endpoint.id(), Severity.MEDIUM, involved,
                "Record " + dependency.name() + " allows " + endpoint.id() + " " + describeDestination(dependency)
                        + ", but the deployed policies do not let it reach " + what + ": the dependency the"
                        + " registry approves fails at run time, and the usual quick fix is a broad allow.",
                "Allow " + endpoint.id() + "'s egress to " + what + " (the allow `warden compile` emits for "
                        + dependency.name() + "), and the destination's ingress where it is isolated."));
    }

    /**
     * Where a record's path goes, as reach questions: the gateway's or mesh egress gateway's pods,
     * or the first address of each CIDR on each port range's first port. Empty when the path's
     * target is not in the manifests (it cannot be judged) or the record names hosts only.
     */
    private List<Destination> pathDestinations(EgressDependency dependency) {
        EgressPath path = dependency.spec().path();
        if (posture != null && (path == EgressPath.EGRESS_GATEWAY || path == EgressPath.HTTP_PROXY)
                && posture.gateway() != null && posture.gateway().port() != null) {
            PortSpec port = PortSpec.tcp(posture.gateway().port());
            return podsOf(posture.gateway().namespace(), posture.gateway().podSelector()).stream()
                    .<Destination>map(gateway -> new Destination.ToEndpoint(gateway, port)).toList();
        }
        if (posture != null && path == EgressPath.MESH_EGRESS_GATEWAY && posture.mesh() != null
                && posture.mesh().egressGateway() != null) {
            EgressPosture.MeshGateway mesh = posture.mesh().egressGateway();
            // the gateway pod's own port depends on the mesh install; its first declared port stands for it
            return podsOf(mesh.namespace(), mesh.podSelector()).stream()
                    .filter(gateway -> !gateway.ports().isEmpty())
                    .<Destination>map(gateway -> new Destination.ToEndpoint(gateway, new PortSpec(
                            gateway.ports().get(0).port(), gateway.ports().get(0).protocol())))
                    .toList();
        }
        if (path == EgressPath.NAT || path == EgressPath.PRIVATE_ENDPOINT) {
            List<Destination> destinations = new ArrayList<>();
            List<PortRange> ports = dependency.spec().destination().ports().isEmpty()
                    ? List.of(new PortRange(443, null, Transport.TCP)) : dependency.spec().destination().ports();
            List<dev.warden.model.net.Cidr> blocks = new ArrayList<>(dependency.spec().destination().cidrs());
            dependency.spec().destination().allowPrivate().forEach(range -> blocks.add(range.cidr()));
            for (dev.warden.model.net.Cidr block : blocks) {
                for (PortRange range : ports) {
                    destinations.add(new Destination.ToAddress(block.network().toString(),
                            new PortSpec(range.port(), range.protocol().wireName())));
                }
            }
            return destinations;
        }
        return List.of();
    }

    /**
     * {@code undeclared-external-destination} for addresses: every public address a workload's
     * egress policies open — the whole internet when it can reach the public probe, else each
     * public ipBlock of its namespace's policies that it can reach — that no record admits for it.
     * The gateway's own pods are where records are enforced, so their egress is not judged here.
     */
    private void undeclaredAddresses(List<Finding> found) {
        for (Endpoint endpoint : workloads) {
            if (endpoint.hostNetwork() || isIntermediary(endpoint)) {
                continue;
            }
            WorkloadIdentity identity = identity(endpoint);
            undeclaredNamesAllowed(endpoint, identity).ifPresent(found::add);
            Side anywhere = reach.verdict(endpoint, Findings.PUBLIC).egress();
            if (anywhere.allowed()) {
                Decision decision = policy.decide(EgressRequest.toAddress(identity, null,
                        IpAddress.parse(((Destination.ToAddress) Findings.PUBLIC).ip()), Findings.PUBLIC.port().port()));
                if (!decision.admits()) {
                    found.add(undeclared(endpoint, anywhere, "every public address (probed at 203.0.113.10:443/TCP)",
                            decision));
                }
                continue;
            }
            Map<String, Destination> blocks = publicBlocks(endpoint.namespace());
            blocks.forEach((block, destination) -> {
                Side side = reach.verdict(endpoint, destination).egress();
                if (!side.allowed()) {
                    return;
                }
                Destination.ToAddress address = (Destination.ToAddress) destination;
                Decision decision = policy.decide(EgressRequest.toAddress(identity, null, IpAddress.parse(address.ip()),
                        address.port().port()));
                if (!decision.admits()) {
                    found.add(undeclared(endpoint, side, block + " on " + address.port(), decision));
                }
            });
        }
    }

    /**
     * The names a workload's policies allow by name (Cilium toFQDNs) that no record declares for
     * it: a name is declared when {@link PolicyIndex#decide} admits a lookup of it, a pattern when
     * a record for the workload has the same wildcard.
     */
    private Optional<Finding> undeclaredNamesAllowed(Endpoint endpoint, WorkloadIdentity identity) {
        List<NamedEgress> undeclared = reach.namedEgress(endpoint).stream()
                .filter(named -> !declared(named.name(), identity))
                .toList();
        if (undeclared.isEmpty()) {
            return Optional.empty();
        }
        String names = undeclared.stream().map(NamedEgress::name).distinct().collect(Collectors.joining(", "));
        return Optional.of(new Finding("undeclared-external-destination", endpoint.id(), Severity.MEDIUM,
                involved(endpoint, null, undeclared.stream().map(NamedEgress::policyId).toList()),
                endpoint.id() + " may reach " + names + " by name (toFQDNs), but no record declares "
                        + (undeclared.size() == 1 ? "it" : "them") + " for it: an egress path nobody reviewed, with"
                        + " no owner, purpose or data classification on record.",
                "Declare the dependency in the registry (warden check explains what a record needs) and let"
                        + " `warden compile` write its policy, or remove the toFQDNs entry."));
    }

    private boolean declared(String name, WorkloadIdentity identity) {
        String normalized = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        if (normalized.contains("*")) {
            return loaded.registry().dependencies().stream()
                    .filter(dependency -> PolicyIndex.selects(dependency, identity))
                    .flatMap(dependency -> dependency.spec().destination().wildcards().stream())
                    .anyMatch(wildcard -> wildcard.pattern().toString().equals(normalized));
        }
        return hostname(normalized).map(host -> policy.decide(EgressRequest.lookup(identity, null, host)).admits())
                .orElse(false);
    }

    private Finding undeclared(Endpoint endpoint, Side side, String destination, Decision decision) {
        return new Finding("undeclared-external-destination", endpoint.id(), Severity.MEDIUM,
                involved(endpoint, null, side.policies()),
                endpoint.id() + " can reach " + destination + " directly, but the registry does not declare it ("
                        + decision.reason() + "): an egress path nobody reviewed, with no owner, purpose or"
                        + " data classification on record.",
                "Declare the dependency in the registry (warden check explains what a record needs) and let"
                        + " `warden compile` write its allow, or remove the policy rule that opens it.");
    }

    /**
     * The public ipBlocks of {@code namespace}'s egress rules, each as a reach question at the
     * block's first address not excepted, on the rule's first numbered port (443/TCP when the rule
     * names none). A block that is everything stands for the whole internet, already asked.
     */
    private Map<String, Destination> publicBlocks(String namespace) {
        Map<String, Destination> blocks = new LinkedHashMap<>();
        cluster.networkPolicies().stream()
                .filter(policy -> namespace.equals(policy.policy().getMetadata().getNamespace()))
                .map(policy -> policy.policy().getSpec())
                .filter(spec -> spec != null && spec.getEgress() != null)
                .flatMap(spec -> spec.getEgress().stream())
                .forEach(rule -> {
                    PortSpec port = firstPort(rule);
                    for (NetworkPolicyPeer peer : rule.getTo() == null ? List.<NetworkPolicyPeer>of() : rule.getTo()) {
                        IPBlock block = peer.getIpBlock();
                        firstPublicAddress(block).ifPresent(address -> blocks.putIfAbsent(
                                block.getCidr() + (block.getExcept() == null || block.getExcept().isEmpty() ? ""
                                        : " except " + String.join(", ", block.getExcept())),
                                new Destination.ToAddress(address, port)));
                    }
                });
        return blocks;
    }

    private static PortSpec firstPort(NetworkPolicyEgressRule rule) {
        for (NetworkPolicyPort port : rule.getPorts() == null ? List.<NetworkPolicyPort>of() : rule.getPorts()) {
            if (port.getPort() != null && port.getPort().getIntVal() != null) {
                return new PortSpec(port.getPort().getIntVal(), port.getProtocol() == null ? "TCP" : port.getProtocol());
            }
        }
        return PortSpec.tcp(443);
    }

    /** The block's network address when it is public and not excepted; a block that is everything is skipped. */
    private static Optional<String> firstPublicAddress(IPBlock block) {
        if (block == null || block.getCidr() == null) {
            return Optional.empty();
        }
        try {
            Cidr cidr = Cidr.parse(block.getCidr());
            if (cidr.isEverything()) {
                return Optional.empty();
            }
            IpAddress first = IpAddress.parse(block.getCidr().substring(0, block.getCidr().indexOf('/')));
            boolean excepted = block.getExcept() != null && block.getExcept().stream()
                    .anyMatch(except -> Cidr.parse(except).covers(Cidr.parse(first + (first.isV4() ? "/32" : "/128"))));
            AddressClass kind = AddressClass.classify(first);
            return excepted || (kind != AddressClass.PUBLIC && kind != AddressClass.DOCUMENTATION)
                    ? Optional.empty() : Optional.of(first.toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the reach evaluation reports malformed blocks
        }
    }

    /**
     * {@code undeclared-external-destination} for names: an ExternalName Service aliases an outside
     * host for its namespace, an Istio ServiceEntry declares one to the mesh. Declared when some
     * record admits the host for some workload of that namespace (any namespace for a ServiceEntry,
     * which Istio exports everywhere by default).
     */
    private void undeclaredNames(List<Finding> found) {
        for (ReadObject object : objects) {
            if (object.typed() instanceof Service service && service.getSpec() != null
                    && "ExternalName".equals(service.getSpec().getType()) && service.getSpec().getExternalName() != null) {
                String host = service.getSpec().getExternalName();
                checkName(object, Set.of(host), endpoint -> endpoint.namespace().equals(object.namespace()), found);
            } else if (object.kind().equals("ServiceEntry") && object.apiVersion().startsWith("networking.istio.io/")
                    && object.typed() instanceof JsonNode tree
                    && !"MESH_INTERNAL".equals(tree.path("spec").path("location").asText())) {
                Set<String> hosts = new TreeSet<>();
                tree.path("spec").path("hosts").forEach(host -> hosts.add(host.asText()));
                checkName(object, hosts, endpoint -> true, found);
            }
        }
    }

    private void checkName(ReadObject object, Set<String> hosts, Predicate<Endpoint> callers, List<Finding> found) {
        List<String> undeclared = new ArrayList<>();
        for (String host : hosts) {
            Optional<Hostname> name = hostname(host);
            if (name.isEmpty() || name.get().ascii().endsWith(".cluster.local")) {
                continue;
            }
            boolean declared = workloads.stream().filter(callers)
                    .anyMatch(endpoint -> policy.decide(EgressRequest.lookup(identity(endpoint), null, name.get())).admits());
            if (!declared) {
                undeclared.add(name.get().ascii());
            }
        }
        if (undeclared.isEmpty()) {
            return;
        }
        String subject = object.namespace() == null ? object.name() : object.namespace() + "/" + object.name();
        String names = String.join(", ", undeclared);
        found.add(new Finding("undeclared-external-destination", subject, Severity.MEDIUM, List.of(Involved.of(object)),
                object.kind() + " " + subject + " points workloads at " + names + " outside the cluster, but no record"
                        + " allows any workload " + (object.kind().equals("Service") ? "of " + object.namespace() + " " : "")
                        + "to reach it: an egress path nobody reviewed, with no owner, purpose or data classification"
                        + " on record.",
                "Declare " + names + " in the registry for the workloads that call it, or remove the "
                        + object.kind() + "."));
    }

    /** A wildcard or malformed host is not a name a lookup can be decided for. */
    private static Optional<Hostname> hostname(String host) {
        try {
            return host.contains("*") ? Optional.empty() : Optional.of(Hostname.parse(host.replaceAll("\\.$", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private boolean isIntermediary(Endpoint endpoint) {
        if (posture == null) {
            return false;
        }
        boolean gateway = posture.gateway() != null && selects(posture.gateway().namespace(),
                posture.gateway().podSelector(), endpoint);
        boolean mesh = posture.mesh() != null && posture.mesh().egressGateway() != null
                && selects(posture.mesh().egressGateway().namespace(), posture.mesh().egressGateway().podSelector(), endpoint);
        return gateway || mesh;
    }

    private List<Endpoint> podsOf(String namespace, LabelSelector selector) {
        return workloads.stream().filter(endpoint -> selects(namespace, selector, endpoint)).toList();
    }

    private static boolean selects(String namespace, LabelSelector selector, Endpoint endpoint) {
        return endpoint.namespace().equals(namespace) && (selector == null || selector.matches(endpoint.labels()));
    }

    private static boolean viaIntermediary(EgressPath path) {
        return path == EgressPath.EGRESS_GATEWAY || path == EgressPath.HTTP_PROXY || path == EgressPath.MESH_EGRESS_GATEWAY;
    }

    /** The endpoint as the gateway would identify one of its pods. */
    private static WorkloadIdentity identity(Endpoint endpoint) {
        boolean pod = endpoint.kind().equals("Pod");
        return new WorkloadIdentity(endpoint.namespace(), pod ? endpoint.name() : null, endpoint.name(),
                endpoint.serviceAccount(), null, endpoint.labels());
    }


    private List<Involved> involved(Endpoint endpoint, Involved record, List<String> policyIds) {
        List<Involved> involved = new ArrayList<>();
        involved.add(Involved.of(endpoint));
        if (record != null) {
            involved.add(record);
        }
        involved.addAll(policyObjects.apply(policyIds));
        return involved;
    }

    private Involved record(EgressDependency dependency) {
        return new Involved("EgressDependency", dependency.name(), position(dependency));
    }

    private SourceRef position(RegistryResource resource) {
        SourcePosition at = loaded.keyPosition(resource, "/metadata/name");
        return new SourceRef(at.file(), at.line());
    }

    private static String describeSource(EgressDependency dependency) {
        EgressDependency.Source source = dependency.spec().source();
        StringBuilder text = new StringBuilder("namespace " + source.namespace());
        if (source.serviceAccount() != null) {
            text.append(", service account ").append(source.serviceAccount());
        }
        if (source.podSelector() != null) {
            text.append(", pods ").append(source.podSelector().matchLabels());
        }
        return text.toString();
    }

    private static String describeDestination(EgressDependency dependency) {
        EgressDependency.Destination destination = dependency.spec().destination();
        List<String> parts = new ArrayList<>();
        destination.hosts().forEach(host -> parts.add(host.ascii()));
        destination.wildcards().forEach(wildcard -> parts.add(wildcard.pattern().toString()));
        destination.cidrs().forEach(cidr -> parts.add(cidr.toString()));
        if (destination.anyPublic() != null) {
            parts.add("any public address");
        }
        return parts.isEmpty() ? "its destination" : String.join(", ", parts);
    }

    private static String describeTargets(List<Destination> destinations) {
        return destinations.stream().map(destination -> switch (destination) {
            case Destination.ToEndpoint to -> to.endpoint().id() + ":" + to.port();
            case Destination.ToAddress to -> to.ip() + ":" + to.port();
        }).distinct().collect(Collectors.joining(", "));
    }
}
