package dev.warden.dns;

import dev.warden.dns.Resolution.Source;
import dev.warden.dns.zone.Zone;
import dev.warden.dns.zone.ZoneAnswer;
import dev.warden.model.audit.AuditEvent;
import dev.warden.model.decision.Decision;
import dev.warden.model.decision.Verdict;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import dev.warden.runtime.AuditTrail;
import dev.warden.runtime.PolicySnapshot;
import dev.warden.runtime.RegistrySource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One query, start to end: parse and refuse hostile shapes → identify the caller by source
 * address → decide the name → answer from the zone file, the cache or the upstream → decide
 * every alias the answer walks through → withhold addresses the record does not allow → reply,
 * log one line, and remember what the workload learnt.
 */
final class PolicyResolver {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyResolver.class);
    private static final int CLASS_IN = 1;
    private static final DnsRecordType ANY = DnsRecordType.valueOf(255);
    /** OPT, TKEY, TSIG, MAILB, MAILA: meaningful only in other sections or obsolete. */
    private static final Set<Integer> META_TYPES = Set.of(41, 249, 250, 253, 254);

    private final DnsConfig config;
    private final RegistrySource registry;
    private final Supplier<Zone> zone;
    private final AnswerCache cache;
    private final Upstream upstream;
    private final Observations observations;
    private final AuditTrail log;
    private final DnsMetrics metrics;
    private final NamePolicy names = new NamePolicy();

    PolicyResolver(DnsConfig config, RegistrySource registry, Supplier<Zone> zone, AnswerCache cache,
            Upstream upstream, Observations observations, AuditTrail log, DnsMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.zone = zone;
        this.cache = cache;
        this.upstream = upstream;
        this.observations = observations;
        this.log = log;
        this.metrics = metrics;
    }

    /** Where a query came in, and how to send its answer. */
    record Exchange(InetSocketAddress sender, String transport, boolean udp, ByteBufAllocator alloc,
            Consumer<ByteBuf> reply, Instant startedAt, long startedNanos) {}

    /** Handles one message; {@code message} is only read during this call. */
    void handle(ByteBuf message, Exchange exchange) {
        switch (QueryParser.parse(message)) {
            case QueryParser.Ignored ignored -> metrics.ignored(ignored.tag());
            case QueryParser.Rejected rejected -> {
                exchange.reply().accept(ResponseWriter.rejection(exchange.alloc(), rejected));
                WorkloadIdentity caller = identify(exchange);
                finish(exchange, rejected.query(), caller, Decision.deny(null, rejected.reason()), rejected.rcode(), List.of());
            }
            case QueryParser.Accepted accepted -> answer(accepted.query(), exchange);
        }
    }

    private WorkloadIdentity identify(Exchange exchange) {
        PolicySnapshot snapshot = registry.current();
        return snapshot == null ? null : snapshot.workloads().identify(IpAddress.of(exchange.sender().getAddress()));
    }

    private void answer(Query query, Exchange exchange) {
        PolicySnapshot snapshot = registry.current();
        IpAddress source = IpAddress.of(exchange.sender().getAddress());
        WorkloadIdentity caller = snapshot.workloads().identify(source);
        DnsResponseCode refusedShape = refusedShape(query);
        if (refusedShape != null) {
            String reason = shapeReason(query);
            reply(exchange, query, refusedShape, false, List.of(), List.of());
            finish(exchange, query, caller, Decision.deny(null, reason), refusedShape, List.of());
            return;
        }
        Decision decision = names.decide(snapshot, caller, source, query.name(), query.hostLike());
        if (!decision.admits()) {
            deny(exchange, query, caller, decision);
            return;
        }
        CompletableFuture<Resolution> resolving = resolve(query);
        if (resolving.isDone() && !resolving.isCompletedExceptionally()) {
            // the zone or the cache answered: no callback to schedule
            checkAndReplySafely(exchange, query, snapshot, caller, source, decision, resolving.join());
            return;
        }
        resolving.whenComplete((resolution, failure) -> checkAndReplySafely(exchange, query, snapshot, caller, source,
                decision, failure == null ? resolution : Resolution.failure(Source.UPSTREAM)));
    }

    private void checkAndReplySafely(Exchange exchange, Query query, PolicySnapshot snapshot, WorkloadIdentity caller,
            IpAddress source, Decision decision, Resolution resolution) {
        try {
            checkAndReply(exchange, query, snapshot, caller, source, decision, resolution);
        } catch (RuntimeException e) {
            // A bug must cost one SERVFAIL, not a client left waiting for its timeout.
            LOG.error("answering {} for {} failed", query.name(), exchange.sender(), e);
            reply(exchange, query, DnsResponseCode.SERVFAIL, false, List.of(), List.of());
            finish(exchange, query, caller, decision, DnsResponseCode.SERVFAIL, List.of());
        }
    }

    /** Query shapes refused before policy: classes other than IN, zone transfers, and ANY. */
    private DnsResponseCode refusedShape(Query query) {
        int type = query.type().intValue();
        if (query.dnsClass() != CLASS_IN || type == DnsRecordType.AXFR.intValue() || type == DnsRecordType.IXFR.intValue()
                || query.name().isEmpty()) {
            return DnsResponseCode.REFUSED;
        }
        if (META_TYPES.contains(type)) {
            return DnsResponseCode.FORMERR;
        }
        if (type == ANY.intValue()) {
            return switch (config.anyQueries()) {
                case REFUSE -> DnsResponseCode.REFUSED;
                case NOTIMP -> DnsResponseCode.NOTIMP;
                case FORWARD -> null;
            };
        }
        return null;
    }

    private static String shapeReason(Query query) {
        int type = query.type().intValue();
        if (query.dnsClass() != CLASS_IN) {
            return "class " + query.dnsClass() + " is not served; only IN (1) is";
        }
        if (type == DnsRecordType.AXFR.intValue() || type == DnsRecordType.IXFR.intValue()) {
            return "zone transfers are not served";
        }
        if (query.name().isEmpty()) {
            return "the root zone is not served";
        }
        if (META_TYPES.contains(type)) {
            return "type " + type + " is a meta type (RFC 6895 §3.1), not a question to answer";
        }
        return "ANY queries are not answered (RFC 8482); ask for the type you need";
    }

    private CompletableFuture<Resolution> resolve(Query query) {
        ZoneAnswer local = zone.get().lookup(query.absoluteName(), query.type());
        return switch (local.kind()) {
            case NOT_IN_ZONE -> cachedOrForwarded(query.name(), query.type());
            case NODATA -> CompletableFuture.completedFuture(
                    new Resolution(DnsResponseCode.NOERROR, local.answers(), local.soa(), true, Source.ZONE));
            case NXDOMAIN -> CompletableFuture.completedFuture(
                    new Resolution(DnsResponseCode.NXDOMAIN, local.answers(), local.soa(), true, Source.ZONE));
            case ANSWER -> local.unresolvedTarget() == null
                    ? CompletableFuture.completedFuture(
                            new Resolution(DnsResponseCode.NOERROR, local.answers(), null, true, Source.ZONE))
                    : cachedOrForwarded(withoutDot(local.unresolvedTarget()), query.type()).thenApply(rest -> {
                        List<ResourceRecord> chain = new ArrayList<>(local.answers());
                        chain.addAll(rest.answers());
                        return new Resolution(rest.rcode(), chain, rest.soa(), false, rest.source());
                    });
        };
    }

    private CompletableFuture<Resolution> cachedOrForwarded(String name, DnsRecordType type) {
        Resolution cached = cache.get(name, type);
        if (cached != null) {
            metrics.cacheHit();
            return CompletableFuture.completedFuture(cached);
        }
        metrics.cacheMiss();
        return upstream.query(name, type).thenApply(fresh -> cache.put(name, type, fresh));
    }

    /**
     * Every alias target must be allowed as the question was (a CNAME to a name the caller may not
     * reach is how a permitted name is used to smuggle a forbidden one), and every address must be
     * one the record allows — the same guard the gateway applies before it dials.
     */
    private void checkAndReply(Exchange exchange, Query query, PolicySnapshot snapshot, WorkloadIdentity caller,
            IpAddress source, Decision decision, Resolution resolution) {
        if (resolution.rcode().equals(DnsResponseCode.SERVFAIL)) {
            reply(exchange, query, DnsResponseCode.SERVFAIL, false, List.of(), List.of());
            finish(exchange, query, caller, decision, DnsResponseCode.SERVFAIL, List.of());
            return;
        }
        Decision overall = decision;
        String finalName = query.name();
        for (String target : resolution.aliasTargets()) {
            finalName = withoutDot(target);
            Decision alias = names.decide(snapshot, caller, source, finalName, true);
            if (!alias.admits()) {
                deny(exchange, query, caller, new Decision(Verdict.DENY, alias.rule(), query.name() + " is an alias (CNAME) of "
                        + finalName + ", and " + alias.reason(), alias.dependency()));
                return;
            }
            if (alias.verdict() == Verdict.ALLOW_REPORT_ONLY && overall.verdict() == Verdict.ALLOW) {
                overall = alias;
            }
        }
        List<ResourceRecord> answers = resolution.answers();
        List<IpAddress> addresses = new ArrayList<>();
        if (overall.dependency() != null) {
            Hostname owner = names.hostname(finalName); // decided above by a record, so a host name
            List<ResourceRecord> kept = new ArrayList<>();
            Decision refused = null;
            for (ResourceRecord record : answers) {
                IpAddress address = addressOf(record);
                Decision check = address == null ? null : names.decideAddress(snapshot, caller, source, owner, address);
                if (check != null && !check.admits()) {
                    refused = refused == null ? check : refused;
                    continue;
                }
                kept.add(record);
                if (address != null) {
                    addresses.add(address);
                }
            }
            if (refused != null && addresses.isEmpty()) {
                deny(exchange, query, caller, refused);
                return;
            }
            if (refused != null) {
                overall = new Decision(overall.verdict(), overall.rule(), overall.reason() + "; withheld addresses: "
                        + refused.reason(), overall.dependency());
            }
            answers = kept;
        } else {
            answers.forEach(record -> {
                IpAddress address = addressOf(record);
                if (address != null) {
                    addresses.add(address);
                }
            });
        }
        if (!log.canAccept(overall)) {
            // The record requires audit and its line could not be kept: fail closed, as the gateway does.
            reply(exchange, query, DnsResponseCode.SERVFAIL, false, List.of(), List.of());
            metrics.answered(Verdict.DENY.auditName(), rcodeName(DnsResponseCode.SERVFAIL.intValue()));
            return;
        }
        reply(exchange, query, resolution.rcode(), resolution.authoritative(), answers, resolution.authority());
        if (!addresses.isEmpty() && overall.dependency() != null) {
            long ttl = Long.MAX_VALUE;
            for (ResourceRecord record : answers) {
                ttl = Math.min(ttl, record.ttl());
            }
            observations.recordAnswer(caller, source, names.hostname(query.name()), addresses, overall.rule(), ttl);
        }
        finish(exchange, query, caller, overall, resolution.rcode(), addresses);
    }

    private static IpAddress addressOf(ResourceRecord record) {
        boolean address = record.type().equals(DnsRecordType.A) || record.type().equals(DnsRecordType.AAAA);
        return address ? IpAddress.of(record.rdata()) : null;
    }

    private void deny(Exchange exchange, Query query, WorkloadIdentity caller, Decision decision) {
        DnsResponseCode rcode = config.denied() == DnsConfig.DeniedAnswer.NXDOMAIN
                ? DnsResponseCode.NXDOMAIN : DnsResponseCode.REFUSED;
        reply(exchange, query, rcode, false, List.of(), List.of());
        finish(exchange, query, caller, decision, rcode, List.of());
    }

    private static void reply(Exchange exchange, Query query, DnsResponseCode rcode, boolean authoritative,
            List<ResourceRecord> answers, List<ResourceRecord> authority) {
        int limit = exchange.udp() ? ResponseWriter.udpLimit(query) : ResponseWriter.TCP_MAX;
        exchange.reply().accept(ResponseWriter.answer(exchange.alloc(), query, rcode, authoritative, answers, authority, limit));
    }

    private void finish(Exchange exchange, Query query, WorkloadIdentity caller, Decision decision, DnsResponseCode rcode,
            List<IpAddress> addresses) {
        String rcodeName = rcodeName(rcode.intValue());
        metrics.answered(decision.verdict().auditName(), rcodeName);
        boolean answered = decision.admits() && (rcode.equals(DnsResponseCode.NOERROR) || rcode.equals(DnsResponseCode.NXDOMAIN));
        log.record(AuditEvent.builder()
                .timestamp(exchange.startedAt())
                .action("dns-query")
                .outcome(answered ? "success" : "failure")
                .decided(decision)
                .sourceIp(exchange.sender().getAddress().getHostAddress())
                .sourcePort(exchange.sender().getPort())
                .caller(caller)
                .observerName(config.observerName())
                .transport(exchange.transport())
                .protocol("dns")
                .durationNanos(System.nanoTime() - exchange.startedNanos())
                .dnsQuestionName(query == null ? null : query.name())
                .dnsQuestionType(query == null ? null : typeName(query.type()))
                .dnsResponseCode(rcodeName)
                .dnsResolvedIps(texts(addresses))
                .build());
    }

    private static List<String> texts(List<IpAddress> addresses) {
        List<String> texts = new ArrayList<>(addresses.size());
        for (IpAddress address : addresses) {
            texts.add(address.toString());
        }
        return texts;
    }

    private static String withoutDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** RFC 3597 §5 spells types without a mnemonic as TYPE<n>. */
    static String typeName(DnsRecordType type) {
        return "UNKNOWN".equals(type.name()) ? "TYPE" + type.intValue() : type.name();
    }

    /** The mnemonics of RFC 1035 §4.1.1 and RFC 6891, as dig prints them. */
    static String rcodeName(int rcode) {
        return switch (rcode) {
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            case 16 -> "BADVERS";
            default -> "RCODE" + rcode;
        };
    }
}
