package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** A label selector operator, as Kubernetes spells it. */
public enum LabelOperator implements WireName {
    IN("In"),
    NOT_IN("NotIn"),
    EXISTS("Exists"),
    DOES_NOT_EXIST("DoesNotExist");

    private final String wireName;

    LabelOperator(String wireName) {
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
