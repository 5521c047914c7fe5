package dev.warden.runtime;

import dev.warden.runtime.identity.FirstKnown;
import dev.warden.runtime.identity.StaticWorkloads;
import dev.warden.runtime.identity.WorkloadDirectory;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.registry.EgressPosture;
import dev.warden.policy.PolicyIndex;
import dev.warden.registry.LoadedRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything a request needs from one registry load, swapped atomically on reload so a request
 * sees one consistent registry from first decision to last.
 */
public record PolicySnapshot(
        LoadedRegistry registry,
        PolicyIndex policy,
        WorkloadDirectory workloads,
        Map<String, WorkloadIdentity> byProxyUser,
        Instant loadedAt) {

    /** The workload whose posture entry names {@code user} as its proxyUser, or null. */
    public WorkloadIdentity proxyUser(String user) {
        return byProxyUser.get(user);
    }

    /** The posture's static map answers first; then the pod watch, when there is one. */
    public static PolicySnapshot of(LoadedRegistry registry, PolicyIndex policy, WorkloadDirectory podWatch, Instant loadedAt) {
        List<EgressPosture.Workload> workloads = registry.registry().posture()
                .map(posture -> posture.spec().workloads())
                .orElse(List.of());
        WorkloadDirectory staticMap = new StaticWorkloads(workloads);
        Map<String, WorkloadIdentity> byProxyUser = workloads.stream()
                .filter(workload -> workload.proxyUser() != null)
                .collect(Collectors.toUnmodifiableMap(EgressPosture.Workload::proxyUser, EgressPosture.Workload::identity,
                        (first, second) -> first));
        return new PolicySnapshot(registry, policy,
                podWatch == null ? staticMap : FirstKnown.firstKnown(staticMap, podWatch), byProxyUser, loadedAt);
    }
}
