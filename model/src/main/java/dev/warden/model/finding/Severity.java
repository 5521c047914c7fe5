package dev.warden.model.finding;

/** How bad a finding is: errors make a verb fail, warnings only inform. */
public enum Severity {
    ERROR,
    WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
