package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** The seed's §19 classification of an external dependency; each class has a recommended egress pattern. */
public enum DependencyClass implements WireName {
    PLATFORM_PRIVATE("platform-private"),
    REGULATED_THIRD_PARTY("regulated-third-party"),
    PUBLIC_SAAS("public-saas"),
    OBSERVABILITY("observability"),
    PACKAGE_DOWNLOAD("package-download"),
    UNKNOWN("unknown");

    private final String wireName;

    DependencyClass(String wireName) {
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
