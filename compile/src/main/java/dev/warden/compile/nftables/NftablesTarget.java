package dev.warden.compile.nftables;

import static dev.warden.compile.nftables.NftNames.comment;

import dev.warden.model.net.Cidr;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.DefaultEgress;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.PortRange;
import dev.warden.model.registry.EgressException;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.Mode;
import dev.warden.model.registry.Registry;
import dev.warden.model.registry.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The nftables target of {@code warden compile}: the registry as a node firewall for pods whose
 * addresses are the posture's {@code podCidrs} and whose traffic the node forwards.
 *
 * <p>The script replaces table {@code inet warden} in one {@code nft -f} transaction and can be
 * loaded again and again. Its forward chain drops by default (§15) and allows, in order: replies,
 * DNS to the cluster resolver only (§24.2), the gateway's port for {@code egress-gateway} and
 * {@code http-proxy} records, in-cluster destinations, and each {@code nat} and
 * {@code private-endpoint} record's destinations on its ports. Cloud metadata is dropped before
 * anything is allowed. The postrouting chain gives pod traffic its source address.
 *
 * <p>An address firewall cannot tell pods apart: every allow here applies to every pod address.
 * Scoping a record to its workload is what the NetworkPolicy, Cilium and gateway targets do; this
 * ruleset is the layer that holds when those are bypassed. The output is deterministic: sets,
 * elements and rules are sorted, and nothing depends on time.
 */
public final class NftablesTarget {
    private static final Set<EgressPath> DIRECT = Set.of(EgressPath.NAT, EgressPath.PRIVATE_ENDPOINT);
    private static final Set<EgressPath> VIA_GATEWAY = Set.of(EgressPath.EGRESS_GATEWAY, EgressPath.HTTP_PROXY);
    /**
     * Metadata endpoints pods could steal credentials from. Azure's 168.63.129.16 is left to the
     * records (the model still calls it special): Azure clusters' resolvers forward to it. The
     * node-local agents (169.254.170.x) are reached through the node's input chain, not here.
     */
    private static final Map<IpFamily, String> METADATA = Map.of(
            IpFamily.V4, "{ 100.100.100.200, 169.254.169.254 }",
            IpFamily.V6, "fd00:ec2::254");
    private static final String DNS_PORTS = "{ 53, 853 }";

    private final Registry registry;
    private final Optional<EgressPosture.Spec> posture;
    private final List<IpFamily> families;
    private final List<EgressDependency> records;
    private final List<NftSet> sets = new ArrayList<>();
    private final List<String> forward = new ArrayList<>();
    private final List<String> postrouting = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private NftablesTarget(Registry registry) {
        this.registry = registry;
        this.posture = registry.posture().map(EgressPosture::spec);
        // IPv4 always, so pod_cidrs exists for the lab and the operator even when it is empty.
        this.families = podCidrs().stream().anyMatch(IpFamily.V6::holds)
                ? List.of(IpFamily.V4, IpFamily.V6) : List.of(IpFamily.V4);
        this.records = registry.dependencies().stream()
                .sorted(Comparator.comparing(EgressDependency::name)).toList();
    }

    /** Compiles {@code registry}; what it cannot express is listed in the result's problems, never thrown. */
    public static NftablesRuleset compile(Registry registry) {
        return new NftablesTarget(registry).ruleset();
    }

    private NftablesRuleset ruleset() {
        checkPosture();
        declareSets();
        forwardChain();
        postroutingChain();
        reportExceptions();
        return new NftablesRuleset(script(), problems);
    }

    private List<Cidr> podCidrs() {
        return posture.map(EgressPosture.Spec::podCidrs).orElse(List.of());
    }

    private List<Cidr> serviceCidrs() {
        return posture.map(EgressPosture.Spec::serviceCidrs).orElse(List.of());
    }

    private Optional<EgressPosture.Gateway> gateway() {
        return posture.map(EgressPosture.Spec::gateway);
    }

    private List<EgressDependency> recordsOn(Predicate<EgressPath> paths) {
        return records.stream().filter(record -> paths.test(record.spec().path())).toList();
    }

