package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the client authenticates the destination (§14: TLS is encryption, not authorisation). */
public enum TlsVerify implements WireName {
    REQUIRED("required"),
    PINNED_CA("pinned-ca"),
    MTLS("mtls"),
    NONE("none");

    private final String wireName;

    TlsVerify(String wireName) {
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
