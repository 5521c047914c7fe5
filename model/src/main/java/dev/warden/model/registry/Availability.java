package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** How much the owning service suffers when the dependency is unreachable. */
public enum Availability implements WireName {
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high"),
    CRITICAL("critical");

    private final String wireName;

    Availability(String wireName) {
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
