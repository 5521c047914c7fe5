package dev.warden.registry;

import dev.warden.model.finding.Finding;
import dev.warden.model.finding.Severity;
import dev.warden.model.finding.SourcePosition;
import dev.warden.model.registry.Registry;
import dev.warden.model.registry.RegistryResource;
import java.util.List;
import java.util.Map;

/**
 * A registry as read from files: the model, the problems found while reading it, and where each
 * resource came from so later checks can point at fields.
 */
public record LoadedRegistry(Registry registry, List<Finding> findings, Map<RegistryResource, SourceDocument> sources) {

    public LoadedRegistry {
        findings = List.copyOf(findings);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(Finding::isError);
    }

    /** The position of the key at {@code pointer} in {@code resource}'s document. */
    public SourcePosition keyPosition(RegistryResource resource, String pointer) {
        return source(resource).keyPosition(pointer);
    }

    public SourcePosition valuePosition(RegistryResource resource, String pointer) {
        return source(resource).valuePosition(pointer);
    }

    public Finding finding(Severity severity, String rule, RegistryResource resource, String pointer, String message) {
        return new Finding(severity, rule, message, valuePosition(resource, pointer));
    }

    private SourceDocument source(RegistryResource resource) {
        SourceDocument document = sources.get(resource);
        if (document == null) {
            throw new IllegalArgumentException("resource " + resource.name() + " was not loaded from a file");
        }
        return document;
    }
}
