package dev.warden.analyze.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.analyze.cluster.cilium.CiliumPolicy;
import dev.warden.analyze.cluster.cilium.CiliumRule;
import dev.warden.analyze.cluster.cilium.CiliumRule.Subject;
import dev.warden.analyze.cluster.cilium.Entity;
import dev.warden.analyze.cluster.cilium.PeerRule;
import dev.warden.analyze.cluster.cilium.PeerRule.CidrPeer;
import dev.warden.analyze.cluster.cilium.PeerRule.FqdnSelector;
import dev.warden.analyze.cluster.cilium.PeerRule.PortProtocol;
import dev.warden.analyze.cluster.cilium.PeerRule.PortRule;
import dev.warden.analyze.cluster.cilium.PeerRule.Protocol;
import dev.warden.analyze.cluster.cilium.PeerRule.ServiceSelector;
import dev.warden.analyze.reach.Cidr;
import dev.warden.analyze.read.ClusterAssembler.InvalidObjectException;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy that passed its published schema to
 * the cluster model, and rejects what the schema lets through but the Cilium agent refuses when it
 * imports the policy ({@code Rule.Sanitize} and {@code CiliumNetworkPolicy.Parse} in Cilium 1.18).
 * A refused policy is not enforced at all, so it is reported and left out like any invalid object:
 *
 * <ul>
 *   <li>neither {@code spec} nor {@code specs} ("empty policy");
 *   <li>{@code nodeSelector} in a CiliumNetworkPolicy: only cluster-wide policies select nodes;
 *   <li>an ingress or egress allow rule naming two kinds of peer, say {@code toEndpoints} and
 *       {@code toCIDR} ("Combining ... is not supported yet"). Deny rules are not checked for it,
 *       and their peers are alternatives;
 *   <li>{@code toServices} or {@code icmps} with {@code toPorts} in one allow rule;
 *   <li>an {@code except} outside its {@code cidr} in an allow rule; a CIDR or port number that
 *       does not parse, in any rule;
 *   <li>L7 rules on a port whose protocol is not TCP (DNS rules aside), DNS rules on ingress, and
 *       L7 rules in a host policy.
 * </ul>
 */
final class CiliumPolicyReader {
    /** The peer fields of a rule, after its {@code to}/{@code from}; Cilium allows one of them per allow rule. */
    private static final List<String> PEER_FIELDS =
            List.of("Endpoints", "CIDR", "CIDRSet", "Entities", "FQDNs", "Services", "Nodes", "Groups");
    /** Peer fields naming nodes or cloud provider groups, which the model has no way to resolve. */
    private static final List<String> UNRESOLVED_PEER_FIELDS = List.of("Nodes", "Groups");

    private final Binder binder;

    CiliumPolicyReader(Binder binder) {
        this.binder = binder;
    }

    /** {@code read} is the policy's identity and place; a cluster-wide policy has no namespace. */
    CiliumPolicy read(ReadObject read, JsonNode tree) throws InvalidObjectException {
        boolean clusterwide = read.namespace() == null;
        JsonNode spec = tree.get("spec");
        JsonNode specs = tree.get("specs");
        if (absent(spec) && absent(specs)) {
            throw new InvalidObjectException("missing spec (or specs): Cilium rejects an empty policy");
        }
        List<CiliumRule> rules = new ArrayList<>();
        if (!absent(spec)) {
            rules.add(rule(spec, "spec", clusterwide));
        }
        for (int i = 0; !absent(specs) && i < specs.size(); i++) {
            rules.add(rule(specs.get(i), "specs[" + i + "]", clusterwide));
        }
        return new CiliumPolicy(read.namespace(), read.name(), rules, read.source());
    }

    private CiliumRule rule(JsonNode rule, String path, boolean clusterwide) throws InvalidObjectException {
        JsonNode nodeSelector = rule.get("nodeSelector");
        boolean hostPolicy = !absent(nodeSelector);
        if (hostPolicy && !clusterwide) {
            throw new InvalidObjectException(path + ".nodeSelector: only a CiliumClusterwideNetworkPolicy may select nodes");
        }
        Subject subject = hostPolicy
                ? new Subject.Nodes(selector(nodeSelector, path + ".nodeSelector"))
                : new Subject.Endpoints(selector(rule.get("endpointSelector"), path + ".endpointSelector"));
        List<PeerRule> ingress = peerRules(rule, path, Direction.INGRESS, false, hostPolicy);
        List<PeerRule> ingressDeny = peerRules(rule, path, Direction.INGRESS, true, hostPolicy);
        List<PeerRule> egress = peerRules(rule, path, Direction.EGRESS, false, hostPolicy);
        List<PeerRule> egressDeny = peerRules(rule, path, Direction.EGRESS, true, hostPolicy);
        JsonNode defaultDeny = rule.path("enableDefaultDeny");
        return new CiliumRule(subject, ingress, ingressDeny, egress, egressDeny,
                defaultDeny.path("ingress").asBoolean(!ingress.isEmpty() || !ingressDeny.isEmpty()),
                defaultDeny.path("egress").asBoolean(!egress.isEmpty() || !egressDeny.isEmpty()));
    }