    private void checkPosture() {
        if (posture.isEmpty()) {
            problems.add("the registry has no EgressPosture: without podCidrs no packet is known to come from a pod,"
                    + " so the ruleset allows nothing but replies; add the posture");
        } else if (podCidrs().isEmpty()) {
            problems.add("the posture lists no podCidrs: no packet is known to come from a pod,"
                    + " so the ruleset allows nothing but replies; add spec.podCidrs");
        }
        if (posture.isPresent() && posture.get().clusterDns().addresses().isEmpty()) {
            problems.add("the posture lists no clusterDns.addresses: the node firewall lets pods resolve names"
                    + " nowhere; add the cluster DNS service address (and NodeLocal DNSCache's, if used)");
        }
    }

    // ---- sets ----

    private void declareSets() {
        boolean anyPublic = recordsOn(DIRECT::contains).stream()
                .anyMatch(record -> record.spec().destination().anyPublic() != null);
        for (IpFamily family : families) {
            compiledSet(family.set("pod_cidrs"), family, podCidrs(), "the posture's podCidrs: the pods this node forwards for");
            compiledSet(family.set("service_cidrs"), family, serviceCidrs(), "the posture's serviceCidrs");
            compiledSet(family.set("cluster_dns"), family, clusterDnsAddresses(),
                    "the posture's clusterDns.addresses: the only resolver pods may query (§24.2)");
            filledLater(family.set("cluster_dns_pods"), family, "elements added by the deployment: the cluster"
                    + " resolver pods' own addresses, which alone may query upstream resolvers");
            filledLater(family.set("gateway_addrs"), family, "elements added by the deployment: the gateway pods'"
                    + " addresses (the posture's gateway.egressIps are where traffic leaves, not these)");
            if (!recordsOn(EgressPath.MESH_EGRESS_GATEWAY::equals).isEmpty()) {
                filledLater(family.set("mesh_gateway_addrs"), family,
                        "elements added by the deployment: the mesh egress gateway pods' addresses");
            }
            if (anyPublic) {
                compiledSet(family.set("non_public"), family, nonPublic(family),
                        "what anyPublic records must not reach: special-purpose ranges and the cluster's own");
            }
        }
        for (EgressDependency record : recordsOn(DIRECT::contains)) {
            EgressDependency.Destination destination = record.spec().destination();
            for (IpFamily family : families) {
                List<Cidr> ranges = destinationRanges(destination);
                if (ranges.stream().anyMatch(family::holds)) {
                    compiledSet(NftNames.destinationSet(record.name(), family.isV4()), family, ranges,
                            "record " + record.name() + ": its cidrs and allowPrivate ranges");
                }
                if (namedByHost(destination)) {
                    sets.add(new NftSet(NftNames.resolvedAddressSet(record.name(), family.isV4()), family,
                            NftSet.Flag.TIMEOUT, List.of(), "record " + record.name() + ": addresses pods resolved from"
                            + " its names, added by warden dns (same name as its Observations.setName)", false));
                }
            }
        }
    }

    private List<Cidr> clusterDnsAddresses() {
        return posture.map(spec -> spec.clusterDns().addresses()).orElse(List.of()).stream()
                .map(address -> new Cidr(address, address.bitLength())).toList();
    }

    private List<Cidr> nonPublic(IpFamily family) {
        List<Cidr> special = family.isV4() ? AddressRanges.NON_PUBLIC_V4 : AddressRanges.NON_PUBLIC_V6_IN_GLOBAL_UNICAST;
        return Stream.of(special, podCidrs(), serviceCidrs()).flatMap(List::stream).toList();
    }

    private static List<Cidr> destinationRanges(EgressDependency.Destination destination) {
        return Stream.concat(destination.cidrs().stream(),
                destination.allowPrivate().stream().map(EgressDependency.PrivateRange::cidr)).toList();
    }

    private static boolean namedByHost(EgressDependency.Destination destination) {
        return !destination.hosts().isEmpty() || !destination.wildcards().isEmpty();
    }

    private void compiledSet(String name, IpFamily family, Collection<Cidr> ranges, String why) {
        List<String> elements = AddressRanges.disjoint(ranges, family.isV4()).stream().map(AddressRanges::element).toList();
        sets.add(new NftSet(name, family, NftSet.Flag.INTERVAL, elements, why, true));
    }

    private void filledLater(String name, IpFamily family, String why) {
        sets.add(new NftSet(name, family, NftSet.Flag.INTERVAL, List.of(), why, false));
    }

    // ---- forward ----

