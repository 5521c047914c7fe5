package dev.warden.runtime.identity;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.EgressPosture;
import dev.warden.policy.AddressTrie;
import java.util.List;

/**
 * The posture's static identity map (labs, tests, hosts without a pod watch): the most specific
 * source CIDR containing the caller's address names its workload.
 */
public final class StaticWorkloads implements WorkloadDirectory {
    private final AddressTrie<WorkloadIdentity> bySource = new AddressTrie<>();

    public StaticWorkloads(List<EgressPosture.Workload> workloads) {
        workloads.forEach(workload -> bySource.put(workload.source(), workload.identity()));
    }

    @Override
    public WorkloadIdentity identify(IpAddress source) {
        return bySource.longestMatch(source);
    }
}
