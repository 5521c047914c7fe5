package dev.warden.compile;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Kubernetes object emitted for a target, as the JSON tree it is written from. The object
 * names the records it implements and the control it is (annotations {@link #IMPLEMENTS} and
 * {@link #CONTROL}), so a reviewer — and the bypass checker — can trace each rule to the registry.
 */
public record Manifest(String target, ObjectNode object) {
    public static final String IMPLEMENTS = "warden.dev/implements";
    public static final String CONTROL = "warden.dev/control";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    // The CONTROL values more than one target emits, so the bypass checker and the control matrix
    // recognise them whichever target wrote them.
    public static final String DEFAULT_DENY_EGRESS = "default-deny-egress";
    public static final String DNS_TO_CLUSTER_DNS = "dns-to-cluster-dns";
    public static final String ALLOW = "allow";
    public static final String STABLE_SOURCE_IP = "stable-source-ip";

    public String apiVersion() {
        return object.path("apiVersion").asText();
    }

    public String kind() {
        return object.path("kind").asText();
    }

    /** The namespace, or null for a cluster-scoped object. */
    public String namespace() {
        String namespace = object.path("metadata").path("namespace").asText(null);
        return namespace == null || namespace.isEmpty() ? null : namespace;
    }

    public String name() {
        return object.path("metadata").path("name").asText();
    }

    /** The value of {@link #CONTROL}: what this object is for. */
    public String control() {
        return object.path("metadata").path("annotations").path(CONTROL).asText();
    }
}
