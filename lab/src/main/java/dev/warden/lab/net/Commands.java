package dev.warden.lab.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lab's only way to run a program: every command has a time bound and is killed, with its
 * descendants, when it runs past it. Output is collected in a temporary file so that a chatty
 * command cannot block on a full pipe.
 */
public final class Commands {
    /** The bound for configuration commands (ip, nft, sysctl, openssl). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private Commands() {}

    public static CommandResult run(String... command) {
        return run(DEFAULT_TIMEOUT, List.of(command));
    }

    public static CommandResult run(Duration timeout, List<String> command) {
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("wdn-lab-", ".out");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
                return new CommandResult(-1, Files.readString(output, StandardCharsets.UTF_8), true);
            }
            return new CommandResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            return new CommandResult(127, String.join(" ", command) + ": " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                kill(process);
            }
            return new CommandResult(-1, "interrupted", true);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    /** Runs {@code command} and returns its output, or throws {@link LabException} naming the command and what it said. */
    public static String ok(String... command) {
        CommandResult result = run(command);
        if (!result.ok()) {
            throw new LabException(String.join(" ", command) + (result.timedOut()
                    ? " did not finish within " + DEFAULT_TIMEOUT.toSeconds() + " s"
                    : " failed (exit " + result.exitCode() + "): " + result.output().strip()));
        }
        return result.output();
    }

    /** Starts a long-running program with its output in {@code log}; the caller stops it with {@link #stop}. */
    public static Process start(List<String> command, Path log) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL for it and anything it started. */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
