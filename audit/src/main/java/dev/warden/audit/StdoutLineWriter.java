package dev.warden.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes lines to standard output as UTF-8, whatever the stream's own charset. Lines are
 * buffered until {@link #flush()} and then written in one call, which holds the stream's lock,
 * so log messages printed to the same stream never land inside an audit line.
 *
 * <p>{@link PrintStream} swallows I/O errors and remembers them for good, so once the stream has
 * failed every later flush reports an error.
 */
public final class StdoutLineWriter implements LineWriter {

    private final PrintStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);

    /** Writes to {@link System#out} as it is now. */
    public StdoutLineWriter() {
        this(System.out);
    }

    /** Writes to {@code out}, which {@link #close()} leaves open. */
    public StdoutLineWriter(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void write(String line) {
        pending.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
        try {
            pending.writeTo(out);
            out.flush();
        } finally {
            pending.reset();
        }
        if (out.checkError()) {
            throw new IOException("the output stream reported an error; audit lines may be lost");
        }
    }

    /** Flushes; the stream is shared with the rest of the process, so it stays open. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
