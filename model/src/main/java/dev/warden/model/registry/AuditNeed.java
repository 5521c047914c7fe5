package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** What the audit trail of a dependency must record (§19 audit need, §22 signals). */
public enum AuditNeed implements WireName {
    REQUEST_COUNT("request-count"),
    STATUS("status"),
    DESTINATION("destination"),
    SOURCE_WORKLOAD("source-workload"),
    BYTES("bytes"),
    LATENCY("latency"),
    DNS_QUERIES("dns-queries"),
    HTTP_METHOD("http-method"),
    HTTP_PATH("http-path"),
    TLS_SERVER_NAME("tls-server-name");

    private final String wireName;

    AuditNeed(String wireName) {
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
