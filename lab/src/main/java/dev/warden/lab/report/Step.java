package dev.warden.lab.report;

/** One step of a lab: what it does, what should happen, what did, and whether those agree. */
public record Step(String name, String expected, String observed, boolean passed) {
    public static Step of(String name, String expected, String observed, boolean passed) {
        return new Step(name, expected, observed.strip(), passed);
    }
}
