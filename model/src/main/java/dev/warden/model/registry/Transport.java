package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** The L4 protocol of a port rule, as Kubernetes NetworkPolicy spells it. */
public enum Transport implements WireName {
    TCP("TCP"),
    UDP("UDP"),
    SCTP("SCTP");

    private final String wireName;

    Transport(String wireName) {
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
