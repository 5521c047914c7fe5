package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** The cluster's network plugin; it decides which policy features compile can use. */
public enum Cni implements WireName {
    STANDARD("standard"),
    CILIUM("cilium"),
    CALICO("calico");

    private final String wireName;

    Cni(String wireName) {
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
