package dev.warden.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.model.finding.Finding;
import dev.warden.model.finding.Severity;
import dev.warden.model.finding.SourcePosition;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressException;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.Registry;
import dev.warden.model.registry.RegistryResource;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads registry files and folders into one {@link Registry}. Every problem found on the way is
 * collected, none stops the reading; documents with structural errors are reported and left
 * out of the model so later rules only see well-formed records.
 */
public final class RegistryLoader {
    private final RegistrySchema schema = new RegistrySchema();
    private final ResourceBinder binder = new ResourceBinder();

    /**
     * Loads {@code paths}: files as they are, folders recursively (their *.yaml and *.yml files in
     * name order).
     *
     * @throws IllegalArgumentException when a path does not exist or holds no registry files; this
     *     is a usage error, not a registry problem
     */
    public LoadedRegistry load(List<Path> paths) {
        List<Finding> findings = new ArrayList<>();
        List<SourceDocument> documents = new ArrayList<>();
        for (Path file : registryFiles(paths)) {
            try (Reader content = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                documents.addAll(YamlReader.read(file.toString(), content, findings));
            } catch (IOException e) {
                findings.add(new Finding(Severity.ERROR, "file-unreadable", "cannot read: " + e.getMessage(),
                        new SourcePosition(file.toString(), 1, 1)));
            }
        }
        return bind(documents, findings);
    }

    /** Loads YAML text held in memory, e.g. a ConfigMap's data; {@code name} is used in positions. */
    public LoadedRegistry load(String name, Reader content) {
        List<Finding> findings = new ArrayList<>();
        return bind(YamlReader.read(name, content, findings), findings);
    }

    private LoadedRegistry bind(List<SourceDocument> documents, List<Finding> findings) {
        Map<RegistryResource, SourceDocument> sources = new IdentityHashMap<>();
        List<EgressDependency> dependencies = new ArrayList<>();
        List<EgressPosture> postures = new ArrayList<>();
        List<EgressException> exceptions = new ArrayList<>();
        findings.addAll(duplicateNames(documents));
        for (SourceDocument document : documents) {
            Optional<String> kind = kindOf(document, findings);
            if (kind.isEmpty()) {
                continue;
            }
            List<Finding> structural = schema.validate(document, kind.get());
            findings.addAll(structural);
            if (!structural.isEmpty()) {
                continue;
            }
            RegistryResource resource = binder.bind(document, kind.get());
            sources.put(resource, document);
            switch (resource) {
                case EgressDependency dependency -> dependencies.add(dependency);
                case EgressPosture posture -> postures.add(posture);
                case EgressException exception -> exceptions.add(exception);
            }
        }
        for (EgressPosture extra : postures.subList(Math.min(1, postures.size()), postures.size())) {
            findings.add(new Finding(Severity.ERROR, "posture-duplicate",
                    "a second EgressPosture \"" + extra.name() + "\"; a cluster has exactly one posture (the first is "
                            + sources.get(postures.getFirst()).file() + ")",
                    sources.get(extra).keyPosition("/kind")));
        }
        Registry registry = new Registry(dependencies, postures.stream().findFirst(), exceptions);
        return new LoadedRegistry(registry, findings, Collections.unmodifiableMap(sources));
    }

    private static Optional<String> kindOf(SourceDocument document, List<Finding> findings) {
        JsonNode kind = document.tree().get("kind");
        if (kind == null || !kind.isTextual()) {
            findings.add(new Finding(Severity.ERROR, "missing-field",
                    "missing \"kind\": write one of " + String.join(", ", RegistrySchema.KINDS),
                    document.valuePosition("/kind")));
            return Optional.empty();
        }
        if (!RegistrySchema.KINDS.contains(kind.asText())) {
            String suggestion = FieldNames.closest(kind.asText(), RegistrySchema.KINDS)
                    .map(name -> "did you mean \"" + name + "\"?")
                    .orElse("write one of " + String.join(", ", RegistrySchema.KINDS));
            findings.add(new Finding(Severity.ERROR, "unknown-kind",
                    "kind \"" + kind.asText() + "\" is not a Warden registry kind; " + suggestion,
                    document.valuePosition("/kind")));
            return Optional.empty();
        }
        return Optional.of(kind.asText());
    }

    /** Names are unique per kind; checked on the raw documents so it works even beside other errors. */
    private static List<Finding> duplicateNames(List<SourceDocument> documents) {
        List<Finding> findings = new ArrayList<>();
        Map<String, SourceDocument> firstByKindAndName = new HashMap<>();
        for (SourceDocument document : documents) {
            String kind = document.tree().path("kind").asText();
            JsonNode name = document.tree().path("metadata").path("name");
            if (!name.isTextual()) {
                continue;
            }
            SourceDocument first = firstByKindAndName.putIfAbsent(kind + "/" + name.asText(), document);
            if (first != null) {
                SourcePosition firstAt = first.valuePosition("/metadata/name");
                findings.add(new Finding(Severity.ERROR, "duplicate-name",
                        kind + " \"" + name.asText() + "\" is defined twice; the first is at " + firstAt,
                        document.valuePosition("/metadata/name")));
            }
        }
        return findings;
    }

    private static List<Path> registryFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                List<Path> found = yamlFilesUnder(path);
                if (found.isEmpty()) {
                    throw new IllegalArgumentException(path + ": no .yaml or .yml files in this folder");
                }
                files.addAll(found);
            } else {
                throw new IllegalArgumentException(path + ": no such file or folder");
            }
        }
        return files;
    }

    private static List<Path> yamlFilesUnder(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
