package dev.warden.analyze.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Schema violations as the reader reports other field errors: {@code path: message}, with the path
 * written as {@link FieldPath} writes it and values described as {@link Binder} describes them.
 *
 * <p>CRD schemas say "one of these fields is required" with {@code anyOf}/{@code oneOf} lists of
 * {@code required} branches, and "an integer or a string" with lists of {@code type} branches. The
 * validator reports each failed branch on its own, so those are folded back into one message per
 * combinator.
 */
final class SchemaMessages {
    private static final String ONE_OF = "oneOf";
    private static final String ANY_OF = "anyOf";

    private SchemaMessages() {}

    static List<String> describe(Collection<ValidationMessage> messages) {
        Map<String, List<ValidationMessage>> branches = new LinkedHashMap<>();
        for (ValidationMessage message : messages) {
            String combinator = combinator(message);
            if (combinator != null && !isCombinator(message)) {
                branches.computeIfAbsent(combinator, key -> new ArrayList<>()).add(message);
            }
        }
        Set<String> lines = new LinkedHashSet<>();
        for (ValidationMessage message : messages) {
            String combinator = combinator(message);
            if (combinator == null) {
                lines.add(single(message));
            } else if (branches.containsKey(combinator)) {
                lines.add(folded(branches.get(combinator), combinator.contains(ONE_OF + " ")));
            } else {
                lines.add(path(message.getInstanceLocation(), null) + ": " + onlyOne(message));
            }
        }
        return List.copyOf(lines);
    }

    /**
     * The combinator a message belongs to, as instance path and schema path up to the keyword; null
     * when it belongs to none. A combinator's own message and its branches' messages share it.
     */
    private static String combinator(ValidationMessage message) {
        String schemaPath = message.getEvaluationPath().toString();
        int at = Math.max(schemaPath.lastIndexOf("." + ONE_OF), schemaPath.lastIndexOf("." + ANY_OF));
        if (at < 0) {
            return null;
        }
        String keyword = schemaPath.substring(at + 1, at + 1 + ONE_OF.length());
        return message.getInstanceLocation() + " " + keyword + " " + schemaPath.substring(0, at);
    }

    private static boolean isCombinator(ValidationMessage message) {
        return ONE_OF.equals(message.getType()) || ANY_OF.equals(message.getType());
    }

    /** Failed branches as one message: which fields are required, or which types are allowed. */
    private static String folded(List<ValidationMessage> branches, boolean exactlyOne) {
        JsonNodePath at = branches.getFirst().getInstanceLocation();
        if (branches.stream().allMatch(branch -> "required".equals(branch.getType()))) {
            List<String> fields = branches.stream().map(ValidationMessage::getProperty).distinct().toList();
            return path(at, null) + ": needs " + (exactlyOne ? "exactly one of " : "one of ") + alternatives(fields);
        }
        if (branches.stream().allMatch(branch -> "type".equals(branch.getType()))) {
            List<String> types = branches.stream().map(branch -> expected(branch.getSchemaNode())).distinct().toList();
            return path(at, null) + ": expected " + alternatives(types) + ", found "
                    + Binder.describe(branches.getFirst().getInstanceNode());
        }
        return path(at, null) + ": " + String.join("; or ", branches.stream().map(SchemaMessages::single).toList());
    }

    /**
     * A {@code oneOf} whose branches are each a required field, with more than one of those
     * fields given; anything else is left as the validator says it.
     */
    private static String onlyOne(ValidationMessage message) {
        JsonNode branches = message.getSchemaNode();
        JsonNode instance = message.getInstanceNode();
        List<String> given = new ArrayList<>();
        for (JsonNode branch : branches == null ? List.<JsonNode>of() : iterable(branches)) {
            JsonNode required = branch.path("required");
            if (required.size() != 1) {
                return message.getError();
            }
            String field = required.get(0).asText();
            if (instance != null && instance.has(field)) {
                given.add(field);
            }
        }
        return given.size() > 1 ? "takes only one of " + alternatives(given) : message.getError();
    }

    private static String single(ValidationMessage message) {
        JsonNodePath at = message.getInstanceLocation();
        JsonNode found = message.getInstanceNode();
        return switch (message.getType()) {
            case "additionalProperties" -> path(at, message.getProperty()) + ": unknown field";
            case "required" -> path(at, message.getProperty()) + ": required";
            case "type" -> path(at, null) + ": expected " + expected(message.getSchemaNode()) + ", found "
                    + Binder.describe(found);
            case "enum" -> path(at, null) + ": expected one of "
                    + alternatives(StreamSupport.stream(message.getSchemaNode().spliterator(), false)
                            .map(JsonNode::asText).toList())
                    + ", found " + Binder.describe(found);
            default -> path(at, null) + ": " + message.getError();
        };
    }

    private static String expected(JsonNode type) {
        return switch (type.asText()) {
            case "string" -> "a string";
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "array" -> "a list";
            case "object" -> "a mapping";
            default -> type.toString();
        };
    }

    /** {@code a, b or c}. */
    private static String alternatives(List<String> choices) {
        if (choices.size() == 1) {
            return choices.getFirst();
        }
        return String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.getLast();
    }

    /** The instance path, and the field below it a message is about, without the validator's {@code $}. */
    private static String path(JsonNodePath at, String field) {
        List<Object> steps = new ArrayList<>();
        for (int i = 0; i < at.getNameCount(); i++) {
            steps.add(at.getElement(i));
        }
        if (field != null) {
            steps.add(field);
        }
        return steps.isEmpty() ? "(the object)" : FieldPath.of(steps);
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        return array::iterator;
    }
}
