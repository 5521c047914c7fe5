package dev.warden.registry.check;

import dev.warden.model.net.AddressClass;
import dev.warden.model.net.Cidr;
import dev.warden.model.net.Hostname;
import dev.warden.model.registry.AppProtocol;
import dev.warden.model.registry.DataClassification;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.Destination;
import dev.warden.model.registry.EgressDependency.PortRange;
import dev.warden.model.registry.EgressDependency.Wildcard;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.RegistryResource;
import dev.warden.model.registry.Transport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a dependency may go: that it names somewhere, that broad grants carry a reviewed
 * reason, that special-purpose addresses are explicit, that ports fit the protocol, and that
 * DNS stays with the cluster resolver (§13, §24.2).
 */
final class DestinationRules implements Rule {
    private static final Set<Integer> DNS_PORTS = Set.of(53, 853);
    /** Well-known public DNS-over-HTTPS resolvers (§24.2): a 443 grant to them is a DNS bypass. */
    private static final Set<String> PUBLIC_DOH_RESOLVERS = Set.of(
            "dns.google", "dns.google.com", "cloudflare-dns.com", "mozilla.cloudflare-dns.com",
            "one.one.one.one", "dns.quad9.net", "dns9.quad9.net", "doh.opendns.com", "dns.adguard.com",
            "dns.adguard-dns.com", "doh.cleanbrowsing.org", "dns.nextdns.io", "doh.dns.sb");

    @Override
    public void apply(RuleContext context) {
        for (EgressDependency dependency : context.dependencies()) {
            Destination destination = dependency.spec().destination();
            if (destination.hosts().isEmpty() && destination.wildcards().isEmpty() && destination.cidrs().isEmpty()
                    && destination.anyPublic() == null && destination.allowPrivate().isEmpty()) {
                context.errorAtKey("destination-empty", dependency, "/spec/destination",
                        "the destination names nowhere: list hosts, wildcards, cidrs, allowPrivate or anyPublic");
            }
            checkHosts(context, dependency, destination);
            checkWildcards(context, dependency, destination.wildcards());
            checkAnyPublic(context, dependency);
            checkCidrs(context, dependency, "/spec/destination/cidrs", destination.cidrs());
            checkAllowPrivate(context, dependency);
            checkPorts(context, dependency, "/spec/destination/ports", destination.ports(), dependency.spec().protocol());
        }
        for (var exception : context.registry().exceptions()) {
            checkCidrs(context, exception, "/spec/cidrs", exception.spec().cidrs());
            checkPorts(context, exception, "/spec/ports", exception.spec().ports(), null);
        }
    }

    private static void checkHosts(RuleContext context, EgressDependency dependency, Destination destination) {
        Map<Hostname, Integer> firstIndex = new HashMap<>();
        List<Hostname> hosts = destination.hosts();
        for (int i = 0; i < hosts.size(); i++) {
            Hostname host = hosts.get(i);
            String pointer = "/spec/destination/hosts/" + i;
            Integer earlier = firstIndex.putIfAbsent(host, i);
            if (earlier != null) {
                context.warning("duplicate-host", dependency, pointer,
                        "host " + host + " is already listed as hosts[" + earlier + "] (names compare after normalisation)");
            }
            destination.wildcards().stream()
                    .filter(wildcard -> wildcard.pattern().matches(host))
                    .findFirst()
                    .ifPresent(wildcard -> context.warning("host-covered-by-wildcard", dependency, pointer,
                            "host " + host + " is already allowed by the wildcard " + wildcard.pattern()));
            if (host.isSingleLabel()) {
                context.warning("single-label-host", dependency, pointer, "host " + host + " has a single label, so"
                        + " it is resolved through the pod's search domains and may mean a different name in each"
                        + " namespace; write the fully qualified name");
            }
            if (PUBLIC_DOH_RESOLVERS.contains(host.ascii())) {
                context.error("dns-bypass", dependency, pointer, "host " + host + " is a public DNS-over-HTTPS"
                        + " resolver: allowing it lets pods resolve around the cluster DNS and its logs (§24.2)");
            }
        }
    }

    private static void checkWildcards(RuleContext context, EgressDependency dependency, List<Wildcard> wildcards) {
        for (int i = 0; i < wildcards.size(); i++) {
            Wildcard wildcard = wildcards.get(i);
            String pointer = "/spec/destination/wildcards/" + i;
            if (!wildcard.reviewed()) {
                context.error("wildcard-unreviewed", dependency, pointer + "/pattern", "wildcard " + wildcard.pattern()
                        + " opens every name one label below it; a reviewer must set reviewed: true (§13)");
            }
            if (blank(wildcard.reason())) {
                context.error("wildcard-reason", dependency, pointer + "/pattern",
                        "wildcard " + wildcard.pattern() + " needs a reason saying why single names will not do");
            }
        }
    }