    private void forwardChain() {
        forward.add("type filter hook forward priority filter; policy drop;");
        for (IpFamily family : families) {
            forward.add(family.keyword + " daddr " + METADATA.get(family) + " counter drop "
                    + comment("warden: cloud metadata, refused before any accept"));
        }
        forward.add("ct state established,related accept " + comment("warden: replies to allowed connections"));
        forward.add("ct state invalid drop " + comment("warden: invalid packets"));
        dnsRules();
        gatewayRules();
        meshGatewayRules();
        for (IpFamily family : families) {
            // Matched after kube-proxy's DNAT: a Service whose endpoints lie outside the cluster
            // is egress and needs a record, so service_cidrs only covers unresolved service IPs.
            forward.add(family.keyword + " daddr @" + family.set("pod_cidrs") + " accept "
                    + comment("warden: to pods, in-cluster, not egress"));
            forward.add(family.keyword + " daddr @" + family.set("service_cidrs") + " accept "
                    + comment("warden: to services, in-cluster, not egress"));
        }
        recordsOn(DIRECT::contains).forEach(this::directRules);
        boolean allow = posture.map(EgressPosture.Spec::defaultEgress).orElse(DefaultEgress.DENY) == DefaultEgress.ALLOW;
        forward.add(allow
                ? "counter accept " + comment("warden: default allow (posture defaultEgress: allow)")
                : "counter drop " + comment("warden: default deny (§15)"));
    }

    /**
     * The cluster resolver is a Service address that kube-proxy rewrites to a resolver pod before
     * this chain sees the packet, so the rule matches the address and port the pod asked for
     * ({@code ct original}), not the rewritten one.
     */
    private void dnsRules() {
        for (IpFamily family : families) {
            forward.add(family.keyword + " saddr @" + family.set("pod_cidrs") + " ct original " + family.keyword
                    + " daddr @" + family.set("cluster_dns") + " meta l4proto { tcp, udp } ct original proto-dst 53 accept "
                    + comment("warden: DNS to the cluster resolver (§24.2)"));
            forward.add(family.keyword + " saddr @" + family.set("cluster_dns_pods") + " meta l4proto { tcp, udp } th dport "
                    + DNS_PORTS + " accept " + comment("warden: the cluster resolver's own upstream queries"));
            forward.add(family.keyword + " saddr @" + family.set("pod_cidrs") + " meta l4proto { tcp, udp } th dport "
                    + DNS_PORTS + " counter drop " + comment("warden: DNS only to the resolver (§24.2)"));
        }
    }

    /**
     * Records on the gateway paths leave through the gateway, which enforces them by name; here
     * pods may reach its port, and the gateway pods may leave on the ports those records use.
     */
    private void gatewayRules() {
        List<EgressDependency> viaGateway = recordsOn(VIA_GATEWAY::contains);
        if (viaGateway.isEmpty()) {
            return;
        }
        String names = names(viaGateway);
        Integer port = gateway().map(EgressPosture.Gateway::port).orElse(null);
        if (port == null) {
            problems.add("records " + names + " leave through the gateway, but the posture names no gateway port:"
                    + " pods cannot reach the gateway through this ruleset; set spec.gateway.port");
            return;
        }
        forward.add("# egress-gateway and http-proxy records: " + names);
        for (IpFamily family : families) {
            forward.add(family.keyword + " saddr @" + family.set("pod_cidrs") + " " + family.keyword + " daddr @"
                    + family.set("gateway_addrs") + " tcp dport " + port + " accept " + comment("warden: gateway for " + names));
            portMatches(viaGateway).forEach(ports -> forward.add(family.keyword + " saddr @" + family.set("gateway_addrs")
                    + " " + ports + " accept " + comment("warden: gateway egress for " + names)));
        }
    }

    /**
     * The node firewall cannot see the mesh's routing, only that the mesh egress gateway pods
     * send the traffic out; like the gateway's, their addresses are the deployment's to add.
     * Sidecars reach those pods by the in-cluster rule.
     */
    private void meshGatewayRules() {
        List<EgressDependency> viaMesh = recordsOn(EgressPath.MESH_EGRESS_GATEWAY::equals);
        if (viaMesh.isEmpty()) {
            return;
        }
        String names = names(viaMesh);
        forward.add("# mesh-egress-gateway records: " + names);
        for (IpFamily family : families) {
            portMatches(viaMesh).forEach(ports -> forward.add(family.keyword + " saddr @" + family.set("mesh_gateway_addrs")
                    + " " + ports + " accept " + comment("warden: mesh egress gateway for " + names)));
        }
    }

