package dev.warden.analyze.findings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.analyze.read.ReadObject;
import dev.warden.analyze.read.ReadResult;
import java.util.List;

/**
 * An object the reader keeps as its JSON tree rather than a model class: ConfigMaps,
 * HorizontalPodAutoscalers, and Istio and Cilium resources.
 */
record TreeObject(ReadObject read, JsonNode tree) {
    /** Where {@code kubectl apply} without {@code -n} puts a namespaced object. */
    private static final String DEFAULT_NAMESPACE = "default";

    /**
     * The objects of {@code kind} in API group {@code group} (empty for the core group), at any
     * version: the fields read from them mean the same in every served version.
     */
    static List<TreeObject> all(ReadResult read, String group, String kind) {
        return read.objects().stream()
                .filter(object -> object.kind().equals(kind) && group(object.apiVersion()).equals(group))
                .<TreeObject>mapMulti((object, found) -> {
                    if (object.typed() instanceof JsonNode tree) {
                        found.accept(new TreeObject(object, tree));
                    }
                })
                .toList();
    }

    /**
     * The namespace of a namespaced kind: the reader does not know an unbound kind's scope and
     * leaves a missing namespace unset, where {@code kubectl apply} would use {@code default}.
     */
    String namespace() {
        return read.namespace() == null ? DEFAULT_NAMESPACE : read.namespace();
    }

    String name() {
        return read.name();
    }

    JsonNode spec() {
        return tree.path("spec");
    }

    Involved involved() {
        return Involved.of(read);
    }

    /** {@code Kind namespace/name}, named as in {@link #involved()}. */
    String describe() {
        return read.kind() + " " + involved().name();
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
