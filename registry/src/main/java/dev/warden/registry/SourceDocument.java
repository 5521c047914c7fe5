package dev.warden.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.model.finding.SourcePosition;
import java.util.Map;

/**
 * One YAML document of a registry file as a JSON tree, with the position of every key and value
 * so that any finding can point at the exact field. Positions are keyed by JSON Pointer.
 */
public record SourceDocument(String file, int index, ObjectNode tree, Map<String, Marks> marks) {

    /** Where a field's key and its value start; the root has only a value position. */
    public record Marks(SourcePosition key, SourcePosition value) {}

    /**
     * The position of the key named by {@code pointer}; for an absent field, the nearest present
     * ancestor, so "missing field" findings land on the object that lacks it.
     */
    public SourcePosition keyPosition(String pointer) {
        Marks found = nearest(pointer);
        return found.key() != null ? found.key() : found.value();
    }

    /** The position of the value at {@code pointer}, or of the nearest present ancestor. */
    public SourcePosition valuePosition(String pointer) {
        return nearest(pointer).value();
    }

    private Marks nearest(String pointer) {
        String candidate = pointer;
        while (true) {
            Marks found = marks.get(candidate);
            if (found != null) {
                return found;
            }
            int slash = candidate.lastIndexOf('/');
            candidate = slash <= 0 ? "" : candidate.substring(0, slash);
            if (slash < 0) {
                return marks.get("");
            }
        }
    }
}
