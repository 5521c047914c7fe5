package dev.warden.analyze.read;

import dev.warden.analyze.cluster.SourceRef;

/**
 * One object as read from the manifests, kept so later checks can look at what the cluster model
 * leaves out (Services, PodDisruptionBudgets, env vars, security contexts, other policy kinds).
 *
 * @param namespace the object's namespace ({@code default} when a namespaced kind leaves it out);
 *     null for Namespaces and CiliumClusterwideNetworkPolicies, and for kinds the reader does not
 *     read that leave it out, whose scope it does not know
 * @param typed the fabric8 model object (for example a {@code io.fabric8.kubernetes.api.model.Pod})
 *     for the kinds the reader binds; the JSON tree ({@code com.fasterxml.jackson.databind.JsonNode})
 *     for the custom resources it checks against their schemas (Cilium policies, Istio
 *     ServiceEntries, Sidecars and Gateways) and for kinds it skips
 */
public record ReadObject(SourceRef source, String apiVersion, String kind, String namespace, String name, Object typed) {
    /** {@code apiVersion/kind}, the key of {@code Cluster.skippedKinds}. */
    public String type() {
        return apiVersion + "/" + kind;
    }
}
