package dev.warden.registry.check;

import dev.warden.model.finding.Finding;
import dev.warden.model.finding.Severity;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.Registry;
import dev.warden.model.registry.RegistryResource;
import dev.warden.registry.LoadedRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a rule sees: the registry, where it came from, today's date, and where findings go. */
final class RuleContext {
    private final LoadedRegistry loaded;
    private final LocalDate today;
    private final List<Finding> findings = new ArrayList<>();

    RuleContext(LoadedRegistry loaded, LocalDate today) {
        this.loaded = loaded;
        this.today = today;
    }

    Registry registry() {
        return loaded.registry();
    }

    List<EgressDependency> dependencies() {
        return loaded.registry().dependencies();
    }

    Optional<EgressPosture.Spec> posture() {
        return loaded.registry().posture().map(EgressPosture::spec);
    }

    LocalDate today() {
        return today;
    }

    /** An error at the value of {@code pointer} in {@code resource}. */
    void error(String rule, RegistryResource resource, String pointer, String message) {
        findings.add(loaded.finding(Severity.ERROR, rule, resource, pointer, message));
    }

    void warning(String rule, RegistryResource resource, String pointer, String message) {
        findings.add(loaded.finding(Severity.WARNING, rule, resource, pointer, message));
    }

    /** A finding at the key of {@code pointer}, for problems with a field rather than its value. */
    void errorAtKey(String rule, RegistryResource resource, String pointer, String message) {
        findings.add(new Finding(Severity.ERROR, rule, message, loaded.keyPosition(resource, pointer)));
    }

    void warningAtKey(String rule, RegistryResource resource, String pointer, String message) {
        findings.add(new Finding(Severity.WARNING, rule, message, loaded.keyPosition(resource, pointer)));
    }

    List<Finding> findings() {
        return findings;
    }
}
