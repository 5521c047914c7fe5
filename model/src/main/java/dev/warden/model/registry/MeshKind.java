package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** The service mesh in the cluster, if any. */
public enum MeshKind implements WireName {
    ISTIO("istio");

    private final String wireName;

    MeshKind(String wireName) {
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