    /**
     * A {@code nat} or {@code private-endpoint} record: pods may reach its addresses on its ports.
     *
     * <p>Report-only records log and accept. An address firewall cannot attribute a packet to the
     * record's workload, so letting that workload through "where it would be denied" would open
     * the node to every pod; the record's own allow is emitted, logged as report-only, and the
     * would-deny audit is left to the gateway and the DNS resolver, which know the workload.
     */
    private void directRules(EgressDependency record) {
        EgressDependency.Destination destination = record.spec().destination();
        String verdict = record.spec().mode() == Mode.REPORT_ONLY
                ? NftNames.logPrefix("warden report-only " + record.name() + " ") + " accept"
                : "accept";
        String action = verdict + " " + comment("warden: " + record.name());
        List<String> ports = portMatches(List.of(record));
        List<Cidr> ranges = destinationRanges(destination);
        for (IpFamily family : families) {
            String fromPods = family.keyword + " saddr @" + family.set("pod_cidrs") + " ";
            List<String> destinations = new ArrayList<>();
            if (ranges.stream().anyMatch(family::holds)) {
                destinations.add(family.keyword + " daddr @" + NftNames.destinationSet(record.name(), family.isV4()));
            }
            if (namedByHost(destination)) {
                destinations.add(family.keyword + " daddr @" + NftNames.resolvedAddressSet(record.name(), family.isV4()));
            }
            if (destination.anyPublic() != null) {
                destinations.add((family.isV4() ? "" : "ip6 daddr " + AddressRanges.GLOBAL_UNICAST + " ")
                        + family.keyword + " daddr != @" + family.set("non_public"));
            }
            destinations.forEach(to -> ports.forEach(port -> forward.add(fromPods + to + " " + port + " " + action)));
        }
        if (destination.namedOnlyByHostname()) {
            problems.add("record " + record.name() + " (path " + record.spec().path() + ") names its destination only by"
                    + " host name, which an address firewall cannot match: the ruleset allows only the addresses"
                    + " warden dns adds to " + String.join(" and ", families.stream()
                            .map(family -> NftNames.resolvedAddressSet(record.name(), family.isV4())).toList())
                    + " as pods resolve those names, so run"
                    + " warden dns as the cluster resolver, add the destination's cidrs, or move the record to"
                    + " egress-gateway or http-proxy to enforce the names themselves");
        }
    }

    /** {@code tcp dport { 443, 8000-8100 }}, one per transport, overlapping and adjacent ranges merged. */
    private static List<String> portMatches(List<EgressDependency> records) {
        Map<Transport, List<PortRange>> byTransport = new EnumMap<>(Transport.class);
        records.forEach(record -> record.spec().destination().ports().forEach(range ->
                byTransport.computeIfAbsent(range.protocol(), transport -> new ArrayList<>()).add(range)));
        List<String> matches = new ArrayList<>();
        byTransport.forEach((transport, ranges) ->
                matches.add(transport.wireName().toLowerCase(Locale.ROOT) + " dport " + portSet(ranges)));
        return matches;
    }

