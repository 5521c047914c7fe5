package dev.warden.model.registry;

/**
 * One document of the registry. The set is closed: a dependency, the cluster's posture, or a
 * time-bound exception.
 */
public sealed interface RegistryResource permits EgressDependency, EgressPosture, EgressException {
    String API_VERSION = "warden.dev/v1alpha1";

    ObjectMeta metadata();

    default String name() {
        return metadata().name();
    }

    /** The {@code kind} written in the file. */
    default String kind() {
        return getClass().getSimpleName();
    }
}
