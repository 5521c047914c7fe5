package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a workload may reach when no record allows it. */
public enum DefaultEgress implements WireName {
    DENY("deny"),
    ALLOW("allow");

    private final String wireName;

    DefaultEgress(String wireName) {
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
