package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;

/** How traffic leaves the cluster (§8–§12): the path decides what can be enforced and seen. */
public enum EgressPath implements WireName {
    NAT("nat"),
    EGRESS_GATEWAY("egress-gateway"),
    HTTP_PROXY("http-proxy"),
    MESH_EGRESS_GATEWAY("mesh-egress-gateway"),
    PRIVATE_ENDPOINT("private-endpoint");

    private final String wireName;

    EgressPath(String wireName) {
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
