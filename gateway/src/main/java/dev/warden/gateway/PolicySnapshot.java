package dev.warden.gateway;

import dev.warden.gateway.identity.StaticWorkloads;
import dev.warden.gateway.identity.WorkloadDirectory;
import dev.warden.model.registry.EgressPosture;
import dev.warden.policy.PolicyIndex;
import dev.warden.registry.LoadedRegistry;
import java.time.Instant;
import java.util.List;

/**
 * Everything a request needs from one registry load, swapped atomically on reload so a request
 * sees one consistent registry from first decision to last.
 */
public record PolicySnapshot(LoadedRegistry registry, PolicyIndex policy, WorkloadDirectory workloads, Instant loadedAt) {

    static PolicySnapshot of(LoadedRegistry registry, PolicyIndex policy, Instant loadedAt) {
        List<EgressPosture.Workload> workloads = registry.registry().posture()
                .map(posture -> posture.spec().workloads())
                .orElse(List.of());
        return new PolicySnapshot(registry, policy, new StaticWorkloads(workloads), loadedAt);
    }
}
