package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.warden.model.net.Cidr;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.WildcardName;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * One external dependency of one workload: the seed's §19 inventory record plus the egress path
 * chosen for it (§8–§12). Optional fields are {@code null} when the file leaves them out; lists
 * are never {@code null}.
 */
public record EgressDependency(ObjectMeta metadata, Spec spec) implements RegistryResource {

    public record Spec(
            String owner,
            String service,
            String purpose,
            @JsonProperty("class") DependencyClass dependencyClass,
            Source source,
            Destination destination,
            AppProtocol protocol,
            EgressPath path,
            DataClassification dataClassification,
            String dataDescription,
            String auth,
            Tls tls,
            SourceIp sourceIp,
            Availability availability,
            Timeouts timeouts,
            Retry retry,
            String fallback,
            List<AuditNeed> audit,
            Review review,
            Mode mode,
            Limits limits) {
        public Spec {
            audit = audit == null ? List.of() : List.copyOf(audit);
            mode = mode == null ? Mode.ENFORCE : mode;
        }

        public boolean requiresStableSourceIp() {
            return sourceIp != null && sourceIp.required();
        }
    }

    /**
     * Which workload may use the dependency: a namespace, and a service account and/or pods.
     * {@code allowUnidentified} extends the record to callers the gateway cannot identify at
     * all, which are otherwise denied (fail closed).
     */
    public record Source(String namespace, String serviceAccount, LabelSelector podSelector, boolean allowUnidentified) {}

    /**
     * Where the workload may go. Names are normalised (lower case, A-labels, no trailing dot);
     * CIDRs are canonical networks.
     */
    public record Destination(
            List<Hostname> hosts,
            List<Wildcard> wildcards,
            List<Cidr> cidrs,
            AnyPublic anyPublic,
            List<PrivateRange> allowPrivate,
            List<PortRange> ports) {
        public Destination {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            wildcards = wildcards == null ? List.of() : List.copyOf(wildcards);
            cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
            allowPrivate = allowPrivate == null ? List.of() : List.copyOf(allowPrivate);
            ports = ports == null ? List.of() : List.copyOf(ports);
        }

        /** True when the destination is named only by host names, never by address. */
        public boolean namedOnlyByHostname() {
            return (!hosts.isEmpty() || !wildcards.isEmpty())
                    && cidrs.isEmpty() && allowPrivate.isEmpty() && anyPublic == null;
        }
    }

    /** A wildcard name, which must be reviewed: it opens every name one label below it. */
    public record Wildcard(WildcardName pattern, boolean reviewed, String reason) {}

    /** Any public address, for senders such as webhooks whose targets are chosen by customers. */
    public record AnyPublic(String reason) {}

    /** A private or special-purpose range that the SSRF guard refuses unless a record allows it. */
    public record PrivateRange(Cidr cidr, String reason) {
        public static PrivateRange of(Cidr cidr) {
            return new PrivateRange(cidr, null);
        }
    }

    /** One port or an inclusive range of ports ({@code endPort} equals {@code port} for one). */
    public record PortRange(int port, Integer endPort, Transport protocol) {
        public PortRange {
            endPort = endPort == null ? port : endPort;
            protocol = protocol == null ? Transport.TCP : protocol;
        }

        public boolean contains(int candidate) {
            return candidate >= port && candidate <= endPort;
        }

        public boolean isSinglePort() {
            return port == endPort;
        }

        @Override
        public String toString() {
            return (isSinglePort() ? String.valueOf(port) : port + "-" + endPort) + "/" + protocol;
        }
    }

    /** TLS posture towards the destination. */
    public record Tls(TlsVerify verify) {}

    /** Whether the destination allowlists the source address it sees, and who maintains that. */
    public record SourceIp(boolean required, String allowlistedBy) {}

    public record Timeouts(Duration connect, Duration request, Duration idle) {}

    /** At most {@code maxAttempts} tries per call, retries at most {@code budgetPercent} of calls. */
    public record Retry(Integer maxAttempts, Integer budgetPercent) {}

    public record Review(ReviewCadence cadence, LocalDate lastReviewed) {}

    /**
     * The gateway's budget for this dependency (§20): at most {@code maxConnections} upstream
     * connections open at once, and at most {@code connectionsPerSecond} new ones per second to
     * each destination, so a retry storm cannot exhaust the NAT ports behind the gateway. Null
     * fields mean no limit.
     */
    public record Limits(Integer maxConnections, Double connectionsPerSecond) {}
}
