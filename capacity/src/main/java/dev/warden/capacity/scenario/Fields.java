package dev.warden.capacity.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.model.finding.Finding;
import dev.warden.model.finding.Severity;
import dev.warden.model.finding.SourcePosition;
import dev.warden.model.time.Durations;
import dev.warden.registry.FieldNames;
import dev.warden.registry.SourceDocument;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads typed values out of one YAML document, reporting each problem as
 * {@code file:line:col: message} at the offending key or value, named by its path
 * ({@code spec.workloads[0].retry.maxAttempts}). Every reader returns a usable default after
 * reporting, so one pass reports every problem.
 */
final class Fields {
    static final String UNKNOWN = "scenario-unknown-field";
    static final String MISSING = "scenario-missing-field";
    static final String INVALID = "scenario-invalid-value";

    private final SourceDocument document;
    private final List<Finding> findings;

    Fields(SourceDocument document, List<Finding> findings) {
        this.document = document;
        this.findings = findings;
    }

    List<Finding> findings() {
        return findings;
    }

    /** "/spec/workloads/0/retry" is shown as "spec.workloads[0].retry"; the root as "the document". */
    static String display(String pointer) {
        String shown = FieldNames.display(pointer);
        return shown.isEmpty() ? "the document" : shown;
    }

    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String item(String pointer, int index) {
        return pointer + "/" + index;
    }

    JsonNode node(String pointer) {
        JsonNode node = document.tree().at(pointer.isEmpty() ? "" : pointer);
        return node.isMissingNode() ? null : node;
    }

    boolean has(String pointer) {
        JsonNode node = node(pointer);
        return node != null && !node.isNull();
    }

    SourcePosition position(String pointer) {
        return document.valuePosition(pointer);
    }

    void error(String pointer, boolean atKey, String message) {
        report(atKey ? document.keyPosition(pointer) : document.valuePosition(pointer), INVALID, message);
    }

    void report(SourcePosition at, String rule, String message) {
        findings.add(new Finding(Severity.ERROR, rule, message, at));
    }

