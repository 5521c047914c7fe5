package dev.warden.compile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.compile.cilium.CiliumTarget;
import dev.warden.compile.istio.IstioTarget;
import dev.warden.model.registry.AppProtocol;
import dev.warden.model.registry.AuditNeed;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressException;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.LabelSelector;
import dev.warden.registry.LoadedRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The seed's §21 control matrix for each dependency, read off what {@code warden compile} emitted:
 * for each control, the objects that implement it for that record and the layer each belongs to,
 * or what is missing and what would provide it.
 *
 * <p>A control is claimed only when an emitted object names the record in
 * {@link Manifest#IMPLEMENTS} (or, for the nftables script, when a rule's comment names it or the
 * rule applies to every pod) and its {@link Manifest#CONTROL}, kind and content say it does that
 * job. The compiler's intent is not trusted: a target that was not compiled, or an object it could
 * not emit, shows up here as a gap. Controls no emitted object can implement — TLS verification,
 * approval — say whose they are.
 */
public final class ControlMatrix {
    private static final Set<EgressPath> VIA_GATEWAY = EnumSet.of(EgressPath.EGRESS_GATEWAY, EgressPath.HTTP_PROXY);
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String GATEWAY_LAYER = "warden gateway";
    private static final String NFT_LAYER = "nftables node firewall";
    private static final String MESH_ONLY = IstioTarget.MESH_ONLY;
    private static final String REGISTRY_ONLY = IstioTarget.REGISTRY_ONLY;
    private static final String SERVICE_ENTRY = IstioTarget.SERVICE_ENTRY;
    private static final String MESH_ROUTE = IstioTarget.ROUTE;
    private static final String MESH_AUTHORIZATION = IstioTarget.AUTHORIZATION;
    private static final String CILIUM_POLICY = CiliumTarget.NETWORK_POLICY;
    private static final int CONTROL_WIDTH = 27;
    private static final int LAYER_WIDTH = 34;

    private ControlMatrix() {}

    /** The controls of the seed's §21 matrix that one dependency's record can be held to, in its order. */
    public enum Control {
        DEFAULT_DENY("default deny"),
        DNS_CONTROL("DNS control"),
        STABLE_SOURCE_IP("stable source IP"),
        WORKLOAD_IDENTITY("workload identity"),
        DESTINATION_AUTHORISATION("destination authorisation"),
        TLS_VERIFICATION("TLS verification"),
        RUNTIME_MONITORING("runtime monitoring"),
        CHANGE_APPROVAL("change approval"),
        EXCEPTION_HANDLING("exception handling");

        private final String label;

        Control(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One object that implements a control.
     *
     * @param layer where it is enforced, e.g. {@code kubernetes NetworkPolicy}, {@code warden gateway}
     * @param object what implements it, e.g. {@code payments/warden-default-deny-egress}, or a rule of
     *     a script ({@code nftables/ruleset.nft: forward chain default drop}), with what it does after a colon
     */
    public record Enforcement(String layer, String object) {}

    /**
     * One control for one dependency.
     *
     * @param enforcedBy the emitted objects (and registry records) that implement it; empty when none does
     * @param gap what is still missing and what would provide it, or null when nothing is
     */
    public record Row(Control control, List<Enforcement> enforcedBy, String gap) {
        public Row {
            enforcedBy = List.copyOf(enforcedBy);
        }
    }

    /** The matrix of one dependency: one row per {@link Control}, in order. */
    public record DependencyMatrix(String dependency, String namespace, EgressPath path, List<Row> rows) {
        public DependencyMatrix {
            rows = List.copyOf(rows);
        }

        /** The row of {@code control}. */
        public Row row(Control control) {
            return rows.stream().filter(row -> row.control() == control).findFirst().orElseThrow();
        }

        /**
         * A heading, then per control one line per enforcing object (control, layer, object), or
         * {@code none — gap}; a gap beside enforcement follows on its own {@code gap:} line.
         */
        public String text() {
            StringBuilder out = new StringBuilder();
            out.append(dependency).append(" (namespace ").append(namespace).append(", path ").append(path.wireName())
                    .append(")\n");
            for (Row row : rows) {
                String label = row.control().label();
                if (row.enforcedBy().isEmpty()) {
                    out.append(line(label, "none — " + row.gap()));
                    continue;
                }
                for (Enforcement enforcement : row.enforcedBy()) {
                    out.append(line(label, pad(enforcement.layer(), LAYER_WIDTH) + enforcement.object()));
                    label = "";
                }
                if (row.gap() != null) {
                    out.append(line("", "gap: " + row.gap()));
                }
            }
            return out.toString();
        }

        private static String line(String control, String rest) {
            return "  " + pad(control, CONTROL_WIDTH) + rest + "\n";
        }

        private static String pad(String text, int width) {
            return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
        }
    }

    /**
     * The matrix of every dependency, by name, from the registry and what each compiled target
     * emitted for it; exceptions count when they are in force on {@code today}.
     */
    public static List<DependencyMatrix> explain(LoadedRegistry loaded, Map<CompileTarget, Compilation> compiled,
            LocalDate today) {
        Emitted emitted = new Emitted(loaded, new TreeMap<>(compiled), today);
        return loaded.registry().dependencies().stream().sorted(Comparator.comparing(EgressDependency::name))
                .map(emitted::matrix).toList();
    }

    /** Every matrix, one after another, each followed by a blank line. */
    public static String text(List<DependencyMatrix> matrices) {
        return matrices.stream().map(matrix -> matrix.text() + "\n").collect(Collectors.joining());
    }

    /** The compiled targets' output, asked about one record at a time. */
    private record Emitted(LoadedRegistry loaded, Map<CompileTarget, Compilation> compiled, LocalDate today) {

        DependencyMatrix matrix(EgressDependency record) {
            Record r = new Record(record, loaded.registry().posture().map(EgressPosture::spec));
            List<Row> rows = List.of(defaultDeny(r), dnsControl(r), stableSourceIp(r), workloadIdentity(r),
                    destinationAuthorisation(r), tlsVerification(r), runtimeMonitoring(r), changeApproval(r),
                    exceptionHandling(r));
            return new DependencyMatrix(record.name(), r.spec().source().namespace(), r.spec().path(), rows);
        }

        // ---- what was emitted ----

        /** The objects of every compiled target, in target order, that name the record and have this control. */
        private List<Manifest> implementing(Record r, String control) {
            return compiled.values().stream().flatMap(compilation -> compilation.manifests().stream())
                    .filter(manifest -> manifest.control().equals(control) && names(manifest, r.name()))
                    .toList();
        }

        private static boolean names(Manifest manifest, String record) {
            String records = manifest.object().path("metadata").path("annotations").path(Manifest.IMPLEMENTS).asText();
            return Set.of(records.split(",")).contains(record);
        }

        private Optional<NftablesScript> nftables() {
            return Optional.ofNullable(compiled.get(CompileTarget.NFTABLES)).flatMap(NftablesScript::of);
        }

        /** The gateway's policy for the record, when the record's traffic goes through the gateway at all. */
        private Optional<Manifest> gatewayPolicy(Record r) {
            return r.viaGateway() ? implementing(r, GatewayTarget.CONTROL).stream().findFirst() : Optional.empty();
        }

        private boolean isCompiled(CompileTarget target) {
            return compiled.containsKey(target);
        }

        private List<String> problemsOf(Record r) {
            List<String> problems = new ArrayList<>();
            compiled.forEach((target, compilation) -> compilation.problems().stream()
                    .filter(problem -> problem.startsWith("record " + r.name() + " "))
                    .forEach(problem -> problems.add(target.wireName() + ": " + problem)));
            return problems;
        }

        private static Enforcement of(Manifest manifest, String what) {
            String layer = manifest.target() + " " + manifest.kind();
            return new Enforcement(manifest.target().equals(GatewayTarget.TARGET) ? GATEWAY_LAYER : layer,
                    what.isEmpty() ? ref(manifest) : ref(manifest) + ": " + what);
        }

        private static String ref(Manifest manifest) {
            return manifest.namespace() == null ? manifest.name() : manifest.namespace() + "/" + manifest.name();
        }

        // ---- the controls ----

        private Row defaultDeny(Record r) {
            List<Enforcement> by = new ArrayList<>();
            implementing(r, Manifest.DEFAULT_DENY_EGRESS).forEach(manifest -> by.add(of(manifest, "")));
            Optional<NftablesScript> script = nftables();
            boolean nodeDrop = script.flatMap(NftablesScript::lastForwardRule)
                    .filter(rule -> rule.contains(" drop ") && NftablesScript.commentIs(rule, "warden: default deny (§15)"))
                    .isPresent();
            script.filter(s -> nodeDrop).ifPresent(s -> by.add(new Enforcement(NFT_LAYER, s.cite("forward chain default drop"))));
            String namespace = r.spec().source().namespace();
            boolean inNamespace = implementing(r, Manifest.DEFAULT_DENY_EGRESS).stream()
                    .anyMatch(manifest -> namespace.equals(manifest.namespace()));
            if (by.isEmpty()) {
                return new Row(Control.DEFAULT_DENY, by, "nothing emitted denies the rest of namespace " + namespace
                        + "'s egress: compile kubernetes or cilium for a per-namespace default deny, nftables for the node's");
            }
            return new Row(Control.DEFAULT_DENY, by, inNamespace ? null : "no policy in namespace " + namespace
                    + " denies egress; the node firewall's drop holds for every pod alike, and only for traffic the node forwards");
        }

        private Row dnsControl(Record r) {
            List<Enforcement> by = new ArrayList<>();
            String dns = r.posture().map(posture -> posture.clusterDns().namespace()).orElse("the cluster DNS");
            implementing(r, Manifest.DNS_TO_CLUSTER_DNS).forEach(manifest ->
                    by.add(of(manifest, "DNS only to the cluster DNS pods in " + dns)));
            boolean namesRestricted = false;
            for (Manifest manifest : implementing(r, Manifest.ALLOW)) {
                List<String> names = ciliumDnsNames(manifest);
                if (!names.isEmpty()) {
                    by.add(of(manifest, "DNS to " + dns + " only for " + String.join(", ", names)));
                    namesRestricted = true;
                }
            }
            nftables().filter(script -> script.forward().stream()
                            .anyMatch(rule -> NftablesScript.commentIs(rule, "warden: DNS only to the resolver (§24.2)")))
                    .ifPresent(script -> by.add(new Enforcement(NFT_LAYER,
                            script.cite("forward chain DNS only to the cluster resolver (cluster_dns)"))));
            boolean hasNames = !r.spec().destination().hosts().isEmpty() || !r.spec().destination().wildcards().isEmpty();
            String names = hasNames && !namesRestricted ? "which names the pods may resolve is no emitted object's"
                    + " to restrict: run warden dns as the cluster resolver (a runtime layer, not compiled), or compile"
                    + " cilium for a DNS rule with the record's names" : null;
            if (by.isEmpty()) {
                return new Row(Control.DNS_CONTROL, by, "nothing emitted restricts which resolver namespace "
                        + r.spec().source().namespace() + "'s pods use: compile kubernetes, cilium or nftables"
                        + (names == null ? "" : "; " + names));
            }
            return new Row(Control.DNS_CONTROL, by, names);
        }

        /** The names of a CiliumNetworkPolicy's DNS rule; empty for any other object. */
        private static List<String> ciliumDnsNames(Manifest manifest) {
            if (!manifest.kind().equals(CILIUM_POLICY)) {
                return List.of();
            }
            return stream(manifest.object().path("spec").path("egress"))
                    .flatMap(rule -> stream(rule.path("toPorts")))
                    .flatMap(entry -> stream(entry.path("rules").path("dns")))
                    .map(selector -> selector.has("matchName") ? selector.path("matchName").asText()
                            : selector.path("matchPattern").asText())
                    .toList();
        }

        private Row stableSourceIp(Record r) {
            List<Enforcement> by = new ArrayList<>();
            for (Manifest manifest : implementing(r, Manifest.STABLE_SOURCE_IP)) {
                List<String> cidrs = stream(manifest.object().path("spec").path("destinationCIDRs"))
                        .map(JsonNode::asText).toList();
                by.add(of(manifest, "SNAT on a gateway node for " + String.join(", ", cidrs)));
            }
            String snatComment = r.viaGateway() ? "warden: the gateway leaves from its egressIps"
                    : "warden: pods leave from the posture's nat egressIps";
            nftables().ifPresent(script -> script.postrouting().stream()
                    .filter(rule -> NftablesScript.commentIs(rule, snatComment)).findFirst()
                    .ifPresent(rule -> by.add(new Enforcement(NFT_LAYER, script.cite("postrouting "
                            + rule.substring(0, rule.indexOf(" comment ")))))));
            String leaves = "path " + r.spec().path().wireName() + " leaves from " + r.leavesFrom();
            if (!by.isEmpty()) {
                boolean nodeSnatOnly = by.stream().allMatch(enforcement -> enforcement.layer().equals(NFT_LAYER));
                // The script's SNAT is right only where the node owns the address (its own comment says so).
                return new Row(Control.STABLE_SOURCE_IP, by, nodeSnatOnly ? "the SNAT holds only on nodes that own that"
                        + " address; " + leaves : null);
            }
            if (!r.spec().requiresStableSourceIp()) {
                return new Row(Control.STABLE_SOURCE_IP, by, "not required by the record; " + leaves);
            }
            String required = "the record requires a stable source IP (allowlisted by "
                    + Optional.ofNullable(r.spec().sourceIp().allowlistedBy()).orElse("the destination") + ")";
            if (r.viaGateway() && gatewayPolicy(r).isPresent()) {
                return new Row(Control.STABLE_SOURCE_IP, by, required + "; " + leaves
                        + ", which the gateway's deployment or the NAT in front of it assigns, not an emitted object"
                        + " (compile nftables for the SNAT on the gateway's node)");
            }
            if (r.viaGateway()) {
                return new Row(Control.STABLE_SOURCE_IP, by, required + " and no emitted object gives it; " + leaves
                        + ", but the gateway target was not compiled");
            }
            return new Row(Control.STABLE_SOURCE_IP, by, required + " and no emitted object gives it; " + leaves
                    + (isCompiled(CompileTarget.CILIUM) ? "" : "; compile cilium for an egress gateway policy"));
        }

        private Row workloadIdentity(Record r) {
            List<Enforcement> by = new ArrayList<>();
            var source = r.spec().source();
            boolean strong = false;
            Optional<Manifest> gateway = gatewayPolicy(r);
            if (gateway.isPresent()) {
                by.add(of(gateway.get(), "callers identified by pod address (pod watch) or proxy credentials as "
                        + r.who()));
                strong = true;
            }
            String principal = "/ns/" + source.namespace() + "/sa/" + source.serviceAccount();
            for (Manifest manifest : implementing(r, MESH_AUTHORIZATION)) {
                Optional<String> admitted = stream(manifest.object().path("spec").path("rules"))
                        .flatMap(rule -> stream(rule.path("from")))
                        .flatMap(from -> stream(from.path("source").path("principals")))
                        .map(JsonNode::asText).filter(p -> source.serviceAccount() != null && p.endsWith(principal))
                        .findFirst();
                if (admitted.isPresent()) {
                    by.add(of(manifest, "principal " + admitted.get() + " (SPIFFE, mutual TLS)"));
                    strong = true;
                }
            }
            boolean serviceAccount = false;
            String labelBased = null;
            for (Manifest manifest : implementing(r, Manifest.ALLOW)) {
                JsonNode spec = manifest.object().path("spec");
                if (manifest.kind().equals(CILIUM_POLICY)) {
                    JsonNode labels = spec.path("endpointSelector").path("matchLabels");
                    by.add(of(manifest, "endpointSelector " + labels(labels)));
                    serviceAccount |= labels.has("k8s:io.cilium.k8s.policy.serviceaccount");
                } else {
                    JsonNode labels = spec.path("podSelector").path("matchLabels");
                    by.add(of(manifest, "podSelector " + labels(labels)));
                    labelBased = labels.isEmpty() ? "every pod in namespace " + source.namespace()
                            : "any pod in namespace " + source.namespace() + " labelled " + labels(labels);
                }
            }
            if (by.isEmpty()) {
                return new Row(Control.WORKLOAD_IDENTITY, by, "nothing emitted ties the record to its workload"
                        + (isCompiled(CompileTarget.NFTABLES) ? " (an address firewall cannot tell pods apart)" : "")
                        + ": compile kubernetes or cilium, or route it through the gateway");
            }
            if (strong || labelBased == null) {
                return new Row(Control.WORKLOAD_IDENTITY, by, strong || serviceAccount ? null
                        : "label-based only: any pod carrying those labels gets this record's egress");
            }
            // Where both targets are applied their allows add up, so the wider NetworkPolicy decides.
            return new Row(Control.WORKLOAD_IDENTITY, by, (serviceAccount ? "the NetworkPolicy allow does not name the"
                    + " service account, and allows add up: " : "label-based only: ") + labelBased + " gets this"
                    + " record's egress; a mesh principal (istio) or the gateway's identification names the workload itself");
        }

        private static String labels(JsonNode matchLabels) {
            if (matchLabels.isMissingNode() || matchLabels.isEmpty()) {
                return "(every pod of the namespace)";
            }
            return matchLabels.properties().stream().map(entry -> entry.getKey() + "=" + entry.getValue().asText())
                    .collect(Collectors.joining(", "));
        }

        private Row destinationAuthorisation(Record r) {
            List<Enforcement> by = new ArrayList<>();
            boolean byName = false;
            for (Manifest manifest : implementing(r, Manifest.ALLOW)) {
                by.add(of(manifest, manifest.kind().equals(CILIUM_POLICY)
                        ? ciliumEgress(manifest.object().path("spec")) : networkPolicyEgress(manifest.object().path("spec"))));
                byName |= manifest.object().path("spec").path("egress").toString().contains("toFQDNs");
            }
            for (String control : List.of(MESH_ONLY, REGISTRY_ONLY, SERVICE_ENTRY, MESH_AUTHORIZATION)) {
                for (Manifest manifest : implementing(r, control)) {
                    by.add(of(manifest, switch (control) {
                        case MESH_ONLY -> "only to the mesh egress gateway and istiod";
                        case REGISTRY_ONLY -> "outbound REGISTRY_ONLY: hosts without a ServiceEntry are refused";
                        case SERVICE_ENTRY -> "hosts " + joined(manifest.object().path("spec").path("hosts"));
                        default -> "the record's principal to its hosts only";
                    }));
                    byName |= control.equals(MESH_AUTHORIZATION);
                }
            }
            Optional<NftablesScript> script = nftables();
            if (script.isPresent()) {
                String header = r.viaGateway() ? "# egress-gateway and http-proxy records: "
                        : "# mesh-egress-gateway records: ";
                long own = script.get().forward().stream().filter(rule -> NftablesScript.commentIs(rule, "warden: " + r.name()))
                        .count();
                if (own > 0) {
                    by.add(new Enforcement(NFT_LAYER, script.get().cite("forward chain, " + own + " rule"
                            + (own == 1 ? "" : "s") + " commented warden: " + r.name())));
                } else if (script.get().forward().stream().anyMatch(line -> line.startsWith(header)
                        && Set.of(line.substring(header.length()).split(", ")).contains(r.name()))) {
                    by.add(new Enforcement(NFT_LAYER, script.get().cite("forward chain, pods only to "
                            + (r.viaGateway() ? "the gateway's port" : "the mesh egress gateway"))));
                }
            }
            Optional<Manifest> gateway = gatewayPolicy(r);
            gateway.ifPresent(manifest -> by.add(of(manifest, r.destinations() + " (host name by CONNECT/Host and TLS SNI)")));
            if (by.isEmpty()) {
                List<String> problems = problemsOf(r);
                return new Row(Control.DESTINATION_AUTHORISATION, by, "nothing emitted allows or limits this record's"
                        + " destinations" + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
            }
            if (r.viaGateway() && gateway.isEmpty()) {
                return new Row(Control.DESTINATION_AUTHORISATION, by, "these only send the record's pods to the gateway;"
                        + " its destinations (" + r.destinations() + ") are the gateway's to authorise, and the gateway"
                        + " target was not compiled");
            }
            if (r.spec().path() == EgressPath.MESH_EGRESS_GATEWAY && !byName) {
                return new Row(Control.DESTINATION_AUTHORISATION, by, "nothing emitted checks the record's host names;"
                        + " compile istio for the egress gateway's AuthorizationPolicy");
            }
            if (!r.viaGateway() && r.spec().destination().namedOnlyByHostname() && !byName) {
                return new Row(Control.DESTINATION_AUTHORISATION, by, "the record names its destination only by host"
                        + " name, which these match only by the addresses warden dns adds at runtime; compile cilium"
                        + " for toFQDNs");
            }
            return new Row(Control.DESTINATION_AUTHORISATION, by, null);
        }

        /** A NetworkPolicy's egress rules as "to … on …", one per rule. */
        private static String networkPolicyEgress(JsonNode spec) {
            return stream(spec.path("egress")).map(rule -> {
                List<String> to = stream(rule.path("to")).map(peer -> peer.has("ipBlock")
                        ? publicOr(peer.path("ipBlock").path("cidr").asText())
                        : "pods in " + peer.path("namespaceSelector").path("matchLabels")
                                .path(KubeObjects.NAMESPACE_NAME_LABEL).asText()).distinct().toList();
                List<String> ports = stream(rule.path("ports")).map(port -> port.path("port").asText()
                        + (port.has("endPort") ? "-" + port.path("endPort").asText() : "") + "/"
                        + port.path("protocol").asText()).toList();
                return "to " + String.join(", ", to) + (ports.isEmpty() ? "" : " on " + String.join(", ", ports));
            }).collect(Collectors.joining("; "));
        }

        /** A CiliumNetworkPolicy's egress rules but its DNS rule, as "to … on …". */
        private static String ciliumEgress(JsonNode spec) {
            return stream(spec.path("egress"))
                    .filter(rule -> stream(rule.path("toPorts")).noneMatch(entry -> entry.path("rules").has("dns")))
                    .map(rule -> {
                        List<String> to = new ArrayList<>();
                        stream(rule.path("toFQDNs")).forEach(name -> to.add(name.has("matchName")
                                ? name.path("matchName").asText() : name.path("matchPattern").asText()));
                        stream(rule.path("toCIDRSet")).forEach(set -> to.add(publicOr(set.path("cidr").asText())));
                        stream(rule.path("toEndpoints")).forEach(peer -> to.add("pods in "
                                + peer.path("matchLabels").path("k8s:io.kubernetes.pod.namespace").asText()));
                        List<String> ports = stream(rule.path("toPorts")).flatMap(entry -> stream(entry.path("ports")))
                                .map(port -> port.path("port").asText() + (port.has("endPort") ? "-"
                                        + port.path("endPort").asText() : "") + "/" + port.path("protocol").asText())
                                .toList();
                        return (rule.has("toFQDNs") ? "toFQDNs " : "to ") + String.join(", ", to.stream().distinct().toList())
                                + (ports.isEmpty() ? "" : " on " + String.join(", ", ports));
                    }).collect(Collectors.joining("; "));
        }

        private static String publicOr(String cidr) {
            return cidr.equals("0.0.0.0/0") || cidr.equals("::/0") ? "any public address" : cidr;
        }

        private Row tlsVerification(Record r) {
            String who = switch (r.spec().tls().verify()) {
                case REQUIRED -> "the client application must verify the destination's certificate and name"
                        + " (tls.verify: required)";
                case PINNED_CA -> "the client application must verify the destination against its pinned CA"
                        + " (tls.verify: pinned-ca)";
                case MTLS -> "the client application must present its certificate and verify the destination's"
                        + " (tls.verify: mtls)";
                case NONE -> "the record declares tls.verify: none, so nothing verifies the destination";
            };
            String path = switch (r.spec().path()) {
                case EGRESS_GATEWAY, HTTP_PROXY -> r.spec().protocol() == AppProtocol.HTTP
                        ? "; the gateway forwards plain HTTP" : "; the gateway tunnels the TLS and checks only that"
                        + " its SNI matches the requested host, not the destination's certificate";
                case MESH_EGRESS_GATEWAY -> implementing(r, MESH_ROUTE).isEmpty() ? ""
                        : "; the DestinationRule's ISTIO_MUTUAL covers only sidecar to egress gateway";
                case NAT, PRIVATE_ENDPOINT -> "; the path carries the application's TLS unchanged";
            };
            return new Row(Control.TLS_VERIFICATION, List.of(), who + "; no emitted object verifies certificates" + path);
        }

        private Row runtimeMonitoring(Record r) {
            List<Enforcement> by = new ArrayList<>();
            Set<AuditNeed> unmet = EnumSet.noneOf(AuditNeed.class);
            unmet.addAll(r.spec().audit());
            Optional<Manifest> gateway = gatewayPolicy(r);
            if (gateway.isPresent()) {
                by.add(of(gateway.get(), "audit event per decision and connection (workload, destination, bytes,"
                        + " duration)"));
                unmet.retainAll(gatewayBlindSpots(r));
            }
            nftables().filter(script -> script.lastForwardRule().filter(rule -> rule.startsWith("counter drop")).isPresent())
                    .ifPresent(script -> by.add(new Enforcement(NFT_LAYER,
                            script.cite("counters on the default drop, for all pods together"))));
            List<String> notes = new ArrayList<>();
            if (gateway.isPresent()) {
                boolean dns = unmet.remove(AuditNeed.DNS_QUERIES);
                if (!unmet.isEmpty()) {
                    notes.add("the gateway cannot record " + needs(unmet) + (r.spec().protocol() == AppProtocol.HTTP
                            ? "" : " (requests inside TLS are not seen): the application's own metrics must"));
                }
                if (dns) {
                    notes.add("dns-queries are warden dns's to log (a runtime layer, not compiled)");
                }
            } else if (!unmet.isEmpty()) {
                notes.add("the record's audit needs (" + needs(unmet) + ") have no emitted recorder");
            }
            if (gateway.isEmpty() && implementing(r, Manifest.ALLOW).stream().anyMatch(m -> m.kind().equals(CILIUM_POLICY))) {
                notes.add("Hubble flow logs would show this record's policy verdicts where Hubble is enabled (not compiled)");
            }
            if (r.spec().path() == EgressPath.MESH_EGRESS_GATEWAY) {
                notes.add("the egress gateway's access log (mesh telemetry) is Istio's configuration, not compiled");
            }
            if (gateway.isEmpty() && r.viaGateway()) {
                notes.add("the gateway's audit trail would record it, but the gateway target was not compiled");
            }
            return new Row(Control.RUNTIME_MONITORING, by, notes.isEmpty() ? null : String.join("; ", notes));
        }

        private static String needs(Set<AuditNeed> needs) {
            return needs.stream().map(AuditNeed::wireName).collect(Collectors.joining(", "));
        }

        /** Audit needs the gateway's audit trail cannot meet for this record. */
        private static Set<AuditNeed> gatewayBlindSpots(Record r) {
            Set<AuditNeed> blind = EnumSet.of(AuditNeed.DNS_QUERIES);
            if (r.spec().protocol() != AppProtocol.HTTP) {
                blind.addAll(EnumSet.of(AuditNeed.REQUEST_COUNT, AuditNeed.STATUS, AuditNeed.HTTP_METHOD, AuditNeed.HTTP_PATH));
            } else if (r.spec().path() == EgressPath.EGRESS_GATEWAY) {
                blind.add(AuditNeed.HTTP_PATH);
            }
            return blind;
        }

        private Row changeApproval(Record r) {
            var review = r.spec().review();
            var due = review.cadence().nextDue(review.lastReviewed());
            List<Enforcement> by = new ArrayList<>();
            by.add(new Enforcement("registry review", loaded.keyPosition(r.record(), "/spec/review") + ": owner "
                    + r.spec().owner() + ", review " + review.cadence() + ", last reviewed " + review.lastReviewed()
                    + ", next due " + due));
            long traced = compiled.values().stream().flatMap(compilation -> compilation.manifests().stream())
                    .filter(manifest -> names(manifest, r.name())).count();
            if (traced > 0) {
                by.add(new Enforcement("warden.dev/implements", traced + " emitted object" + (traced == 1 ? "" : "s")
                        + " name " + r.name()));
            }
            return new Row(Control.CHANGE_APPROVAL, by, (today.isAfter(due) ? "the review is overdue since " + due + "; "
                    : "") + "the approval itself is the pull request or ticket that changes the registry, outside"
                    + " Warden; compile refuses a registry warden check finds errors in");
        }

        private Row exceptionHandling(Record r) {
            List<EgressException> active = loaded.registry().exceptions().stream()
                    .filter(exception -> exception.spec().dependency().equals(r.name()) && exception.activeOn(today))
                    .sorted(Comparator.comparing(EgressException::name)).toList();
            if (active.isEmpty()) {
                return new Row(Control.EXCEPTION_HANDLING, List.of(), "no EgressException loosens " + r.name() + " on "
                        + today + "; one would need an approver and an expiry, and warden check errors once it has expired");
            }
            List<Enforcement> by = new ArrayList<>();
            List<String> inSnapshot = gatewayPolicy(r).map(manifest -> snapshotExceptions(manifest, r.name()))
                    .orElse(List.of());
            for (EgressException exception : active) {
                var spec = exception.spec();
                by.add(new Enforcement("registry exception", loaded.keyPosition(exception, "/spec/expires") + ": "
                        + exception.name() + " until " + spec.expires() + ", approved by " + spec.approvedBy()
                        + (spec.ticket() == null ? "" : ", ticket " + spec.ticket())));
                if (inSnapshot.contains(exception.name())) {
                    by.add(of(gatewayPolicy(r).orElseThrow(), "snapshot.yaml applies " + exception.name() + " until "
                            + spec.expires()));
                }
            }
            List<String> notes = new ArrayList<>();
            compiled.forEach((target, compilation) -> compilation.problems().stream()
                    .filter(problem -> active.stream().anyMatch(e -> problem.startsWith("exception " + e.name() + " ")))
                    .forEach(problem -> notes.add(target.wireName() + " leaves it out: no clock to end it on its day")));
            if (!r.viaGateway()) {
                List<String> policyTargets = Stream.of(CompileTarget.KUBERNETES, CompileTarget.CILIUM, CompileTarget.ISTIO)
                        .filter(this::isCompiled).map(CompileTarget::wireName).toList();
                if (!policyTargets.isEmpty()) {
                    notes.add(String.join(", ", policyTargets) + " emit nothing for exceptions: what one adds is not"
                            + " allowed there");
                }
            }
            return new Row(Control.EXCEPTION_HANDLING, by, notes.isEmpty() ? null : String.join("; ", notes));
        }

        /** The exceptions the gateway's resolved snapshot shows in force for the record. */
        private static List<String> snapshotExceptions(Manifest configMap, String record) {
            try {
                JsonNode snapshot = YAML.readTree(configMap.object().path("data").path("snapshot.yaml").asText());
                return stream(snapshot.path("records")).filter(entry -> entry.path("name").asText().equals(record))
                        .flatMap(entry -> stream(entry.path("exceptionsInForce")))
                        .map(exception -> exception.path("name").asText()).toList();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the gateway target writes its snapshot as YAML", e);
            }
        }
    }

    /** The record and the posture it is compiled under, with the sentences the rows share. */
    private record Record(EgressDependency record, Optional<EgressPosture.Spec> posture) {
        String name() {
            return record.name();
        }

        EgressDependency.Spec spec() {
            return record.spec();
        }

        boolean viaGateway() {
            return VIA_GATEWAY.contains(spec().path());
        }

        /** Where the record's traffic leaves from, as the posture says. */
        String leavesFrom() {
            return switch (spec().path()) {
                case EGRESS_GATEWAY, HTTP_PROXY -> posture.map(EgressPosture.Spec::gateway)
                        .filter(gateway -> !gateway.egressIps().isEmpty())
                        .map(gateway -> "the gateway's egressIps " + joinedValues(gateway.egressIps()) + " (posture)")
                        .orElse("the gateway's node addresses (the posture names no gateway.egressIps)");
                case NAT -> posture.map(EgressPosture.Spec::nat).filter(nat -> !nat.egressIps().isEmpty())
                        .map(nat -> "the cloud NAT's egressIps " + joinedValues(nat.egressIps())
                                + " (posture), which no emitted object configures")
                        .orElse("node addresses (the posture names no nat.egressIps)");
                case MESH_EGRESS_GATEWAY -> "the mesh egress gateway's node addresses";
                case PRIVATE_ENDPOINT -> "pod or node addresses, to a private endpoint";
            };
        }

        /** The workload the record admits, as the gateway matches it. */
        String who() {
            var source = spec().source();
            List<String> parts = new ArrayList<>(List.of("namespace " + source.namespace()));
            if (source.serviceAccount() != null) {
                parts.add("service account " + source.serviceAccount());
            }
            LabelSelector selector = source.podSelector();
            if (selector != null && !selector.matchLabels().isEmpty()) {
                parts.add("labels " + new TreeMap<>(selector.matchLabels()).entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", ")));
            }
            return String.join(", ", parts);
        }

        /** The record's destinations and ports in one phrase. */
        String destinations() {
            var destination = spec().destination();
            List<String> to = new ArrayList<>();
            destination.hosts().forEach(host -> to.add(host.ascii()));
            destination.wildcards().forEach(wildcard -> to.add(wildcard.pattern().toString()));
            destination.cidrs().forEach(cidr -> to.add(cidr.toString()));
            destination.allowPrivate().forEach(range -> to.add(range.cidr().toString()));
            if (destination.anyPublic() != null) {
                to.add("any public address");
            }
            return String.join(", ", to) + (destination.ports().isEmpty() ? "" : " on "
                    + destination.ports().stream().map(Object::toString).collect(Collectors.joining(", ")));
        }

        private static String joinedValues(List<?> values) {
            return values.stream().map(Object::toString).collect(Collectors.joining(", "));
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static String joined(JsonNode array) {
        return stream(array).map(JsonNode::asText).collect(Collectors.joining(", "));
    }
}
