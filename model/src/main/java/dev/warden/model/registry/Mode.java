package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether the record's rules are enforced or only reported as would-deny. */
public enum Mode implements WireName {
    ENFORCE("enforce"),
    REPORT_ONLY("report-only");

    private final String wireName;

    Mode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
