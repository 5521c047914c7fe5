package dev.warden.analyze.findings;

/** How much a finding weakens egress control, highest first (the order findings are ranked in). */
public enum Severity {
    /** Egress is open, or a path around its control exists. */
    HIGH,
    /** Control is incomplete or will break something, without an open path on its own. */
    MEDIUM,
    /** Worth reviewing; rarely a path out by itself. */
    LOW
}
