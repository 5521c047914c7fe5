package dev.warden.gateway;

import dev.warden.model.decision.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The gateway's Prometheus metrics (§22): decisions, tunnels, bytes, latency, upstream connections per destination, budgets, audit. */
final class GatewayMetrics {
    private static final int MAX_TUPLES = 10_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger activeTunnels = new AtomicInteger();
    private final Counter bytesFromClients;
    private final Counter bytesToClients;
    private final Timer upstreamConnect;
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<String, Tuple> tuples = new ConcurrentHashMap<>();

    GatewayMetrics() {
        Gauge.builder("warden_tunnels_active", activeTunnels, AtomicInteger::get)
                .description("CONNECT tunnels open now")
                .register(registry);
        bytesFromClients = Counter.builder("warden_bytes").tag("direction", "from_client")
                .description("Bytes relayed, by direction").register(registry);
        bytesToClients = Counter.builder("warden_bytes").tag("direction", "to_client")
                .description("Bytes relayed, by direction").register(registry);
        upstreamConnect = Timer.builder("warden_upstream_connect")
                .description("Time to connect to the destination")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    void decided(Decision decision) {
        String rule = decision.rule() == null ? "none" : decision.rule();
        // One lookup in a plain map per request instead of building and registering a meter id.
        decisions.computeIfAbsent(rule + '\u0000' + decision.verdict().auditName(), key -> Counter.builder("warden_decisions")
                        .description("Policy decisions, by record and verdict")
                        .tag("rule", rule)
                        .tag("verdict", decision.verdict().auditName())
                        .register(registry))
                .increment();
    }

    void budgetRejected(String rule) {
        Counter.builder("warden_budget_rejections").description("Connections refused by a record's budget (§20)")
                .tag("rule", rule).register(registry).increment();
    }

    void auditGauges(Supplier<Number> depth, Supplier<Number> dropped) {
        Gauge.builder("warden_audit_queue_depth", depth).description("Audit events waiting to be written").register(registry);
        Gauge.builder("warden_audit_dropped", dropped).description("Audit events refused because the queue was full")
                .register(registry);
    }

    void tunnelOpened() {
        activeTunnels.incrementAndGet();
    }

    void tunnelClosed() {
        activeTunnels.decrementAndGet();
    }

    void upstreamConnected(long nanos) {
        upstreamConnect.record(Duration.ofNanos(nanos));
    }

    /**
     * One more upstream connection to {@code address:port} for {@code rule}, until it closes: the
     * open count and the count opened so far per record and destination tuple, which is what a
     * NAT gateway's port limit applies to (§20) and what {@code warden capacity --from-metrics}
     * reads. Past {@value #MAX_TUPLES} tuples, new ones are counted under destination "other",
     * so a record that allows any public address cannot grow the series without bound.
     */
    void upstreamOpened(String rule, String address, int port, Channel channel) {
        String recordName = rule == null ? "none" : rule;
        String key = recordName + "|" + address + "|" + port;
        Tuple tuple = tuples.get(key);
        if (tuple == null) {
            tuple = tuples.size() >= MAX_TUPLES
                    ? tuples.computeIfAbsent(recordName + "|other", other -> new Tuple(recordName, "other", "other"))
                    : tuples.computeIfAbsent(key, added -> new Tuple(recordName, address, String.valueOf(port)));
        }
        Tuple counted = tuple;
        counted.open.incrementAndGet();
        counted.opened.increment();
        channel.closeFuture().addListener(closed -> counted.open.decrementAndGet());
    }

    /** The meters of one record and destination tuple. */
    private final class Tuple {
        final AtomicInteger open = new AtomicInteger();
        final Counter opened;

        Tuple(String rule, String address, String port) {
            Gauge.builder("warden_upstream_connections_open", open, AtomicInteger::get)
                    .description("Upstream connections open now, per record and destination address and port")
                    .tag("rule", rule).tag("destination_ip", address).tag("destination_port", port)
                    .register(registry);
            opened = Counter.builder("warden_upstream_connections_opened")
                    .description("Upstream connections opened, per record and destination address and port")
                    .tag("rule", rule).tag("destination_ip", address).tag("destination_port", port)
                    .register(registry);
        }
    }

    void exchangeFinished(Exchange exchange) {
        bytesFromClients.increment(exchange.sourceBytes.get());
        bytesToClients.increment(exchange.destinationBytes.get());
    }

    /** Where other components of this process (the DNS resolver) register their metrics. */
    MeterRegistry registry() {
        return registry;
    }

    String scrape() {
        return registry.scrape();
    }
}
