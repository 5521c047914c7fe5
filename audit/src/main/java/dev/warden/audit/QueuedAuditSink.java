package dev.warden.audit;

import dev.warden.model.audit.AuditEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuditSink} with a bounded queue in front of a {@link LineWriter}, emptied by one
 * platform thread named {@code warden-audit}.
 *
 * <p>{@link #offer} never waits for the disk or for space: a full queue refuses the event. The
 * writer thread serialises whatever is queued (at most {@value #MAX_BATCH} events at a time), writes
 * it to the target and flushes after each batch, so a line reaches the target within moments of
 * being accepted. A failing target is counted in {@link #writeErrors()} and logged once per run of
 * failures; the thread keeps going. The sink owns the target and closes it after the last batch.
 */
public final class QueuedAuditSink implements AuditSink {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedAuditSink.class);

    /** Bounds the lines buffered between flushes, so they keep flowing under sustained load. */
    private static final int MAX_BATCH = 1_000;

    /** Queued by close() only to wake a writer waiting on an empty queue; never written. */
    private static final AuditEvent WAKE_UP = AuditEvent.builder().build();

    private final LineWriter target;
    private final ArrayBlockingQueue<AuditEvent> queue;
    private final Thread writer;

    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicInteger offersInProgress = new AtomicInteger();
    /** Events accepted and not yet taken by the writer (briefly -1 when it takes one first). */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Set once closing is true and no offer can still add to the queue. */
    private volatile boolean nothingMoreWillArrive;

    private final AtomicLong written = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong writeErrors = new AtomicLong();

    // Touched by the writer thread only.
    private final AuditJson.Lines formatter = new AuditJson.Lines();
    private boolean failing;
    private long errorsBeforeFailing;

    /**
     * Starts the writer thread.
     *
     * @param target where lines go; closed by this sink
     * @param capacity how many accepted events may wait for the writer before {@link #offer} refuses more
     */
    public QueuedAuditSink(LineWriter target, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.target = Objects.requireNonNull(target, "target");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("warden-audit").daemon(true).unstarted(this::writeUntilClosed);
        writer.start();
    }

    @Override
    public boolean offer(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        // Refusing before counting ourselves in keeps close()'s wait for in-progress offers short
        // however hard producers keep offering after close.
        if (closing.get()) {
            return false;
        }
        offersInProgress.incrementAndGet();
        try {
            // close() may have begun between the check above and being counted; it waits only for
            // offers it can see, so look again now that it can see this one.
            if (closing.get()) {
                return false;
            }
            if (queue.offer(event)) {
                waiting.incrementAndGet();
                return true;
            }
            dropped.increment();
            return false;
        } finally {
            offersInProgress.decrementAndGet();
        }
    }

    @Override
    public boolean close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        stopAccepting();
        try {
            return writer.join(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stopAccepting();
        boolean interrupted = false;
        // Returning early on an interrupt would break the promise that accepted events are written.
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long written() {
        return written.get();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public int queueDepth() {
        // The queue's own size() takes its lock; producers ask this on every decision.
        return Math.max(0, waiting.get());
    }

    @Override
    public long writeErrors() {
        return writeErrors.get();
    }

    private void stopAccepting() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        // An offer that saw `closing` false may still be putting its event in the queue; the writer
        // must not take an empty queue for the end before that event is in.
        while (offersInProgress.get() != 0) {
            Thread.onSpinWait();
        }
        nothingMoreWillArrive = true;
        // If the queue is full the writer is busy, not waiting, and will see the flag on its own.
        queue.offer(WAKE_UP);
    }

    private void writeUntilClosed() {
        List<AuditEvent> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                // Read before looking at the queue: once true, an empty queue stays empty.
                boolean lastEvents = nothingMoreWillArrive;
                AuditEvent first = lastEvents ? queue.poll() : takeIgnoringInterrupts();
                if (first == null) {
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                waiting.addAndGet(-accepted(batch));
                writeAndFlush(batch);
                batch.clear();
            }
        } finally {
            closeTarget();
        }
    }

    /** How many of {@code batch} were offered by producers (the wake-up marker is not). */
    private static int accepted(List<AuditEvent> batch) {
        int count = 0;
        for (AuditEvent event : batch) {
            if (event != WAKE_UP) {
                count++;
            }
        }
        return count;
    }

    private AuditEvent takeIgnoringInterrupts() {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // Only close() ends this thread; stopping on someone else's interrupt would lose
                // accepted events.
            }
        }
    }

    private void writeAndFlush(List<AuditEvent> batch) {
        long lines = 0;
        boolean allWritten = true;
        for (AuditEvent event : batch) {
            if (event == WAKE_UP) {
                continue;
            }
            try {
                target.write(formatter.line(event));
                lines++;
            } catch (IOException | RuntimeException e) {
                allWritten = false;
                recordFailure(e);
            }
        }
        try {
            target.flush();
            written.addAndGet(lines);
            if (allWritten) {
                recordSuccess();
            }
        } catch (IOException | RuntimeException e) {
            recordFailure(e);
        }
    }

    private void closeTarget() {
        try {
            target.close();
        } catch (IOException | RuntimeException e) {
            recordFailure(e);
        }
    }

    private void recordFailure(Exception e) {
        long errors = writeErrors.incrementAndGet();
        // A full or broken disk fails every line; one message per outage keeps the log readable,
        // and the counter carries the size of it.
        if (!failing) {
            failing = true;
            errorsBeforeFailing = errors - 1;
            LOG.error("Writing audit lines failed; further failures are counted but not logged until writing works again",
                    e);
        }
    }

    private void recordSuccess() {
        if (failing) {
            failing = false;
            LOG.info("Writing audit lines works again after {} failed writes", writeErrors.get() - errorsBeforeFailing);
        }
    }
}
