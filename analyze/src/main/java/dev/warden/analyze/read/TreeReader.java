package dev.warden.analyze.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a file of YAML documents or JSON values into trees that remember the line each value starts
 * on. Jackson's tree model forgets positions, so the tree is built here from the token stream, as
 * the registry's reader does. Unlike the registry, deployed manifests are not reviewed source: YAML
 * anchors, aliases and {@code <<} merge keys are expanded the way Kubernetes' YAML decoder does.
 */
final class TreeReader {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE_KEY = "<<";

    /** A value and the 1-based line it starts on. */
    record Located(JsonNode tree, int line) {}

    /** Every value in a document: the line each array item and object starts on, by identity. */
    record Document(JsonNode tree, int line, Map<JsonNode, Integer> lines) {
        int lineOf(JsonNode node) {
            return lines.getOrDefault(node, line);
        }
    }

    private final String file;
    private final List<String> errors;
    private Map<JsonNode, Integer> lines;
    private Map<String, JsonNode> anchors;

    private TreeReader(String file, List<String> errors) {
        this.file = file;
        this.errors = errors;
    }

    /**
     * The non-empty documents of {@code content}, read as JSON when {@code json} and as YAML
     * otherwise; problems go to {@code errors}. Documents before a syntax error are kept, as
     * {@code kubectl apply} applies them.
     */
    static List<Document> read(String file, Reader content, boolean json, List<String> errors) {
        return new TreeReader(file, errors).readAll(content, json);
    }

    private List<Document> readAll(Reader content, boolean json) {
        List<Document> documents = new ArrayList<>();
        try (JsonParser parser = json ? JSON.createParser(content) : YAML.createParser(content)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_NULL || token == JsonToken.VALUE_STRING && parser.getText().isEmpty()) {
                    continue; // an empty document, e.g. after a trailing "---" or only comments
                }
                lines = new IdentityHashMap<>();
                anchors = new HashMap<>();
                int line = line(parser.currentTokenLocation());
                documents.add(new Document(readValue(parser), line, lines));
            }
        } catch (JsonProcessingException e) {
            errors.add(syntaxError(e, json));
        } catch (IOException e) {
            errors.add(file + ":1: cannot read: " + e.getMessage());
        }
        return documents;
    }

    /**
     * SnakeYAML's own message spans lines with an excerpt of the text; its parts say the same in one
     * line, at the line of the problem rather than where the construct it was reading began.
     */
    private String syntaxError(JsonProcessingException e, boolean json) {
        String at = file + ":";
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                    : " (" + yaml.getContext() + " started at line " + (yaml.getContextMark().getLine() + 1) + ")";
            return at + (yaml.getProblemMark().getLine() + 1) + ": not valid YAML: " + yaml.getProblem() + context;
        }
        JsonLocation where = e.getLocation();
        String message = e.getOriginalMessage().lines().findFirst().orElse("").strip();
        return at + (where == null ? 1 : line(where)) + ": not valid " + (json ? "JSON" : "YAML") + ": " + message;
    }

    private JsonNode readValue(JsonParser parser) throws IOException {
        int line = line(parser.currentTokenLocation());
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            JsonNode anchored = anchors.get(yaml.getText());
            if (anchored == null) {
                errors.add(file + ":" + line + ": unknown alias *" + yaml.getText());
                return NODES.nullNode();
            }
            return anchored.deepCopy();
        }
        String anchor = parser instanceof YAMLParser yaml ? yaml.getObjectId() instanceof String id ? id : null : null;
        JsonNode value = switch (parser.currentToken()) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            // the smallest type that holds it: fabric8's IntOrString takes an Integer, not a BigInteger
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IllegalStateException("unexpected token " + parser.currentToken());
        };
        if (value.isContainerNode()) {
            lines.put(value, line);
        }
        if (anchor != null) {
            anchors.put(anchor, value);
        }
        return value;
    }

    private ObjectNode readObject(JsonParser parser) throws IOException {
        ObjectNode object = NODES.objectNode();
        Map<String, Integer> keyLines = new HashMap<>();
        List<JsonNode> merged = new ArrayList<>();
        int mergeLine = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line(parser.currentTokenLocation());
            parser.nextToken();
            if (parser instanceof YAMLParser && key.equals(MERGE_KEY)) {
                mergeLine = keyLine;
                merged.add(readValue(parser));
                continue;
            }
            Integer first = keyLines.putIfAbsent(key, keyLine);
            if (first != null) {
                // Kubernetes' strict field validation rejects duplicate fields; which one wins is
                // not something to guess at while analyzing
                errors.add(file + ":" + keyLine + ": duplicate key \"" + key + "\" (first at line " + first
                        + "); the first is used");
                parser.skipChildren();
                continue;
            }
            object.set(key, readValue(parser));
        }
        for (JsonNode merge : merged) {
            mergeInto(object, merge, mergeLine);
        }
        return object;
    }

    /** YAML merge keys: fields written in the mapping win over merged ones, earlier merges over later. */
    private void mergeInto(ObjectNode object, JsonNode merge, int line) {
        if (merge.isArray()) {
            merge.forEach(item -> mergeInto(object, item, line));
        } else if (merge.isObject()) {
            merge.properties().forEach(field -> {
                if (!object.has(field.getKey())) {
                    object.set(field.getKey(), field.getValue().deepCopy());
                }
            });
        } else {
            errors.add(file + ":" + line + ": a << merge needs a mapping or a list of mappings");
        }
    }

    private ArrayNode readArray(JsonParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(readValue(parser));
        }
        return array;
    }

    private static int line(JsonLocation location) {
        return Math.max(1, location.getLineNr());
    }
}
