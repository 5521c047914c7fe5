package dev.warden.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.warden.model.finding.Finding;
import dev.warden.model.finding.Severity;
import dev.warden.model.finding.SourcePosition;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads multi-document YAML into JSON trees while recording where each key and value starts.
 * Jackson's tree model forgets positions, so the tree is built here from the token stream.
 * Duplicate keys and aliases are reported rather than silently resolved: in a reviewed
 * registry, what is written twice or by reference hides what applies.
 */
public final class YamlReader {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private final String file;
    private final List<Finding> findings;
    private Map<String, SourceDocument.Marks> marks;

    private YamlReader(String file, List<Finding> findings) {
        this.file = file;
        this.findings = findings;
    }

    /** Every non-empty document in {@code content}; problems go to {@code findings}. */
    public static List<SourceDocument> read(String file, Reader content, List<Finding> findings) {
        return new YamlReader(file, findings).readAll(content);
    }

    private List<SourceDocument> readAll(Reader content) {
        List<SourceDocument> documents = new ArrayList<>();
        try (YAMLParser parser = YAML.createParser(content)) {
            int index = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                index++;
                SourcePosition start = position(parser.currentTokenLocation());
                if (token == JsonToken.VALUE_NULL || token == JsonToken.VALUE_STRING && parser.getText().isEmpty()) {
                    continue; // an empty document, e.g. after a trailing "---"
                }
                marks = new HashMap<>();
                marks.put("", new SourceDocument.Marks(null, start));
                JsonNode tree = readValue(parser, "");
                if (tree instanceof ObjectNode object) {
                    documents.add(new SourceDocument(file, index, object, Map.copyOf(marks)));
                } else {
                    error(start, "yaml-structure", "a registry document must be a mapping with apiVersion, kind,"
                            + " metadata and spec; found " + describe(tree));
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            SourcePosition at = where == null ? new SourcePosition(file, 1, 1) : position(where);
            error(at, "yaml-syntax", "invalid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            error(new SourcePosition(file, 1, 1), "file-unreadable", "cannot read: " + e.getMessage());
        }
        return documents;
    }

    private JsonNode readValue(YAMLParser parser, String pointer) throws IOException {
        if (parser.isCurrentAlias()) {
            error(position(parser.currentTokenLocation()), "yaml-alias",
                    "YAML aliases (*" + parser.getText() + ") are not allowed in the registry; write the value out"
                            + " so reviewers see what applies");
            return JsonNodeFactory.instance.nullNode();
        }
        return switch (parser.currentToken()) {
            case START_OBJECT -> readObject(parser, pointer);
            case START_ARRAY -> readArray(parser, pointer);
            case VALUE_STRING -> JsonNodeFactory.instance.textNode(parser.getText());
            case VALUE_NUMBER_INT -> JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> JsonNodeFactory.instance.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> JsonNodeFactory.instance.booleanNode(true);
            case VALUE_FALSE -> JsonNodeFactory.instance.booleanNode(false);
            case VALUE_NULL -> JsonNodeFactory.instance.nullNode();
            default -> throw new IllegalStateException("unexpected YAML token " + parser.currentToken());
        };
    }

    private ObjectNode readObject(YAMLParser parser, String pointer) throws IOException {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            SourcePosition keyAt = position(parser.currentTokenLocation());
            parser.nextToken();
            SourcePosition valueAt = position(parser.currentTokenLocation());
            String child = pointer + "/" + escape(key);
            if (object.has(key)) {
                SourcePosition first = marks.get(child).key();
                error(keyAt, "yaml-duplicate-key", "duplicate key \"" + key + "\" (first written at line "
                        + first.line() + "); YAML keeps only one of them");
                parser.skipChildren();
                continue;
            }
            marks.put(child, new SourceDocument.Marks(keyAt, valueAt));
            object.set(key, readValue(parser, child));
        }
        return object;
    }

    private ArrayNode readArray(YAMLParser parser, String pointer) throws IOException {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            String child = pointer + "/" + array.size();
            marks.put(child, new SourceDocument.Marks(null, position(parser.currentTokenLocation())));
            array.add(readValue(parser, child));
        }
        return array;
    }

    private SourcePosition position(JsonLocation location) {
        return new SourcePosition(file, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    private void error(SourcePosition at, String rule, String message) {
        findings.add(new Finding(Severity.ERROR, rule, message, at));
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
