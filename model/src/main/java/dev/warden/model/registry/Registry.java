package dev.warden.model.registry;

import java.util.List;
import java.util.Optional;

/** The whole egress registry: every dependency, the cluster posture, and the exceptions. */
public record Registry(
        List<EgressDependency> dependencies, Optional<EgressPosture> posture, List<EgressException> exceptions) {
    public Registry {
        dependencies = List.copyOf(dependencies);
        exceptions = List.copyOf(exceptions);
    }

    public Optional<EgressDependency> dependency(String name) {
        return dependencies.stream().filter(dependency -> dependency.name().equals(name)).findFirst();
    }
}
