package dev.warden.gateway;

import dev.warden.model.audit.AuditEvent;
import dev.warden.model.decision.Decision;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.IpAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One forward request or one tunnel from first byte to audit line: it collects what the data
 * path learns hop by hop and emits exactly one audit event when the exchange ends, however it
 * ends. Byte counters are updated from the event loops of both sides.
 */
final class Exchange {
    private final GatewayContext context;
    private final Instant startedAt;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean finished = new AtomicBoolean();
    final AtomicLong sourceBytes = new AtomicLong();
    final AtomicLong destinationBytes = new AtomicLong();
    final String action;
    final InetSocketAddress client;
    WorkloadIdentity caller;
    Decision decision;
    String destinationDomain;
    IpAddress destinationIp;
    Integer destinationPort;
    String protocol;
    String serverName;
    String method;
    Integer status;
    String natIp;
    String traceId;

    Exchange(GatewayContext context, String action, InetSocketAddress client) {
        this.context = context;
        this.action = action;
        this.client = client;
        this.startedAt = context.clock().instant();
    }

    /** Records the outcome once; later calls (the other side closing too) do nothing. */
    void finish(boolean success) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        AuditEvent event = AuditEvent.builder()
                .timestamp(startedAt)
                .action(action)
                .outcome(success ? "success" : "failure")
                .decided(decision)
                .sourceIp(client.getAddress().getHostAddress())
                .sourcePort(client.getPort())
                .caller(caller)
                .observerName(context.config().observerName())
                .sourceNatIp(natIp)
                .destinationDomain(destinationDomain)
                .destinationIp(destinationIp == null ? null : destinationIp.toString())
                .destinationPort(destinationPort)
                .transport("tcp")
                .protocol(protocol)
                .tlsServerName(serverName)
                .httpMethod(method)
                .httpStatusCode(status)
                .sourceBytes(sourceBytes.get())
                .destinationBytes(destinationBytes.get())
                .durationNanos(System.nanoTime() - startedNanos)
                .traceId(traceId == null ? newTraceId() : traceId)
                .build();
        context.audit().record(event);
        context.metrics().exchangeFinished(this);
    }

    boolean isFinished() {
        return finished.get();
    }

    /** The trace id of a W3C traceparent header ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or null. */
    static String traceIdOf(String traceparent) {
        if (traceparent == null || traceparent.length() < 55) {
            return null;
        }
        String[] parts = traceparent.trim().split("-");
        if (parts.length < 4 || parts[1].length() != 32 || !parts[1].matches("[0-9a-f]{32}")
                || parts[1].equals("0".repeat(32))) {
            return null;
        }
        return parts[1];
    }

    private static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(32);
        for (long half : new long[] {random.nextLong(), random.nextLong()}) {
            String hex = Long.toHexString(half);
            id.append("0".repeat(16 - hex.length())).append(hex);
        }
        return id.toString();
    }
}
