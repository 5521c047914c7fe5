package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** The application protocol a dependency speaks; it decides which names a gateway can see (Host, SNI or none). */
public enum AppProtocol implements WireName {
    HTTPS("HTTPS"),
    HTTP("HTTP"),
    TLS("TLS"),
    TCP("TCP"),
    UDP("UDP");

    private final String wireName;

    AppProtocol(String wireName) {
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
