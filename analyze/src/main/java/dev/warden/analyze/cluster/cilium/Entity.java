package dev.warden.analyze.cluster.cilium;

import java.util.Arrays;
import java.util.Optional;

/**
 * The entities {@code toEntities} and {@code fromEntities} may name, as the published
 * cilium.io/v2 schema lists them (Cilium 1.18): peers Cilium knows by role rather than by labels.
 */
public enum Entity {
    ALL("all"),
    WORLD("world"),
    CLUSTER("cluster"),
    HOST("host"),
    REMOTE_NODE("remote-node"),
    KUBE_APISERVER("kube-apiserver"),
    INGRESS("ingress"),
    INIT("init"),
    HEALTH("health"),
    UNMANAGED("unmanaged"),
    NONE("none");

    private final String written;

    Entity(String written) {
        this.written = written;
    }

    /** The entity spelled as a policy writes it, e.g. {@code remote-node}. */
    public static Optional<Entity> of(String written) {
        return Arrays.stream(values()).filter(entity -> entity.written.equals(written)).findFirst();
    }

    @Override
    public String toString() {
        return written;
    }
}
