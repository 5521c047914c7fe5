package dev.warden.gateway;

import dev.warden.model.decision.Decision;
import dev.warden.model.registry.EgressDependency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-record connection budgets (§20, §24.5): concurrent upstream connections per record and a
 * token bucket of new connections per second per destination. A retry storm from many pods is
 * refused here, with 503 and Retry-After, instead of exhausting the NAT ports behind the
 * gateway. State is kept by record name, so it survives registry reloads.
 */
final class Budgets {
    /** Destinations whose bucket has been idle this long are forgotten, bounding the map. */
    private static final long FORGET_AFTER_NANOS = 60_000_000_000L;

    private final Map<String, AtomicInteger> openByRecord = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> bucketByDestination = new ConcurrentHashMap<>();

    /** The outcome of asking for a connection: granted, or refused with a retry delay. */
    record Grant(boolean granted, String reason, long retryAfterSeconds) {
        static final Grant GRANTED = new Grant(true, null, 0);
    }

    /** Asks for one new upstream connection to {@code destination}; {@link #release} gives it back. */
    Grant acquire(Decision decision, String destination) {
        EgressDependency.Limits limits = limitsOf(decision);
        if (limits == null) {
            return Grant.GRANTED;
        }
        if (limits.connectionsPerSecond() != null) {
            long now = System.nanoTime();
            if (bucketByDestination.size() > 10_000) {
                bucketByDestination.values().removeIf(bucket -> bucket.idleSince(now) > FORGET_AFTER_NANOS);
            }
            TokenBucket bucket = bucketByDestination.computeIfAbsent(decision.rule() + "|" + destination,
                    key -> new TokenBucket(limits.connectionsPerSecond()));
            if (!bucket.take(now)) {
                return new Grant(false, "record " + decision.rule() + " allows " + limits.connectionsPerSecond()
                        + " new connections per second to " + destination + "; this one is over the budget", 1);
            }
        }
        if (limits.maxConnections() != null) {
            AtomicInteger open = openByRecord.computeIfAbsent(decision.rule(), rule -> new AtomicInteger());
            if (open.incrementAndGet() > limits.maxConnections()) {
                open.decrementAndGet();
                return new Grant(false, "record " + decision.rule() + " allows at most " + limits.maxConnections()
                        + " open connections, and all are in use", 1);
            }
        }
        return Grant.GRANTED;
    }

    void release(Decision decision) {
        EgressDependency.Limits limits = limitsOf(decision);
        if (limits != null && limits.maxConnections() != null) {
            openByRecord.get(decision.rule()).decrementAndGet();
        }
    }

    private static EgressDependency.Limits limitsOf(Decision decision) {
        return decision.dependency() == null ? null : decision.dependency().spec().limits();
    }

    /** Refills continuously at {@code rate} per second up to one second's worth. */
    private static final class TokenBucket {
        private final double rate;
        private double tokens;
        private long refilledAt = System.nanoTime();

        TokenBucket(double rate) {
            this.rate = rate;
            this.tokens = Math.max(1, rate);
        }

        synchronized boolean take(long now) {
            // now may predate this bucket's creation by a little: never refill negatively
            tokens = Math.min(Math.max(1, rate), tokens + Math.max(0, now - refilledAt) * rate / 1e9);
            refilledAt = Math.max(refilledAt, now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized long idleSince(long now) {
            return now - refilledAt;
        }
    }
}
