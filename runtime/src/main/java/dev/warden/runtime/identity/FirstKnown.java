package dev.warden.runtime.identity;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.IpAddress;
import java.util.List;
import java.util.Objects;

/**
 * Asks several directories in order and answers with the first that knows the caller, e.g. the
 * posture's static map before the pod watch, so an operator's explicit entry wins.
 */
public final class FirstKnown implements WorkloadDirectory {
    private final WorkloadDirectory[] directories;

    private FirstKnown(WorkloadDirectory[] directories) {
        this.directories = directories;
    }

    /** A directory that asks {@code directories} in the order given; with none, it knows no one. */
    public static WorkloadDirectory firstKnown(WorkloadDirectory... directories) {
        WorkloadDirectory[] copy = directories.clone();
        for (int i = 0; i < copy.length; i++) {
            Objects.requireNonNull(copy[i], "directory " + i);
        }
        return new FirstKnown(copy);
    }

    /** As {@link #firstKnown(WorkloadDirectory...)}, from a list. */
    public static WorkloadDirectory firstKnown(List<? extends WorkloadDirectory> directories) {
        return firstKnown(directories.toArray(WorkloadDirectory[]::new));
    }

    @Override
    public WorkloadIdentity identify(IpAddress source) {
        for (WorkloadDirectory directory : directories) {
            WorkloadIdentity identity = directory.identify(source);
            if (identity != null) {
                return identity;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "FirstKnown" + List.of(directories);
    }
}
