package dev.warden.runtime;

import dev.warden.audit.LineWriter;
import dev.warden.audit.QueuedAuditSink;
import dev.warden.audit.RotatingFileWriter;
import dev.warden.audit.StdoutLineWriter;
import dev.warden.model.audit.AuditEvent;
import dev.warden.model.decision.Decision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A serving verb's side of the audit trail (§22): events go through a bounded queue so the event
 * loops never wait on disk. When the queue is full, a record that declares audit needs fails
 * closed — what it would admit is refused rather than served unaudited; for others the lost line
 * is counted.
 */
public final class AuditTrail {
    private final QueuedAuditSink sink;
    private final int capacity;

    private AuditTrail(QueuedAuditSink sink, int capacity) {
        this.sink = sink;
        this.capacity = capacity;
    }

    /**
     * @param target a file path for size-rotated JSON lines, or "-" for standard output
     * @param maxBytes the size at which the file rotates
     * @param kept how many rotated files are kept
     * @param capacity how many events may wait to be written
     */
    public static AuditTrail open(String target, long maxBytes, int kept, int capacity) {
        LineWriter writer;
        try {
            writer = "-".equals(target) ? new StdoutLineWriter() : new RotatingFileWriter(Path.of(target), maxBytes, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit file " + target, e);
        }
        return new AuditTrail(new QueuedAuditSink(writer, capacity), capacity);
    }

    /** False when the record requires audit and the queue has no room for its line. */
    public boolean canAccept(Decision decision) {
        boolean auditRequired = decision.dependency() != null && !decision.dependency().spec().audit().isEmpty();
        return !auditRequired || sink.queueDepth() < capacity;
    }

    public void record(AuditEvent event) {
        sink.offer(event); // a refusal is counted by the sink and exported as a metric
    }

    /** Events waiting to be written. */
    public int queueDepth() {
        return sink.queueDepth();
    }

    /** Events refused because the queue was full. */
    public long dropped() {
        return sink.dropped();
    }

    /** Returns once every accepted line is written: nothing accepted is lost on shutdown. */
    public void close() {
        sink.close();
    }
}
