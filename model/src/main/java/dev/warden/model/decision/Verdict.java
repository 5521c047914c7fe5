package dev.warden.model.decision;

/** The outcome of a policy decision, as the audit trail spells it ({@code warden.decision}). */
public enum Verdict {
    ALLOW("allow"),
    /** A report-only record admits what would otherwise be denied: the call goes, the log says so. */
    ALLOW_REPORT_ONLY("would-deny"),
    DENY("deny");

    private final String auditName;

    Verdict(String auditName) {
        this.auditName = auditName;
    }

    public String auditName() {
        return auditName;
    }

    public boolean admits() {
        return this != DENY;
    }
}
