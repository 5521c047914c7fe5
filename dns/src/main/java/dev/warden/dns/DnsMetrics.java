package dev.warden.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The resolver's Prometheus metrics: queries by decision and response code, upstream latency,
 * cache hits and misses (the hit ratio is their quotient, also exported as a gauge), and
 * messages dropped without an answer.
 */
final class DnsMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> queries = new ConcurrentHashMap<>();
    private final Map<String, Counter> ignored = new ConcurrentHashMap<>();
    private final Timer upstream;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    DnsMetrics(MeterRegistry registry, Supplier<Number> cacheEntries) {
        this.registry = registry;
        upstream = Timer.builder("warden_dns_upstream")
                .description("Time for the upstream resolver to answer a forwarded query")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        registry.more().counter("warden_dns_cache_hits", java.util.List.of(), hits, LongAdder::doubleValue);
        registry.more().counter("warden_dns_cache_misses", java.util.List.of(), misses, LongAdder::doubleValue);
        Gauge.builder("warden_dns_cache_hit_ratio", this, DnsMetrics::hitRatio)
                .description("Cache hits over lookups since start").register(registry);
        Gauge.builder("warden_dns_cache_entries", cacheEntries).description("Answers in the cache").register(registry);
    }

    void queryLogGauges(Supplier<Number> depth, Supplier<Number> dropped) {
        Gauge.builder("warden_dns_log_queue_depth", depth).description("Query lines waiting to be written")
                .register(registry);
        Gauge.builder("warden_dns_log_dropped", dropped)
                .description("Query lines lost because the queue was full (records that require audit fail closed)")
                .register(registry);
    }

    void answered(String decision, String rcode) {
        queries.computeIfAbsent(decision + '\u0000' + rcode, key -> Counter.builder("warden_dns_queries")
                        .description("Queries answered, by policy decision and response code")
                        .tag("decision", decision)
                        .tag("rcode", rcode)
                        .register(registry))
                .increment();
    }

    void ignored(String reason) {
        ignored.computeIfAbsent(reason, key -> Counter.builder("warden_dns_ignored")
                        .description("Messages dropped without an answer")
                        .tag("reason", reason)
                        .register(registry))
                .increment();
    }

    void upstreamLatency(long nanos) {
        upstream.record(Duration.ofNanos(nanos));
    }

    void cacheHit() {
        hits.increment();
    }

    void cacheMiss() {
        misses.increment();
    }

    private double hitRatio() {
        double total = hits.sum() + misses.sum();
        return total == 0 ? 0 : hits.sum() / total;
    }
}