    private static void checkAnyPublic(RuleContext context, EgressDependency dependency) {
        var anyPublic = dependency.spec().destination().anyPublic();
        if (anyPublic == null) {
            return;
        }
        if (blank(anyPublic.reason())) {
            context.errorAtKey("any-public-reason", dependency, "/spec/destination/anyPublic",
                    "anyPublic allows every public address; give the reason (e.g. \"webhook delivery to customer URLs\")");
        }
        if (dependency.spec().dataClassification() == DataClassification.REGULATED) {
            context.errorAtKey("any-public-regulated", dependency, "/spec/destination/anyPublic",
                    "regulated data may not be sent to any public address; name the destinations");
        }
    }

    private static void checkCidrs(RuleContext context, RegistryResource resource, String listPointer, List<Cidr> cidrs) {
        List<Cidr> inCluster = context.posture().map(DestinationRules::clusterRanges).orElse(List.of());
        for (int i = 0; i < cidrs.size(); i++) {
            Cidr cidr = cidrs.get(i);
            String pointer = listPointer + "/" + i;
            if (cidr.prefixLength() == 0) {
                context.error("cidr-everything", resource, pointer, cidr + " is every address; use anyPublic with a"
                        + " reason for senders to arbitrary public destinations");
                continue;
            }
            inCluster.stream().filter(cidr::overlaps).findFirst().ifPresent(range -> context.error(
                    "cidr-in-cluster", resource, pointer, cidr + " overlaps the cluster's own range " + range
                            + "; in-cluster traffic is not egress through this registry"));
            Set<AddressClass> special = refusedClasses(cidr);
            if (!special.isEmpty()) {
                context.error("cidr-special-purpose", resource, pointer, cidr + " includes " + describe(special)
                        + " addresses; list it under allowPrivate with a reason (or use path private-endpoint)");
            }
        }
    }

    private static void checkAllowPrivate(RuleContext context, EgressDependency dependency) {
        var ranges = dependency.spec().destination().allowPrivate();
        boolean privateEndpoint = dependency.spec().path() == EgressPath.PRIVATE_ENDPOINT;
        for (int i = 0; i < ranges.size(); i++) {
            var range = ranges.get(i);
            String pointer = "/spec/destination/allowPrivate/" + i;
            if (!privateEndpoint && blank(range.reason())) {
                context.error("private-reason", dependency, pointer, "allowPrivate " + range.cidr() + " needs a reason"
                        + " ({cidr: ..., reason: ...}) unless the path is private-endpoint: private and metadata"
                        + " ranges are refused by default to stop SSRF");
            }
            if (refusedClasses(range.cidr()).isEmpty()) {
                context.warning("private-is-public", dependency, pointer, range.cidr()
                        + " is not a private or special-purpose range; list it under cidrs");
            }
        }
    }

    private static void checkPorts(
            RuleContext context, RegistryResource resource, String listPointer, List<PortRange> ports, AppProtocol protocol) {
        for (int i = 0; i < ports.size(); i++) {
            PortRange port = ports.get(i);
            String pointer = listPointer + "/" + i;
            if (port.endPort() < port.port()) {
                context.error("port-range", resource, pointer + "/endPort",
                        "endPort " + port.endPort() + " is below port " + port.port() + "; a range runs from port up to endPort");
            }
            Transport expected = protocol == null ? null : protocol == AppProtocol.UDP ? Transport.UDP : Transport.TCP;
            if (expected != null && port.protocol() != expected) {
                context.error("port-protocol", resource, pointer, "protocol " + protocol + " runs over " + expected
                        + ", but this port is " + port.protocol() + "; write protocol: " + expected);
            }
            DNS_PORTS.stream().filter(port::contains).findFirst().ifPresent(dns -> context.error("dns-bypass",
                    resource, pointer, "port " + port + " lets pods reach DNS servers other than the cluster DNS"
                            + (dns == 853 ? " (DNS over TLS)" : "") + "; name resolution must go only through"
                            + " the posture's clusterDns so it is logged and policy applies (§13, §24.2)"));
        }
    }

    static Set<AddressClass> refusedClasses(Cidr cidr) {
        return AddressClass.overlapping(cidr).stream()
                .filter(AddressClass::refusedByDefault)
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(AddressClass.class)));
    }

    private static String describe(Set<AddressClass> classes) {
        return classes.stream().map(AddressClass::description).collect(Collectors.joining(", "));
    }

    private static List<Cidr> clusterRanges(EgressPosture.Spec posture) {
        return java.util.stream.Stream.concat(posture.podCidrs().stream(), posture.serviceCidrs().stream()).toList();
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
