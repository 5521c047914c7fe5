package dev.warden.analyze.findings;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.PolicyObject;
import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.cluster.cilium.CiliumPolicy;
import dev.warden.analyze.read.ReadObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * An object a finding involves, with where it was read, so reports can point at the line (SARIF
 * locations, the text report's {@code file:line}).
 *
 * @param kind the Kubernetes kind, e.g. {@code NetworkPolicy}
 * @param name {@code namespace/name}, or the name alone for a cluster-scoped object
 */
public record Involved(String kind, String name, SourceRef source) {
    public Involved {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    public static Involved of(Endpoint endpoint) {
        return new Involved(endpoint.kind(), endpoint.id(), endpoint.source());
    }

    public static Involved of(PolicyObject policy) {
        return new Involved("NetworkPolicy", policy.id(), policy.source());
    }

    public static Involved of(CiliumPolicy policy) {
        return new Involved(policy.kind(), policy.clusterwide() ? policy.name() : policy.namespace() + "/" + policy.name(),
                policy.source());
    }

    /**
     * The cluster's policies by the id a {@link dev.warden.analyze.reach.Side} names them with,
     * NetworkPolicies and Cilium policies alike; built once per analysis.
     */
    static Function<Collection<String>, List<Involved>> policies(Cluster cluster) {
        Map<String, Involved> known = new HashMap<>();
        cluster.networkPolicies().forEach(policy -> known.put(policy.id(), of(policy)));
        cluster.ciliumPolicies().forEach(policy -> known.put(policy.id(), of(policy)));
        // in id order without repeats
        return ids -> new TreeSet<>(ids).stream().map(known::get).filter(Objects::nonNull).toList();
    }

    public static Involved of(ReadObject object) {
        return new Involved(object.kind(), object.namespace() == null ? object.name()
                : object.namespace() + "/" + object.name(), object.source());
    }

    /** {@code Kind namespace/name (file:line)}, as the text report prints it. */
    @Override
    public String toString() {
        return kind + " " + name + " (" + source + ")";
    }
}
