package dev.warden.audit;

import dev.warden.model.audit.AuditEvent;
import java.time.Duration;

/**
 * Accepts audit events without making the caller wait for them to be written.
 *
 * <p>{@link #offer} returning {@code false} means the event will never be written; the caller
 * decides what that means (the gateway denies a request whose record needs audit rather than let
 * it through unaudited). Every event for which {@code offer} returned {@code true} is written
 * before {@link #close()} returns.
 */
public interface AuditSink extends AutoCloseable {

    /**
     * Queues the event for writing without blocking.
     *
     * @return {@code true} if the event was accepted and will be written; {@code false} if it was
     *     refused because the queue is full (counted in {@link #dropped()}) or the sink is closing
     */
    boolean offer(AuditEvent event);

    /**
     * Stops accepting events, writes every accepted one, flushes and closes the target, waiting at
     * most {@code grace}.
     *
     * @return {@code true} if all of that finished in time; if not, writing goes on in the
     *     background and a later {@code close} waits for it again
     */
    boolean close(Duration grace);

    /** Like {@link #close(Duration)} without a time limit: returns once every accepted event is written. */
    @Override
    void close();

    /** Events written to the target and flushed without error. */
    long written();

    /** Events refused because the queue was full. */
    long dropped();

    /** Events accepted and not yet handed to the target. */
    int queueDepth();

    /** Failed writes, flushes and closes of the target; each may have lost audit lines. */
    long writeErrors();
}
