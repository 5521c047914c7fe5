package dev.warden.capacity.scenario;

/**
 * How a failed attempt is retried: at most {@code maxAttempts} attempts in all; the n-th retry
 * waits min(maxBackoff, backoff x multiplier^(n-1)) seconds, spread by {@code jitter}; and, when
 * {@code budgetPercent} is set (not NaN), retries are at most that share of first attempts.
 */
public record RetryPolicy(int maxAttempts, double backoff, double multiplier, double maxBackoff, Jitter jitter,
        double budgetPercent) {

    public static final RetryPolicy NONE = new RetryPolicy(1, 0, 1, 0, Jitter.NONE, Double.NaN);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Full jitter: the delay is uniform over [0, d]; equal jitter: over [d/2, d]; none: exactly d. */
    public enum Jitter { NONE, FULL, EQUAL }

    /** The nominal delay before retry {@code n} (1 for the first retry). */
    public double delay(int n) {
        return Math.min(maxBackoff, backoff * Math.pow(multiplier, n - 1));
    }

    public boolean hasBudget() {
        return !Double.isNaN(budgetPercent);
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, backoff, multiplier, maxBackoff, jitter, budgetPercent);
    }
}
