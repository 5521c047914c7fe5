package dev.warden.analyze.cluster.cilium;

import dev.warden.analyze.cluster.SourceRef;
import java.util.List;

/**
 * A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy as read: its rules, with where it came from.
 *
 * @param namespace the policy's namespace, which confines what its selectors see; null for a
 *     CiliumClusterwideNetworkPolicy, which is cluster-scoped and confined to nothing
 * @param rules {@code spec} and each of {@code specs}, in that order: Cilium enforces them alike
 */
public record CiliumPolicy(String namespace, String name, List<CiliumRule> rules, SourceRef source) {
    public static final String NAMESPACED_KIND = "CiliumNetworkPolicy";
    public static final String CLUSTERWIDE_KIND = "CiliumClusterwideNetworkPolicy";

    public CiliumPolicy {
        rules = List.copyOf(rules);
    }

    public boolean clusterwide() {
        return namespace == null;
    }

    public String kind() {
        return clusterwide() ? CLUSTERWIDE_KIND : NAMESPACED_KIND;
    }

    /**
     * {@code CiliumNetworkPolicy namespace/name} or {@code CiliumClusterwideNetworkPolicy name}: the
     * kind is part of the id, so a Cilium policy is never mistaken for a NetworkPolicy of the same name.
     */
    public String id() {
        return kind() + " " + (clusterwide() ? name : namespace + "/" + name);
    }
}
