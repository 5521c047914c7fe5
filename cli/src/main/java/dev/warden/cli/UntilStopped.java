package dev.warden.cli;

import java.util.concurrent.CountDownLatch;

/** How a serving verb runs: until SIGTERM or Ctrl-C, then an orderly close before the JVM exits. */
final class UntilStopped {
    private UntilStopped() {}

    /** Blocks until the JVM shuts down, closing {@code server} (draining, flushing logs) first. */
    static int serve(AutoCloseable server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("warden: stopping failed: " + e);
            } finally {
                stopped.countDown();
            }
        }, "warden-shutdown"));
        stopped.await();
        return Warden.EXIT_OK;
    }
}
