package dev.warden.gateway;

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
 * The gateway's side of the audit trail (§22): events go through a bounded queue so the event
 * loops never wait on disk. When the queue is full, a record that declares audit needs fails
 * closed — its requests are refused rather than served unaudited; others are served and the
 * lost line is counted.
 */
final class AuditTrail {
    private final QueuedAuditSink sink;
    private final int capacity;

    private AuditTrail(QueuedAuditSink sink, int capacity) {
        this.sink = sink;
        this.capacity = capacity;
    }

    static AuditTrail open(GatewayConfig config, GatewayMetrics metrics) {
        LineWriter target;
        try {
            target = "-".equals(config.audit())
                    ? new StdoutLineWriter()
                    : new RotatingFileWriter(Path.of(config.audit()), config.auditFileMaxBytes(), config.auditFilesKept());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit file " + config.audit(), e);
        }
        AuditTrail trail = new AuditTrail(new QueuedAuditSink(target, config.auditQueueCapacity()), config.auditQueueCapacity());
        metrics.auditGauges(trail.sink::queueDepth, trail.sink::dropped);
        return trail;
    }

    /** False when the record requires audit and the queue has no room for its line. */
    boolean canAccept(Decision decision) {
        boolean auditRequired = decision.dependency() != null && !decision.dependency().spec().audit().isEmpty();
        return !auditRequired || sink.queueDepth() < capacity;
    }

    void record(AuditEvent event) {
        sink.offer(event); // a refusal is counted by the sink and exported as warden_audit_dropped
    }

    /** Returns once every accepted line is written: nothing accepted is lost on shutdown. */
    void close() {
        sink.close();
    }
}
