package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of data leaves through the dependency, from least to most sensitive. */
public enum DataClassification implements WireName {
    PUBLIC("public"),
    INTERNAL("internal"),
    CONFIDENTIAL("confidential"),
    REGULATED("regulated");

    private final String wireName;

    DataClassification(String wireName) {
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
