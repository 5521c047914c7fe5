package dev.warden.discover;

import dev.warden.discover.Observations.Caller;
import dev.warden.discover.Observations.Seen;
import dev.warden.discover.Observations.Tally;
import dev.warden.discover.Observations.Target;
import dev.warden.model.decision.Decision;
import dev.warden.model.decision.Verdict;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressException;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.Registry;
import dev.warden.model.registry.Transport;
import dev.warden.policy.EgressRequest;
import dev.warden.policy.PolicyIndex;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Holds what was observed against the registry: each destination is decided by the same
 * {@link PolicyIndex#decide} the gateway and resolver use, for the workload the log names.
 */
public final class Discovery {

    /** Where an observed destination stands in the registry now. */
    public enum Status {
        /** A record admits this workload to this destination and port. */
        DECLARED("declared"),
        /** No record names the destination (or only a report-only record lets it through). */
        UNDECLARED("undeclared"),
        /** Records name the destination, but not for this workload, port or address. */
        DENIED_BY_REGISTRY("denied-by-registry");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * One observed destination of one workload.
     *
     * @param port null for a name only seen in DNS queries
     * @param decisions the {@code warden.decision} values logged for it (gateway events; resolver
     *     events for a DNS-only name)
     * @param record the admitting record (declared), the records naming the destination
     *     (denied-by-registry), or a report-only record letting it through; else null
     * @param reason what the registry says now, null when declared or without a registry
     */
    public record Row(
            String host,
            boolean address,
            Integer port,
            String transport,
            String protocol,
            long gatewayCount,
            long dnsCount,
            Instant first,
            Instant last,
            Map<String, Long> decisions,
            Status status,
            String record,
            String reason) {

        /** {@code host:port}, {@code [v6]:port}, or the bare name of a DNS-only row. */
        public String destination() {
            String shown = address && host.contains(":") ? "[" + host + "]" : host;
            return port == null ? shown : shown + ":" + port;
        }

        public List<String> seenBy() {
            List<String> by = new ArrayList<>();
            if (gatewayCount > 0) {
                by.add("gateway");
            }
            if (dnsCount > 0) {
                by.add("dns");
            }
            return by;
        }
    }

    /** One workload's destinations. */
    public record Workload(Caller caller, String pod, List<Row> rows) {}

    /** The whole comparison; {@code registryGiven} is false when every destination is undeclared by default. */
    public record Report(List<Workload> workloads, boolean registryGiven) {
        public long count(Status status) {
            return workloads.stream().flatMap(workload -> workload.rows().stream())
                    .filter(row -> row.status() == status).count();
        }

        public long destinations() {
            return workloads.stream().mapToLong(workload -> workload.rows().size()).sum();
        }
    }

    private final Registry registry;
    private final PolicyIndex index;

    private Discovery(Registry registry, LocalDate today) {
        this.registry = registry;
        this.index = registry == null ? null : PolicyIndex.compile(registry, today);
    }

    /** Compares {@code observations} with {@code registry} (null: no registry, all undeclared) as of {@code today}. */
    public static Report compare(Observations observations, Registry registry, LocalDate today) {
        Discovery discovery = new Discovery(registry, today);
        List<Workload> workloads = new ArrayList<>();
        observations.callers().forEach((caller, seen) -> workloads.add(discovery.workload(caller, seen)));
        return new Report(List.copyOf(workloads), registry != null);
    }

    private Workload workload(Caller caller, Seen seen) {
        WorkloadIdentity identity = identity(caller, seen);
        IpAddress source = parseAddress(seen.sourceIp());
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Target, Tally> entry : seen.gateway().entrySet()) {
            Target target = entry.getKey();
            Tally gateway = entry.getValue();
            Tally dns = seen.dns().get(target.host());
            Transport transport = "udp".equals(target.transport()) ? Transport.UDP : Transport.TCP;
            EgressRequest request = target.address()
                    ? new EgressRequest(identity, source, null, IpAddress.parse(target.host()), target.port(), transport)
                    : new EgressRequest(identity, source, Hostname.parse(target.host()), null, target.port(), transport);
            rows.add(row(target.host(), target.address(), target.port(), target.transport(), target.protocol(),
                    gateway, dns, gateway.decisions(), request));
        }
        for (Map.Entry<String, Tally> entry : seen.dns().entrySet()) {
            String name = entry.getKey();
            if (!Observations.targetsOf(seen, name).isEmpty()) {
                continue; // joined to the gateway rows above
            }
            IpAddress literal = parseAddress(name);
            EgressRequest request = literal != null
                    ? new EgressRequest(identity, source, null, literal, EgressRequest.ANY_PORT, null)
                    : EgressRequest.lookup(identity, source, Hostname.parse(name));
            rows.add(row(name, literal != null, null, null, "dns", null, entry.getValue(), entry.getValue().decisions(), request));
        }
        return new Workload(caller, seen.pod(), List.copyOf(rows));
    }

    private Row row(String host, boolean address, Integer port, String transport, String protocol, Tally gateway,
            Tally dns, Map<String, Long> decisions, EgressRequest request) {
        Instant first = earliest(gateway == null ? null : gateway.first(), dns == null ? null : dns.first());
        Instant last = latest(gateway == null ? null : gateway.last(), dns == null ? null : dns.last());
        long gatewayCount = gateway == null ? 0 : gateway.count();
        long dnsCount = dns == null ? 0 : dns.count();
        if (index == null) {
            return new Row(host, address, port, transport, protocol, gatewayCount, dnsCount, first, last,
                    Map.copyOf(decisions), Status.UNDECLARED, null, null);
        }
        Status status;
        String record;
        String reason;
        Optional<String> clusterDomain = clusterDomain(request);
        if (clusterDomain.isPresent()) {
            status = Status.DECLARED;
            record = null;
            reason = "a cluster domain (" + clusterDomain.get() + ") the posture answers for every workload";
        } else {
            Decision decision = index.decide(request);
            if (decision.verdict() == Verdict.ALLOW) {
                status = Status.DECLARED;
                record = decision.rule();
                reason = null;
            } else {
                Set<String> naming = recordsNaming(request);
                if (decision.dependency() != null && decision.verdict() == Verdict.DENY) {
                    naming.add(decision.rule());
                }
                boolean denied = decision.verdict() == Verdict.DENY && !naming.isEmpty();
                status = denied ? Status.DENIED_BY_REGISTRY : Status.UNDECLARED;
                record = denied ? String.join(", ", naming) : decision.rule();
                reason = decision.reason();
            }
        }
        return new Row(host, address, port, transport, protocol, gatewayCount, dnsCount, first, last,
                new TreeMap<>(decisions), status, record, reason);
    }

    /** The identity the gateway would build: the log's kubernetes.* fields, with labels from the posture's static map. */
    private WorkloadIdentity identity(Caller caller, Seen seen) {
        if (!caller.identified()) {
            return null;
        }
        Map<String, String> labels = posture().map(EgressPosture.Spec::workloads).orElse(List.of()).stream()
                .filter(known -> caller.namespace().equals(known.namespace()))
                .filter(known -> (seen.pod() != null && seen.pod().equals(known.pod()))
                        || (caller.workload() != null && caller.workload().equals(known.workload())
                                && java.util.Objects.equals(caller.serviceAccount(), known.serviceAccount())))
                .map(EgressPosture.Workload::labels)
                .findFirst()
                .orElse(Map.of());
        return new WorkloadIdentity(caller.namespace(), seen.pod(), caller.workload(), caller.serviceAccount(),
                seen.node(), labels);
    }

    private Optional<EgressPosture.Spec> posture() {
        return registry == null ? Optional.empty() : registry.posture().map(EgressPosture::spec);
    }

    private Optional<String> clusterDomain(EgressRequest request) {
        if (request.name() == null) {
            return Optional.empty();
        }
        return posture().map(EgressPosture.Spec::clusterDns).stream()
                .flatMap(dns -> dns == null ? java.util.stream.Stream.of(EgressPosture.ClusterDns.DEFAULT_CLUSTER_DOMAIN)
                        : dns.clusterDomains().stream())
                .filter(domain -> request.name().equals(domain) || request.name().isSubdomainOf(domain))
                .map(Hostname::ascii)
                .findFirst();
    }

    /** The records (and active exceptions' records) whose destination covers the request's name or address. */
    private Set<String> recordsNaming(EgressRequest request) {
        Set<String> names = new TreeSet<>();
        for (EgressDependency dependency : registry.dependencies()) {
            EgressDependency.Destination destination = dependency.spec().destination();
            boolean named = request.name() != null
                    ? destination.hosts().contains(request.name())
                            || destination.wildcards().stream().anyMatch(wildcard -> wildcard.pattern().matches(request.name()))
                    : destination.cidrs().stream().anyMatch(cidr -> cidr.contains(request.address()))
                            || destination.allowPrivate().stream().anyMatch(range -> range.cidr().contains(request.address()));
            if (named) {
                names.add(dependency.name());
            }
        }
        for (EgressException exception : registry.exceptions()) {
            boolean named = request.name() != null
                    ? exception.spec().hosts().contains(request.name())
                    : exception.spec().cidrs().stream().anyMatch(cidr -> cidr.contains(request.address()));
            if (named) {
                names.add(exception.spec().dependency());
            }
        }
        return names;
    }

    private static IpAddress parseAddress(String text) {
        if (text == null || !(text.contains(":") || text.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return null;
        }
        try {
            return IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
