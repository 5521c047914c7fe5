package dev.warden.dns;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;

/** Names a workload resolved through Warden's DNS, looked up by the address they answered. */
public interface ResolvedNames {
    /**
     * The name whose still-valid answer to this caller contained {@code address}, or null.
     *
     * @param caller the identified workload, or null (then {@code source} is the key)
     */
    Hostname nameFor(WorkloadIdentity caller, IpAddress source, IpAddress address);
}
