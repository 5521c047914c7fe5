package dev.warden.model.audit;

import dev.warden.model.decision.Decision;
import dev.warden.model.decision.WorkloadIdentity;
import java.time.Instant;
import java.util.List;

/**
 * One audit line (§22): a decision and what came of it, with the correlation key that joins it
 * to DNS logs, flow logs and traces. Field names in {@link #FIELDS} are the ECS-style names the
 * JSON line uses; any field may be null when it is not known for this event.
 *
 * @param durationNanos ECS {@code event.duration} is in nanoseconds
 */
public record AuditEvent(
        Instant timestamp,
        String action,
        String outcome,
        String decision,
        String rule,
        String reason,
        String sourceIp,
        Integer sourcePort,
        String namespace,
        String pod,
        String workload,
        String serviceAccount,
        String node,
        String observerName,
        String sourceNatIp,
        String destinationDomain,
        String destinationIp,
        Integer destinationPort,
        String transport,
        String protocol,
        String tlsServerName,
        String httpMethod,
        Integer httpStatusCode,
        Long sourceBytes,
        Long destinationBytes,
        Long durationNanos,
        String traceId,
        String dnsQuestionName,
        String dnsQuestionType,
        String dnsResponseCode,
        List<String> dnsResolvedIps) {

    public AuditEvent {
        dnsResolvedIps = dnsResolvedIps == null ? null : List.copyOf(dnsResolvedIps);
    }

    /** The JSON field names, in the order of the record's components. */
    public static final String[] FIELDS = {
        "@timestamp",
        "event.action",
        "event.outcome",
        "warden.decision",
        "warden.rule",
        "warden.reason",
        "source.ip",
        "source.port",
        "kubernetes.namespace",
        "kubernetes.pod.name",
        "kubernetes.workload",
        "kubernetes.service_account",
        "kubernetes.node.name",
        "observer.name",
        "source.nat.ip",
        "destination.domain",
        "destination.ip",
        "destination.port",
        "network.transport",
        "network.protocol",
        "tls.client.server_name",
        "http.request.method",
        "http.response.status_code",
        "source.bytes",
        "destination.bytes",
        "event.duration",
        "trace.id",
        "dns.question.name",
        "dns.question.type",
        "dns.response_code",
        "dns.resolved_ip"
    };

    public static Builder builder() {
        return new Builder();
    }

    /** Collects an event's fields while a request or tunnel runs; {@link #build()} freezes it. */
    public static final class Builder {
        private Instant timestamp;
        private String action;
        private String outcome;
        private String decision;
        private String rule;
        private String reason;
        private String sourceIp;
        private Integer sourcePort;
        private String namespace;
        private String pod;
        private String workload;
        private String serviceAccount;
        private String node;
        private String observerName;
        private String sourceNatIp;
        private String destinationDomain;
        private String destinationIp;
        private Integer destinationPort;
        private String transport;
        private String protocol;
        private String tlsServerName;
        private String httpMethod;
        private Integer httpStatusCode;
        private Long sourceBytes;
        private Long destinationBytes;
        private Long durationNanos;
        private String traceId;
        private String dnsQuestionName;
        private String dnsQuestionType;
        private String dnsResponseCode;
        private List<String> dnsResolvedIps;

        /** The verdict, rule and reason of {@code decision}; all null when nothing was decided. */
        public Builder decided(Decision decided) {
            this.decision = decided == null ? null : decided.verdict().auditName();
            this.rule = decided == null ? null : decided.rule();
            this.reason = decided == null ? null : decided.reason();
            return this;
        }

        /** The {@code kubernetes.*} fields of the caller; all null for an unidentified caller. */
        public Builder caller(WorkloadIdentity caller) {
            this.namespace = caller == null ? null : caller.namespace();
            this.pod = caller == null ? null : caller.pod();
            this.workload = caller == null ? null : caller.workload();
            this.serviceAccount = caller == null ? null : caller.serviceAccount();
            this.node = caller == null ? null : caller.node();
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder action(String action) {
            this.action = action;
            return this;
        }

        public Builder outcome(String outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder decision(String decision) {
            this.decision = decision;
            return this;
        }

        public Builder rule(String rule) {
            this.rule = rule;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder sourceIp(String sourceIp) {
            this.sourceIp = sourceIp;
            return this;
        }

        public Builder sourcePort(Integer sourcePort) {
            this.sourcePort = sourcePort;
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder pod(String pod) {
            this.pod = pod;
            return this;
        }

        public Builder workload(String workload) {
            this.workload = workload;
            return this;
        }

        public Builder serviceAccount(String serviceAccount) {
            this.serviceAccount = serviceAccount;
            return this;
        }

        public Builder node(String node) {
            this.node = node;
            return this;
        }

        public Builder observerName(String observerName) {
            this.observerName = observerName;
            return this;
        }

        public Builder sourceNatIp(String sourceNatIp) {
            this.sourceNatIp = sourceNatIp;
            return this;
        }

        public Builder destinationDomain(String destinationDomain) {
            this.destinationDomain = destinationDomain;
            return this;
        }

        public Builder destinationIp(String destinationIp) {
            this.destinationIp = destinationIp;
            return this;
        }

        public Builder destinationPort(Integer destinationPort) {
            this.destinationPort = destinationPort;
            return this;
        }

        public Builder transport(String transport) {
            this.transport = transport;
            return this;
        }

        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder tlsServerName(String tlsServerName) {
            this.tlsServerName = tlsServerName;
            return this;
        }

        public Builder httpMethod(String httpMethod) {
            this.httpMethod = httpMethod;
            return this;
        }

        public Builder httpStatusCode(Integer httpStatusCode) {
            this.httpStatusCode = httpStatusCode;
            return this;
        }

        public Builder sourceBytes(Long sourceBytes) {
            this.sourceBytes = sourceBytes;
            return this;
        }

        public Builder destinationBytes(Long destinationBytes) {
            this.destinationBytes = destinationBytes;
            return this;
        }

        public Builder durationNanos(Long durationNanos) {
            this.durationNanos = durationNanos;
            return this;
        }

        public Builder traceId(String traceId) {
            this.traceId = traceId;
            return this;
        }

        public Builder dnsQuestionName(String dnsQuestionName) {
            this.dnsQuestionName = dnsQuestionName;
            return this;
        }

        public Builder dnsQuestionType(String dnsQuestionType) {
            this.dnsQuestionType = dnsQuestionType;
            return this;
        }

        public Builder dnsResponseCode(String dnsResponseCode) {
            this.dnsResponseCode = dnsResponseCode;
            return this;
        }

        public Builder dnsResolvedIps(List<String> dnsResolvedIps) {
            this.dnsResolvedIps = dnsResolvedIps;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(timestamp, action, outcome, decision, rule, reason, sourceIp, sourcePort, namespace, pod, workload, serviceAccount, node, observerName, sourceNatIp, destinationDomain, destinationIp, destinationPort, transport, protocol, tlsServerName, httpMethod, httpStatusCode, sourceBytes, destinationBytes, durationNanos, traceId, dnsQuestionName,
                    dnsQuestionType, dnsResponseCode, dnsResolvedIps);
        }
    }
}
