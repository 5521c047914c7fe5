package dev.warden.model.registry;

import java.util.Map;

/** The Kubernetes-style metadata of a registry resource. */
public record ObjectMeta(String name, Map<String, String> labels, Map<String, String> annotations) {
    public ObjectMeta {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
