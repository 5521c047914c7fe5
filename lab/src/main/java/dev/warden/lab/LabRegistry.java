package dev.warden.lab;

import dev.warden.lab.net.LabException;
import dev.warden.lab.services.LabFiles;
import dev.warden.model.finding.Finding;
import dev.warden.model.registry.Registry;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import dev.warden.registry.check.RegistryCheck;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The lab's registry: written out of the jar, loaded and checked as {@code warden check} would. */
public final class LabRegistry {
    private LabRegistry() {}

    /** Loads the registry in {@code directory} and returns the load and check findings together. */
    public static List<Finding> findings(Path directory, LocalDate today) {
        LoadedRegistry loaded = new RegistryLoader().load(List.of(directory));
        List<Finding> findings = new ArrayList<>(loaded.findings());
        if (!loaded.hasErrors()) {
            findings.addAll(RegistryCheck.check(loaded, today));
        }
        return findings;
    }

    /** Writes the lab registry to {@code directory} and loads it; throws when it has errors. */
    public static Registry write(Path directory, LocalDate today) {
        LabFiles.writeRegistry(directory);
        return load(directory, today);
    }

    /** Loads the registry already written to {@code directory}; throws when it has errors. */
    public static Registry load(Path directory, LocalDate today) {
        List<Finding> errors = findings(directory, today).stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            throw new LabException("the lab registry has errors: " + errors);
        }
        return new RegistryLoader().load(List.of(directory)).registry();
    }
}
