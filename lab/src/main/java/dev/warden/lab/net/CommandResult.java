package dev.warden.lab.net;

/**
 * What an external command did: its exit code and its standard output and error together.
 * {@code timedOut} is true when it was killed for running past its bound (the exit code is then -1).
 */
public record CommandResult(int exitCode, String output, boolean timedOut) {
    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }
}
