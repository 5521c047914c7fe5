package dev.warden.compile;

import static dev.warden.compile.KubeObjects.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.PortRange;
import dev.warden.model.registry.EgressException;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.RegistryResource;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.SourceDocument;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The gateway's runtime policy. The gateway reads the registry itself (and refuses one with
 * errors), so this target packages exactly that for the cluster: a ConfigMap in the gateway's
 * namespace holding the registry in canonical form ({@code registry.yaml}, comments and layout
 * dropped, resources sorted) for the gateway to mount, and a resolved snapshot
 * ({@code snapshot.yaml}) for review — per record, who may go where on which ports, with the
 * exceptions in force on the day of compilation merged in and their expiry shown.
 */
public final class GatewayTarget {
    static final String TARGET = "gateway";
    static final String CONTROL = "gateway-runtime-policy";

    private GatewayTarget() {}

    public static Compilation compile(LoadedRegistry loaded, LocalDate today) {
        EgressPosture.Spec posture = loaded.registry().posture().map(EgressPosture::spec).orElse(null);
        if (posture == null || posture.gateway() == null) {
            return new Compilation(List.of(), List.of("the posture names no gateway (spec.gateway), so there is no"
                    + " namespace to put the gateway's policy in"));
        }
        List<EgressDependency> dependencies = loaded.registry().dependencies().stream()
                .sorted(Comparator.comparing(EgressDependency::name)).toList();
        ObjectNode object = KubeObjects.object("v1", "ConfigMap", posture.gateway().namespace(),
                "warden-gateway-registry", CONTROL, dependencies.stream().map(EgressDependency::name).toList());
        ObjectNode data = object.putObject("data");
        data.put("registry.yaml", canonicalRegistry(loaded));
        data.put("snapshot.yaml", ManifestWriter.yaml(snapshot(loaded, today)));
        return new Compilation(List.of(new Manifest(TARGET, object)), List.of());
    }

    /** Every resource as read, one document each: posture, then dependencies, then exceptions, by name. */
    private static String canonicalRegistry(LoadedRegistry loaded) {
        StringBuilder text = new StringBuilder();
        loaded.sources().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<RegistryResource, SourceDocument> entry) -> order(entry.getKey()))
                        .thenComparing(entry -> entry.getKey().name()))
                .forEach(entry -> text.append(ManifestWriter.yaml(entry.getValue().tree())));
        return text.toString();
    }

    private static int order(RegistryResource resource) {
        return switch (resource) {
            case EgressPosture posture -> 0;
            case EgressDependency dependency -> 1;
            case EgressException exception -> 2;
        };
    }

    private static ObjectNode snapshot(LoadedRegistry loaded, LocalDate today) {
        ObjectNode snapshot = JSON.objectNode().put("compiledFor", today.toString());
        ArrayNode records = snapshot.putArray("records");
        for (EgressDependency dependency : loaded.registry().dependencies().stream()
                .sorted(Comparator.comparing(EgressDependency::name)).toList()) {
            var spec = dependency.spec();
            ObjectNode record = records.addObject().put("name", dependency.name())
                    .put("namespace", spec.source().namespace());
            if (spec.source().serviceAccount() != null) {
                record.put("serviceAccount", spec.source().serviceAccount());
            }
            record.set("podSelector", KubeObjects.selector(spec.source().podSelector()));
            record.put("path", spec.path().wireName()).put("mode", spec.mode().wireName());
            ObjectNode destination = record.putObject("destination");
            strings(destination, "hosts", spec.destination().hosts().stream().map(host -> host.ascii()).toList());
            strings(destination, "wildcards", spec.destination().wildcards().stream()
                    .map(wildcard -> wildcard.pattern().toString() + (wildcard.reviewed() ? "" : " (not reviewed)")).toList());
            strings(destination, "cidrs", spec.destination().cidrs().stream().map(Object::toString).toList());
            strings(destination, "allowPrivate", spec.destination().allowPrivate().stream()
                    .map(range -> range.cidr().toString()).toList());
            if (spec.destination().anyPublic() != null) {
                destination.put("anyPublic", true);
            }
            strings(destination, "ports", spec.destination().ports().stream().map(PortRange::toString).toList());
            ArrayNode exceptions = JSON.arrayNode();
            loaded.registry().exceptions().stream()
                    .filter(exception -> exception.spec().dependency().equals(dependency.name()) && exception.activeOn(today))
                    .sorted(Comparator.comparing(EgressException::name))
                    .forEach(exception -> {
                        ObjectNode loosening = exceptions.addObject().put("name", exception.name())
                                .put("expires", exception.spec().expires().toString());
                        strings(loosening, "hosts", exception.spec().hosts().stream().map(host -> host.ascii()).toList());
                        strings(loosening, "cidrs", exception.spec().cidrs().stream().map(Object::toString).toList());
                        strings(loosening, "ports", exception.spec().ports().stream().map(PortRange::toString).toList());
                    });
            if (!exceptions.isEmpty()) {
                record.set("exceptionsInForce", exceptions);
            }
        }
        return snapshot;
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }
}
