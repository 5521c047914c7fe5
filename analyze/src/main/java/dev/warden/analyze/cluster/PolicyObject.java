package dev.warden.analyze.cluster;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** A Kubernetes NetworkPolicy as read, with where it came from. */
public record PolicyObject(NetworkPolicy policy, SourceRef source) {
    /** {@code namespace/name}. */
    public String id() {
        return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    }
}
