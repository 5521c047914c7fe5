package dev.warden.runtime.identity;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.IpAddress;

/** Maps a caller's source address to the workload behind it (§6). */
public interface WorkloadDirectory {
    /** The workload at {@code source}, or null when it is not known. */
    WorkloadIdentity identify(IpAddress source);
}