    /** How a direction's fields are spelled: {@code egress} and {@code egressDeny}, with {@code to*} peers. */
    private enum Direction {
        INGRESS("ingress", "from"),
        EGRESS("egress", "to");

        final String field;
        final String peerPrefix;

        Direction(String field, String peerPrefix) {
            this.field = field;
            this.peerPrefix = peerPrefix;
        }
    }

    private List<PeerRule> peerRules(JsonNode rule, String rulePath, Direction direction, boolean deny,
            boolean hostPolicy) throws InvalidObjectException {
        String field = direction.field + (deny ? "Deny" : "");
        JsonNode rules = rule.path(field);
        List<PeerRule> read = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            read.add(peerRule(rules.get(i), rulePath + "." + field + "[" + i + "]", direction, deny, hostPolicy));
        }
        return read;
    }

    private PeerRule peerRule(JsonNode rule, String path, Direction direction, boolean deny, boolean hostPolicy)
            throws InvalidObjectException {
        String prefix = direction.peerPrefix;
        List<String> peerFields = PEER_FIELDS.stream().filter(field -> !rule.path(prefix + field).isEmpty()).toList();
        JsonNode ports = rule.path("toPorts");
        if (!deny) {
            if (peerFields.size() > 1) {
                throw new InvalidObjectException(path + ": Cilium does not accept " + prefix + peerFields.get(0) + " and "
                        + prefix + peerFields.get(1) + " in one rule; write them as separate rules");
            }
            for (String field : List.of("toServices", "icmps")) {
                if (!rule.path(field).isEmpty() && !ports.isEmpty()) {
                    throw new InvalidObjectException(path + ": Cilium does not accept " + field
                            + " and toPorts in one rule; write them as separate rules");
                }
            }
        }
        List<LabelSelector> endpoints = new ArrayList<>();
        JsonNode selectors = rule.path(prefix + "Endpoints");
        for (int i = 0; i < selectors.size(); i++) {
            endpoints.add(selector(selectors.get(i), path + "." + prefix + "Endpoints[" + i + "]"));
        }
        List<CidrPeer> cidrs = new ArrayList<>();
        JsonNode prefixes = rule.path(prefix + "CIDR");
        for (int i = 0; i < prefixes.size(); i++) {
            cidrs.add(new CidrPeer.Block(cidr(prefixes.get(i).textValue(), path + "." + prefix + "CIDR[" + i + "]"), List.of()));
        }
        JsonNode sets = rule.path(prefix + "CIDRSet");
        for (int i = 0; i < sets.size(); i++) {
            cidrs.add(cidrSet(sets.get(i), path + "." + prefix + "CIDRSet[" + i + "]", !deny));
        }
        List<Entity> entities = new ArrayList<>();
        for (JsonNode entity : rule.path(prefix + "Entities")) {
            // the schema's enum is the list Entity spells out
            entities.add(Entity.of(entity.textValue()).orElseThrow());
        }
        List<FqdnSelector> fqdns = new ArrayList<>();
        for (JsonNode fqdn : rule.path("toFQDNs")) {
            fqdns.add(new FqdnSelector(fqdn.path("matchName").textValue(), fqdn.path("matchPattern").textValue()));
        }
        List<ServiceSelector> services = new ArrayList<>();
        List<String> unresolved = new ArrayList<>(peerFields.stream()
                .filter(UNRESOLVED_PEER_FIELDS::contains).map(field -> prefix + field).toList());
        JsonNode toServices = rule.path("toServices");
        for (int i = 0; i < toServices.size(); i++) {
            String servicePath = path + ".toServices[" + i + "]";
            JsonNode byLabels = toServices.get(i).path("k8sServiceSelector");
            JsonNode byName = toServices.get(i).path("k8sService");
            if (!byLabels.isMissingNode()) {
                services.add(new ServiceSelector.ByLabels(selector(byLabels.get("selector"), servicePath + ".k8sServiceSelector.selector"),
                        byLabels.path("namespace").textValue()));
            } else if (!byName.isMissingNode()) {
                services.add(new ServiceSelector.ByName(byName.path("serviceName").textValue(), byName.path("namespace").textValue()));
            } else {
                unresolved.add(servicePath + " (names no Service)");
            }
        }
        List<PortRule> portRules = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            portRules.add(portRule(ports.get(i), path + ".toPorts[" + i + "]", direction, hostPolicy));
        }
        return new PeerRule(endpoints, cidrs, entities, fqdns, services, unresolved, portRules,
                !rule.path("icmps").isEmpty());
    }

    private CidrPeer cidrSet(JsonNode set, String path, boolean exceptMustBeInside) throws InvalidObjectException {
        if (set.has("cidrGroupRef")) {
            return new CidrPeer.Group("cidrGroupRef " + set.get("cidrGroupRef").textValue());
        }
        if (set.has("cidrGroupSelector")) {
            return new CidrPeer.Group("cidrGroupSelector");
        }
        String block = cidr(set.get("cidr").textValue(), path + ".cidr");
        List<String> except = new ArrayList<>();
        JsonNode excepts = set.path("except");
        for (int i = 0; i < excepts.size(); i++) {
            String excluded = cidr(excepts.get(i).textValue(), path + ".except[" + i + "]");
            // Cilium checks the excluded prefix's address, so a wider except is accepted if it starts inside
            String address = excluded.substring(0, excluded.indexOf('/'));
            if (exceptMustBeInside && !Cidr.parse(block).covers(Cidr.parse(address + "/" + (address.contains(":") ? 128 : 32)))) {
                throw new InvalidObjectException(path + ".except[" + i + "]: " + excluded + " is not inside " + block
                        + ", which Cilium rejects");
            }
            except.add(excluded);
        }
        return new CidrPeer.Block(block, except);
    }

    /** A prefix as {@link Cidr} parses it; Cilium also takes a bare address in {@code toCIDR}, as one address. */
    private static String cidr(String written, String path) throws InvalidObjectException {
        String prefix = written.contains("/") ? written : written + (written.contains(":") ? "/128" : "/32");
        try {
            Cidr.parse(prefix);
            return prefix;
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException(path + ": not a CIDR: " + written);
        }
    }

    private PortRule portRule(JsonNode rule, String path, Direction direction, boolean hostPolicy)
            throws InvalidObjectException {
        JsonNode l7 = rule.path("rules");
        boolean layer7 = !l7.isEmpty();
        boolean dns = !l7.path("dns").isEmpty();
        if (layer7 && hostPolicy) {
            throw new InvalidObjectException(path + ".rules: Cilium does not accept L7 rules in a host policy (nodeSelector)");
        }
        if (dns && direction == Direction.INGRESS) {
            throw new InvalidObjectException(path + ".rules.dns: Cilium does not accept DNS rules on ingress");
        }
        List<PortProtocol> ports = new ArrayList<>();
        JsonNode portList = rule.path("ports");
        for (int i = 0; i < portList.size(); i++) {
            JsonNode port = portList.get(i);
            String portPath = path + ".ports[" + i + "]";
            Protocol protocol = port.has("protocol") ? Protocol.valueOf(port.get("protocol").textValue()) : Protocol.ANY;
            PortProtocol written = new PortProtocol(port.get("port").textValue(), port.path("endPort").asInt(0), protocol);
            if (!written.named() && !isPortNumber(written.port())) {
                // the schema's pattern is anchored at one end only, so it lets 99999 and 80- through
                throw new InvalidObjectException(portPath + ".port: not a port number (0-65535) or name: " + written.port());
            }
            if (layer7 && !dns && protocol != Protocol.TCP) {
                throw new InvalidObjectException(portPath + ".protocol: Cilium applies L7 rules (other than DNS) to TCP only, not "
                        + protocol);
            }
            ports.add(written);
        }
        return new PortRule(ports, layer7);
    }

    /** A number Cilium parses as a 16-bit port. */
    private static boolean isPortNumber(String written) {
        return !written.isEmpty() && written.length() <= 5 && written.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(written) <= 65535;
    }

    private LabelSelector selector(JsonNode selector, String path) throws InvalidObjectException {
        try {
            return binder.bind(selector, LabelSelector.class);
        } catch (Binder.BindingException e) {
            throw new InvalidObjectException(path + "." + e.getMessage());
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }
}
