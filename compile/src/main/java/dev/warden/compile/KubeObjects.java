package dev.warden.compile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.model.registry.LabelSelector;
import java.util.Collection;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds Kubernetes objects as JSON trees with fields in a fixed order, so output is stable. */
public final class KubeObjects {
    public static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The label the API server sets on every namespace (Kubernetes 1.21+). */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private KubeObjects() {}

    /** apiVersion, kind, metadata (name, namespace, labels, annotations), in that order. */
    public static ObjectNode object(String apiVersion, String kind, String namespace, String name, String control,
            Collection<String> implementsRecords) {
        ObjectNode object = JSON.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.putObject("labels").put(Manifest.MANAGED_BY, "warden");
        ObjectNode annotations = metadata.putObject("annotations").put(Manifest.CONTROL, control);
        if (!implementsRecords.isEmpty()) {
            annotations.put(Manifest.IMPLEMENTS, String.join(",", new TreeSet<>(implementsRecords)));
        }
        return object;
    }

    /** A Kubernetes label selector; an empty one selects everything. */
    public static ObjectNode selector(LabelSelector selector) {
        ObjectNode node = JSON.objectNode();
        if (selector == null) {
            return node;
        }
        if (!selector.matchLabels().isEmpty()) {
            ObjectNode labels = node.putObject("matchLabels");
            new TreeMap<>(selector.matchLabels()).forEach(labels::put);
        }
        if (!selector.matchExpressions().isEmpty()) {
            ArrayNode expressions = node.putArray("matchExpressions");
            selector.matchExpressions().forEach(requirement -> {
                ObjectNode expression = expressions.addObject().put("key", requirement.key())
                        .put("operator", requirement.operator().wireName());
                if (!requirement.values().isEmpty()) {
                    ArrayNode values = expression.putArray("values");
                    requirement.values().stream().sorted().forEach(values::add);
                }
            });
        }
        return node;
    }

    /** The selector of one namespace by the label the API server sets on it. */
    public static ObjectNode namespaceSelector(String namespace) {
        ObjectNode node = JSON.objectNode();
        node.putObject("matchLabels").put(NAMESPACE_NAME_LABEL, namespace);
        return node;
    }
}
