package dev.warden.audit;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Appends lines to a file and rotates it by size: when the next line would take the file past
 * {@code maxBytes}, the file becomes {@code file.1}, {@code file.1} becomes {@code file.2} and so
 * on, keeping {@code keepFiles} rotated files and deleting the oldest. A line is never split
 * across files; a single line longer than {@code maxBytes} gets a file of its own.
 *
 * <p>Lines are buffered until {@link #flush()}, which hands them to the operating system in one
 * write (it does not fsync). After a failure the file is reopened, and its size re-read, by the
 * next write; a rotation that failed is tried again then.
 */
public final class RotatingFileWriter implements LineWriter {

    private final Path file;
    private final long maxBytes;
    private final int keepFiles;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);

    /** Null after a failure, until the next write reopens the file. */
    private FileOutputStream out;
    /** Bytes in the current file, counting the pending ones. */
    private long size;

    /**
     * Opens {@code file} for appending, creating it and its parent directories if needed, so a
     * path that cannot be written fails here rather than at the first event.
     *
     * @param maxBytes the size a file may reach before the next line goes to a fresh one
     * @param keepFiles how many rotated files to keep; 0 starts the file afresh on rotation
     */
    public RotatingFileWriter(Path file, long maxBytes, int keepFiles) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, not " + maxBytes);
        }
        if (keepFiles < 0) {
            throw new IllegalArgumentException("keepFiles must not be negative, not " + keepFiles);
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keepFiles = keepFiles;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        open();
    }

    @Override
    public void write(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (out == null) {
            open();
        }
        if (size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        pending.writeBytes(bytes);
        size += bytes.length;
    }

    @Override
    public void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        try {
            pending.writeTo(out);
        } catch (IOException e) {
            // Part of the batch may be in the file; reopening re-reads the true size.
            abandonFile(e);
            throw e;
        } finally {
            pending.reset();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }

    private void open() throws IOException {
        out = new FileOutputStream(file.toFile(), true);
        size = out.getChannel().size();
    }

    private void rotate() throws IOException {
        flush();
        out.close();
        out = null;
        if (keepFiles == 0) {
            Files.deleteIfExists(file);
        } else {
            for (int n = keepFiles - 1; n >= 1; n--) {
                Path older = rotated(n);
                if (Files.exists(older)) {
                    Files.move(older, rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path rotated(int generation) {
        return file.resolveSibling(file.getFileName() + "." + generation);
    }

    private void abandonFile(IOException failure) {
        try {
            out.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        out = null;
    }
}