    /** Reports keys of the object at {@code pointer} that are not in {@code known}, with a did-you-mean. */
    void onlyKnown(String pointer, Collection<String> known) {
        JsonNode object = node(pointer);
        if (object == null || !object.isObject()) {
            return;
        }
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (known.contains(name)) {
                continue;
            }
            String hint = FieldNames.closest(name, known).map(guess -> "; did you mean \"" + guess + "\"?")
                    .orElse("; known fields: " + String.join(", ", known));
            report(document.keyPosition(child(pointer, name)), UNKNOWN,
                    "unknown field \"" + name + "\" in " + display(pointer) + hint);
        }
    }

    /** The object at {@code pointer}; a missing required one or a non-object is reported. */
    ObjectNode object(String pointer, boolean required) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            if (required) {
                missing(pointer, "a mapping");
            }
            return null;
        }
        if (!node.isObject()) {
            error(pointer, false, display(pointer) + ": expected a mapping, found " + describe(node));
            return null;
        }
        return (ObjectNode) node;
    }

    /** The list at {@code pointer} (empty when absent and not required). */
    int listSize(String pointer, boolean required) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            if (required) {
                missing(pointer, "a list");
            }
            return 0;
        }
        if (!node.isArray()) {
            error(pointer, false, display(pointer) + ": expected a list, found " + describe(node));
            return 0;
        }
        if (node.isEmpty() && required) {
            error(pointer, false, display(pointer) + ": the list is empty; give at least one item");
        }
        return node.size();
    }

    void missing(String pointer, String what) {
        report(document.keyPosition(pointer), MISSING, display(pointer) + ": missing; give " + what);
    }

    String string(String pointer, boolean required, String fallback) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            if (required) {
                missing(pointer, "a name");
            }
            return fallback;
        }
        if (!node.isTextual() && !node.isNumber()) {
            error(pointer, false, display(pointer) + ": expected text, found " + describe(node));
            return fallback;
        }
        String text = node.asText().trim();
        if (text.isEmpty()) {
            error(pointer, false, display(pointer) + ": is empty");
            return fallback;
        }
        return text;
    }

    boolean bool(String pointer, boolean fallback) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            error(pointer, false, display(pointer) + ": expected true or false, found " + describe(node));
            return fallback;
        }
        return node.booleanValue();
    }

    /** A whole number within [min, max]; {@code fallback} when absent (and not required). */
    int integer(String pointer, boolean required, long min, long max, int fallback) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            if (required) {
                missing(pointer, "a whole number");
            }
            return fallback;
        }
        if (!node.isIntegralNumber() && !(node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0)) {
            error(pointer, false, display(pointer) + ": expected a whole number, found " + describe(node));
            return fallback;
        }
        BigDecimal value = node.decimalValue();
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            error(pointer, false, display(pointer) + ": " + value.toPlainString() + " is out of range; allowed "
                    + String.format(Locale.ROOT, "%,d", min) + " to " + String.format(Locale.ROOT, "%,d", max));
            return fallback;
        }
        return value.intValueExact();
    }

    /** A number within [min, max]. */
    double number(String pointer, boolean required, double min, double max, double fallback) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            if (required) {
                missing(pointer, "a number");
            }
            return fallback;
        }
        if (!node.isNumber()) {
            error(pointer, false, display(pointer) + ": expected a number, found " + describe(node));
            return fallback;
        }
        double value = node.doubleValue();
        if (value < min || value > max) {
            error(pointer, false, display(pointer) + ": " + node.asText() + " is out of range; allowed " + plain(min)
                    + " to " + plain(max));
            return fallback;
        }
        return value;
    }

    /**
     * A duration in seconds: Go-style text ({@code 2s}, {@code 500ms}, {@code 1m30s}) or a bare
     * number of seconds; with {@code neverAllowed}, "never" is infinity.
     */
    double duration(String pointer, boolean required, boolean neverAllowed, double fallback) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            if (required) {
                missing(pointer, "a duration such as 30s or 500ms");
            }
            return fallback;
        }
        if (node.isNumber()) {
            if (node.doubleValue() < 0) {
                error(pointer, false, display(pointer) + ": durations are never negative");
                return fallback;
            }
            return node.doubleValue();
        }
        String text = node.asText().trim();
        if (neverAllowed && (text.equals("never") || text.equals("none"))) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Durations.parse(text).toNanos() / 1e9;
        } catch (IllegalArgumentException e) {
            error(pointer, false, display(pointer) + ": \"" + text + "\" " + e.getMessage()
                    + (neverAllowed ? " (or never)" : ""));
            return fallback;
        }
    }

    /** A share: {@code 20%} or a number from 0 to 1. */
    double fraction(String pointer, boolean required, double fallback) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            if (required) {
                missing(pointer, "a share such as 50% or 0.5");
            }
            return fallback;
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else {
            String text = node.asText().trim();
            try {
                value = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100
                        : Double.parseDouble(text);
            } catch (NumberFormatException e) {
                error(pointer, false, display(pointer) + ": \"" + text + "\" is not a share; write 50% or 0.5");
                return fallback;
            }
        }
        if (!(value >= 0 && value <= 1)) {
            error(pointer, false, display(pointer) + ": " + node.asText() + " is out of range; allowed 0% to 100%");
            return fallback;
        }
        return value;
    }

    /** Bytes written as 16Gi, 512Mi, 8G or a bare number. */
    long bytes(String pointer, long fallback) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isIntegralNumber() && node.longValue() > 0) {
            return node.longValue();
        }
        String text = node.asText().trim();
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40,
                "K", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L, "T", 1_000_000_000_000L);
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (text.endsWith(unit.getKey()) && !(unit.getKey().length() == 1 && text.endsWith("i" + unit.getKey()))) {
                try {
                    double amount = Double.parseDouble(text.substring(0, text.length() - unit.getKey().length()));
                    if (amount > 0) {
                        return (long) (amount * unit.getValue());
                    }
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        error(pointer, false, display(pointer) + ": \"" + text + "\" is not a size; write it as 16Gi, 512Mi or bytes");
        return fallback;
    }

    /** One of {@code choices} (written in lower case, compared case-insensitively). */
    <E> E choice(String pointer, Map<String, E> choices, E fallback) {
        JsonNode node = node(pointer);
        if (node == null || node.isNull()) {
            return fallback;
        }
        String text = node.asText().trim().toLowerCase(Locale.ROOT);
        E value = choices.get(text);
        if (value == null) {
            String hint = FieldNames.closest(text, choices.keySet()).map(guess -> "; did you mean \"" + guess + "\"?")
                    .orElse("");
            error(pointer, false, display(pointer) + ": \"" + node.asText() + "\" is not one of "
                    + String.join(", ", choices.keySet()) + hint);
            return fallback;
        }
        return value;
    }

    /** Choices in the order messages list them: {@code options("none", NONE, "full", FULL)}. */
    @SuppressWarnings("unchecked")
    static <E> Map<String, E> options(Object... pairs) {
        Map<String, E> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (E) pairs[i + 1]);
        }
        return map;
    }

    private static String plain(double value) {
        return Double.isInfinite(value) ? "any" : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case STRING -> "text \"" + node.asText() + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            default -> "nothing";
        };
    }
}
