package dev.warden.compile;

import java.util.List;

/**
 * What one target made of the registry: the objects, in a stable order, and the records it could
 * not express, each problem naming the record and what to change.
 */
public record Compilation(List<Manifest> manifests, List<String> problems) {
    public Compilation {
        manifests = List.copyOf(manifests);
        problems = List.copyOf(problems);
    }
}
