package dev.warden.analyze.read;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.List;

/**
 * Where in an object a problem is, as messages write it: {@code spec.egress[0].toPorts}, with a
 * key that has dots in it quoted, {@code metadata.labels["app.kubernetes.io/name"]}, since a dot
 * there would read as nesting.
 */
final class FieldPath {
    private FieldPath() {}

    /** @param steps field names (String) and list indexes (Integer), outermost first */
    static String of(List<?> steps) {
        StringBuilder path = new StringBuilder();
        for (Object step : steps) {
            switch (step) {
                case Integer index -> path.append('[').append(index).append(']');
                case String name when name.contains(".") -> path.append("[\"").append(name).append("\"]");
                case String name -> path.append(path.isEmpty() ? "" : ".").append(name);
                default -> throw new IllegalArgumentException("not a field name or index: " + step);
            }
        }
        return path.toString();
    }

    /** The same steps as a JSON Pointer, to find the value they lead to. */
    static JsonPointer pointer(List<?> steps) {
        StringBuilder pointer = new StringBuilder();
        for (Object step : steps) {
            pointer.append('/').append(step.toString().replace("~", "~0").replace("/", "~1"));
        }
        return JsonPointer.compile(pointer.toString());
    }
}
