package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.model.audit.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

// A close() that never returns must fail the test, not hang the build; close() ignores interrupts,
// so the test runs on a thread that can be abandoned.
@Timeout(value = 1, unit = TimeUnit.MINUTES, threadMode = ThreadMode.SEPARATE_THREAD)
class QueuedAuditSinkTest {

    private static final Pattern TRACE_ID = Pattern.compile("\"trace\\.id\":\"([^\"]*)\"");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("audit.jsonl");
    }

    private RotatingFileWriter fileTarget() throws IOException {
        return new RotatingFileWriter(file(), Long.MAX_VALUE, 1);
    }

    @Test
    void an_accepted_event_reaches_the_file_while_the_sink_is_still_open() throws IOException {
        QueuedAuditSink sink = new QueuedAuditSink(fileTarget(), 16);
        try {
            assertThat(sink.offer(event("a"))).isTrue();

            await().untilAsserted(() -> assertThat(Files.readString(file())).isEqualTo(AuditJson.line(event("a"))));
        } finally {
            sink.close();
        }
        assertThat(sink.written()).isEqualTo(1);
        assertThat(sink.queueDepth()).isZero();
    }

    @Test
    void events_are_written_in_the_order_they_were_accepted() throws IOException {
        QueuedAuditSink sink = new QueuedAuditSink(fileTarget(), 10_000);
        List<String> offered = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            assertThat(sink.offer(event("e" + i))).isTrue();
            offered.add("e" + i);
        }

        sink.close();

        assertThat(traceIdsWritten()).isEqualTo(offered);
        assertThat(sink.written()).isEqualTo(3_000);
    }

    @Test
    void close_writes_every_accepted_event_while_many_producers_race_it() throws Exception {
        int producers = 8;
        int eventsEach = 5_000;
        QueuedAuditSink sink = new QueuedAuditSink(fileTarget(), 4_096);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int p = 0; p < producers; p++) {
                String producer = "p" + p + "-";
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < eventsEach; i++) {
                        attempts.incrementAndGet();
                        if (sink.offer(event(producer + i))) {
                            accepted.add(producer + i);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            await().until(() -> attempts.get() >= producers * eventsEach / 8);

            sink.close();

            for (Future<?> producer : running) {
                producer.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> written = traceIdsWritten();
        assertThat(written).hasSize(accepted.size()).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(sink.written()).isEqualTo(accepted.size());
        assertThat(sink.writeErrors()).isZero();
        assertThat(sink.offer(event("after-close"))).isFalse();
    }

    @Test
    void a_full_queue_refuses_the_event_and_counts_a_drop() throws IOException, InterruptedException {
        GatedTarget target = new GatedTarget(fileTarget());
        QueuedAuditSink sink = new QueuedAuditSink(target, 2);
        try {
            assertThat(sink.offer(event("held-by-writer"))).isTrue();
            target.awaitWriterHeld();

            assertThat(sink.offer(event("queued-1"))).isTrue();
            assertThat(sink.offer(event("queued-2"))).isTrue();
            assertThat(sink.offer(event("refused"))).isFalse();

            assertThat(sink.dropped()).isEqualTo(1);
            assertThat(sink.queueDepth()).isEqualTo(2);
        } finally {
            target.release();
            sink.close();
        }
        assertThat(traceIdsWritten()).containsExactly("held-by-writer", "queued-1", "queued-2");
        assertThat(sink.written()).isEqualTo(3);
        assertThat(sink.dropped()).isEqualTo(1);
    }

    @Test
    void an_event_offered_after_close_is_refused_without_counting_a_drop() throws IOException {
        QueuedAuditSink sink = new QueuedAuditSink(fileTarget(), 16);
        sink.offer(event("before"));

        sink.close();

        assertThat(sink.offer(event("after"))).isFalse();
        assertThat(sink.dropped()).isZero();
        assertThat(traceIdsWritten()).containsExactly("before");
    }

    @Test
    void close_with_a_grace_period_reports_a_stuck_target_and_a_later_close_still_writes_everything_accepted()
            throws IOException, InterruptedException {
        GatedTarget target = new GatedTarget(fileTarget());
        QueuedAuditSink sink = new QueuedAuditSink(target, 16);
        try {
            sink.offer(event("held-by-writer"));
            target.awaitWriterHeld();
            sink.offer(event("queued"));

            assertThat(sink.close(Duration.ofMillis(50))).isFalse();
            assertThat(sink.offer(event("after-close"))).isFalse();
        } finally {
            target.release();
        }

        assertThat(sink.close(Duration.ofMinutes(1))).isTrue();
        assertThat(traceIdsWritten()).containsExactly("held-by-writer", "queued");
    }

    @Test
    void a_failed_write_is_counted_and_the_writer_goes_on_with_the_next_events() throws IOException {
        FailingTarget target = new FailingTarget(fileTarget(), "bad", null);
        QueuedAuditSink sink = new QueuedAuditSink(target, 16);

        sink.offer(event("good-1"));
        sink.offer(event("bad"));
        await().until(() -> sink.writeErrors() == 1);
        sink.offer(event("good-2"));
        sink.close();

        assertThat(traceIdsWritten()).containsExactly("good-1", "good-2");
        assertThat(sink.writeErrors()).isEqualTo(1);
        assertThat(sink.written()).isEqualTo(2);
    }

    @Test
    void a_flush_that_throws_unchecked_is_counted_and_the_writer_goes_on() throws IOException {
        FailingTarget target = new FailingTarget(fileTarget(), null, new UncheckedIOException(new IOException("disk full")));
        QueuedAuditSink sink = new QueuedAuditSink(target, 16);

        sink.offer(event("in-failed-batch"));
        await().until(() -> sink.writeErrors() == 1);
        sink.offer(event("next"));
        sink.close();

        assertThat(sink.writeErrors()).isEqualTo(1);
        assertThat(sink.written()).as("only the batch whose flush succeeded counts").isEqualTo(1);
        assertThat(traceIdsWritten()).contains("next");
    }

    @Test
    void lines_are_written_by_one_platform_daemon_thread_named_warden_audit() throws IOException, InterruptedException {
        GatedTarget target = new GatedTarget(fileTarget());
        QueuedAuditSink sink = new QueuedAuditSink(target, 16);
        sink.offer(event("a"));
        target.awaitWriterHeld();
        target.release();
        sink.close();

        Thread writer = target.writerThread.get();
        assertThat(writer.getName()).isEqualTo("warden-audit");
        assertThat(writer.isDaemon()).isTrue();
        assertThat(writer.isVirtual()).isFalse();
        assertThat(writer.isAlive()).as("ended by close").isFalse();
    }

    @Test
    void a_capacity_below_one_is_refused() throws IOException {
        RotatingFileWriter target = fileTarget();

        assertThatThrownBy(() -> new QueuedAuditSink(target, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be at least 1, not 0");
        target.close();
    }

    private static AuditEvent event(String traceId) {
        return AuditEvent.builder()
                .timestamp(Instant.parse("2026-11-25T12:00:00.123Z"))
                .action("connection")
                .decision("allow")
                .traceId(traceId)
                .build();
    }

    private List<String> traceIdsWritten() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(file())) {
            Matcher matcher = TRACE_ID.matcher(line);
            assertThat(matcher.find()).as(line).isTrue();
            ids.add(matcher.group(1));
        }
        return ids;
    }

    /** Holds the writer thread inside its first write until the test releases it. */
    private static final class GatedTarget implements LineWriter {
        private final LineWriter delegate;
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        final AtomicReference<Thread> writerThread = new AtomicReference<>();

        GatedTarget(LineWriter delegate) {
            this.delegate = delegate;
        }

        void awaitWriterHeld() throws InterruptedException {
            assertThat(held.await(1, TimeUnit.MINUTES)).as("the writer reached the target").isTrue();
        }

        void release() {
            released.countDown();
        }

        @Override
        public void write(String line) throws IOException {
            if (writerThread.compareAndSet(null, Thread.currentThread())) {
                held.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delegate.write(line);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    /** Fails the write of the line with a given trace id, or the first flush, once. */
    private static final class FailingTarget implements LineWriter {
        private final LineWriter delegate;
        private final String failWriteOf;
        private RuntimeException failFirstFlushWith;

        FailingTarget(LineWriter delegate, String failWriteOf, RuntimeException failFirstFlushWith) {
            this.delegate = delegate;
            this.failWriteOf = failWriteOf;
            this.failFirstFlushWith = failFirstFlushWith;
        }

        @Override
        public void write(String line) throws IOException {
            if (failWriteOf != null && line.contains("\"trace.id\":\"" + failWriteOf + "\"")) {
                throw new IOException("no space left on device");
            }
            delegate.write(line);
        }

        @Override
        public void flush() throws IOException {
            RuntimeException failure = failFirstFlushWith;
            failFirstFlushWith = null;
            if (failure != null) {
                throw failure;
            }
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