    private static String portSet(List<PortRange> ranges) {
        List<PortRange> sorted = ranges.stream().sorted(Comparator.comparingInt(PortRange::port)).toList();
        List<int[]> merged = new ArrayList<>();
        for (PortRange range : sorted) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range.port() <= last[1] + 1) {
                last[1] = Math.max(last[1], range.endPort());
            } else {
                merged.add(new int[] {range.port(), range.endPort()});
            }
        }
        List<String> elements = merged.stream().map(r -> r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "-" + r[1]).toList();
        return elements.size() == 1 ? elements.get(0) : "{ " + String.join(", ", elements) + " }";
    }

    private static String names(List<EgressDependency> records) {
        return String.join(", ", records.stream().map(EgressDependency::name).toList());
    }

    // ---- postrouting ----

    /**
     * Pod traffic leaving the cluster takes the address the posture says destinations see. SNAT
     * to an egress IP is right where this host owns that address (a lab, a dedicated egress
     * node); where a cloud NAT owns it, that NAT translates and the node's address is what it
     * sees. Without one, masquerade: the node's own address, so replies need no route back to
     * the pod ranges. Only the first address of a list is used; spreading over several is the
     * NAT's job.
     */
    private void postroutingChain() {
        postrouting.add("type nat hook postrouting priority srcnat; policy accept;");
        for (IpFamily family : families) {
            String leaving = " " + family.keyword + " daddr != @" + family.set("pod_cidrs") + " ";
            firstOf(gateway().map(EgressPosture.Gateway::egressIps), family).ifPresent(address ->
                    postrouting.add(family.keyword + " saddr @" + family.set("gateway_addrs") + leaving + "snat "
                            + family.keyword + " to " + address + " " + comment("warden: the gateway leaves from its egressIps")));
            String pods = family.keyword + " saddr @" + family.set("pod_cidrs") + leaving;
            postrouting.add(firstOf(posture.map(spec -> spec.nat() == null ? List.of() : spec.nat().egressIps()), family)
                    .map(address -> pods + "snat " + family.keyword + " to " + address + " "
                            + comment("warden: pods leave from the posture's nat egressIps"))
                    .orElse(pods + "masquerade " + comment("warden: pods leave from the node's address")));
        }
    }

    private static Optional<IpAddress> firstOf(Optional<List<IpAddress>> addresses, IpFamily family) {
        return addresses.orElse(List.of()).stream().filter(family::holds).findFirst();
    }

    // ---- exceptions ----

    /**
     * A loaded ruleset has no clock to end an exception on its day, so none is compiled. Those on
     * gateway paths that add only names or addresses change nothing here: the gateway applies them.
     */
    private void reportExceptions() {
        registry.exceptions().stream().sorted(Comparator.comparing(EgressException::name)).forEach(exception -> {
            Optional<EgressPath> path = registry.dependency(exception.spec().dependency()).map(d -> d.spec().path());
            boolean gatewayApplies = path.filter(VIA_GATEWAY::contains).isPresent() && exception.spec().ports().isEmpty();
            if (path.isPresent() && !gatewayApplies) {
                problems.add("exception " + exception.name() + " loosens record " + exception.spec().dependency()
                        + " until " + exception.spec().expires() + ", but the nftables ruleset leaves exceptions out:"
                        + " it has no clock to end one on its day, so the traffic it allows is dropped here;"
                        + " add its destinations and ports to the record while it lasts, or route the record through the gateway");
            }
        });
    }

    // ---- script ----

    /**
     * Loading twice must work, and replace everything the registry decides in one transaction:
     * the first block creates the table and the compiled sets if they are missing, the flushes
     * empty the chains and those sets (flushing a table keeps set elements), and the last block
     * fills them. Sets filled by the deployment or warden dns keep their elements.
     */
    private String script() {
        StringBuilder out = new StringBuilder();
        out.append("#!/usr/sbin/nft -f\n");
        out.append("# Compiled by warden compile from the egress registry: egress of the pods in ")
                .append(podCidrs().isEmpty() ? "(no podCidrs)" : String.join(", ", podCidrs().stream().map(Cidr::toString).toList()))
                .append(",\n# forwarded through this node. Every allow applies to every pod address: an address firewall\n")
                .append("# cannot tell workloads apart (the gateway and NetworkPolicy targets do).\n");
        List<NftSet> compiled = sets.stream().filter(NftSet::compiled).toList();
        out.append("table ").append(NftNames.TABLE).append(" {\n");
        compiled.forEach(set -> out.append("    ").append(set.emptyDeclaration()).append('\n'));
        out.append("}\n");
        out.append("flush table ").append(NftNames.TABLE).append('\n');
        compiled.forEach(set -> out.append("flush set ").append(NftNames.TABLE).append(' ').append(set.name()).append('\n'));
        out.append("table ").append(NftNames.TABLE).append(" {\n");
        for (NftSet set : sets) {
            out.append("    # ").append(set.why()).append('\n');
            out.append("    ").append(set.declaration()).append("\n\n");
        }
        chain(out, "forward", forward);
        out.append('\n');
        chain(out, "postrouting", postrouting);
        out.append("}\n");
        return out.toString();
    }

    private static void chain(StringBuilder out, String name, List<String> lines) {
        out.append("    chain ").append(name).append(" {\n");
        lines.forEach(line -> out.append("        ").append(line).append('\n'));
        out.append("    }\n");
    }
}
