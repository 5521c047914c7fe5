package dev.warden.audit;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where audit lines end up: a file, standard output. A {@link QueuedAuditSink} calls it from its
 * single writer thread only, so implementations need not be thread-safe.
 */
public interface LineWriter extends Closeable {

    /**
     * Accepts one complete line, ending in {@code '\n'}, to be encoded as UTF-8. It may stay
     * buffered until {@link #flush()}.
     *
     * @throws IOException if the line could not be accepted; the writer stays usable
     */
    void write(String line) throws IOException;

    /**
     * Hands every accepted line to the operating system.
     *
     * @throws IOException if that failed; the lines buffered since the last flush are discarded
     *     (not retried, which could duplicate them) and the writer stays usable
     */
    void flush() throws IOException;

    /** Flushes, then releases what the writer holds. */
    @Override
    void close() throws IOException;
}
