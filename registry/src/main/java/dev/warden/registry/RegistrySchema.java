package dev.warden.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.warden.model.finding.Finding;
import dev.warden.model.finding.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The structural check of one document against the published JSON Schema of its kind, with
 * the validator's messages rewritten into sentences that say what to write instead.
 */
final class RegistrySchema {
    static final String RESOURCE = "dev/warden/registry/v1alpha1.schema.json";
    static final List<String> KINDS = List.of("EgressDependency", "EgressPosture", "EgressException");

    private final JsonNode schemaDocument;
    private final Map<String, JsonSchema> schemaByKind;

    RegistrySchema() {
        try (InputStream in = RegistrySchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            schemaDocument = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the registry schema is missing from the class path", e);
        }
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .formats(ValueFormats.PARSERS.keySet().stream().map(RegistrySchema::format).toList())
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(metaSchema));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        schemaByKind = KINDS.stream().collect(Collectors.toUnmodifiableMap(kind -> kind, kind -> factory.getSchema(
                SchemaLocation.of("classpath:" + RESOURCE + "#/$defs/" + kind), config)));
    }

    /** Every structural problem of {@code document}, whose kind must be one of {@link #KINDS}. */
    List<Finding> validate(SourceDocument document, String kind) {
        List<ValidationMessage> messages = new ArrayList<>(schemaByKind.get(kind).validate(document.tree()));
        messages.sort(Comparator.comparing(message -> message.getInstanceLocation().toString()));
        List<Finding> findings = new ArrayList<>();
        for (ValidationMessage message : messages) {
            findings.add(translate(document, message));
        }
        return findings;
    }

    private Finding translate(SourceDocument document, ValidationMessage message) {
        String pointer = message.getInstanceLocation().toString();
        String field = FieldNames.display(pointer);
        String type = message.getType();
        return switch (type) {
            case "additionalProperties" -> {
                String unknown = message.getProperty();
                String childPointer = pointer + "/" + YamlReader.escape(unknown);
                Set<String> known = propertyNames(message);
                String suggestion = FieldNames.closest(unknown, known)
                        .map(name -> "; did you mean \"" + name + "\"?")
                        .orElse("; known fields here: " + String.join(", ", known));
                yield error(document.keyPosition(childPointer), "unknown-field",
                        "unknown field \"" + unknown + "\" in " + (field.isEmpty() ? "the document" : field) + suggestion);
            }
            case "required" -> error(document.keyPosition(pointer), "missing-field",
                    "missing required field \"" + message.getProperty() + "\" in "
                            + (field.isEmpty() ? "the document" : field));
            case "format" -> {
                String format = message.getSchemaNode().asText();
                JsonNode value = message.getInstanceNode();
                String problem = value.isTextual() ? ValueFormats.problem(format, value.asText()) : null;
                yield error(document.valuePosition(pointer), "invalid-value", problem == null
                        ? field + ": " + message.getError()
                        : field + ": \"" + value.asText() + "\" " + problem);
            }
            case "type" -> error(document.valuePosition(pointer), "wrong-type",
                    field + ": expected " + expectedType(message) + ", found " + FieldNames.describe(message.getInstanceNode()));
            case "enum", "const" -> error(document.valuePosition(pointer), "invalid-value",
                    field + ": " + FieldNames.describe(message.getInstanceNode()) + " is not allowed; write one of "
                            + allowedValues(message.getSchemaNode()));
            case "minimum", "maximum", "exclusiveMinimum" -> error(document.valuePosition(pointer), "out-of-range",
                    field + ": " + message.getInstanceNode() + " is out of range; allowed " + range(message));
            case "minItems" -> error(document.valuePosition(pointer), "empty-list",
                    field + ": must list at least " + message.getSchemaNode().asInt() + " item(s)");
            case "minLength" -> error(document.valuePosition(pointer), "empty-value",
                    field + ": must not be empty");
            case "uniqueItems" -> error(document.valuePosition(pointer), "duplicate-item",
                    field + ": lists the same item more than once");
            default -> error(document.valuePosition(pointer), "schema", field + ": " + message.getError());
        };
    }

    /** The property names the schema allows where an unknown one was found. */
    private Set<String> propertyNames(ValidationMessage message) {
        JsonNode parent = schemaDocument.at(parentPointer(message.getSchemaLocation().getFragment().toString()));
        Set<String> names = new TreeSet<>();
        parent.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String parentPointer(String keywordPointer) {
        return keywordPointer.substring(0, keywordPointer.lastIndexOf('/'));
    }

    private String expectedType(ValidationMessage message) {
        JsonNode type = message.getSchemaNode();
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(name -> names.add(FieldNames.article(name.asText())));
            return String.join(" or ", names);
        }
        return FieldNames.article(type.asText());
    }

    private static String allowedValues(JsonNode allowed) {
        if (!allowed.isArray()) {
            return allowed.toString();
        }
        List<String> values = new ArrayList<>();
        for (Iterator<JsonNode> it = allowed.elements(); it.hasNext(); ) {
            values.add(it.next().asText());
        }
        return String.join(", ", values);
    }

    private String range(ValidationMessage message) {
        JsonNode parent = schemaDocument.at(parentPointer(message.getSchemaLocation().getFragment().toString()));
        String low = parent.has("exclusiveMinimum") ? "above " + parent.get("exclusiveMinimum").asText()
                : parent.path("minimum").asText("…");
        return low + " to " + parent.path("maximum").asText("…");
    }

    private static Finding error(dev.warden.model.finding.SourcePosition at, String rule, String message) {
        return new Finding(Severity.ERROR, rule, message, at);
    }

    private static Format format(String name) {
        return new Format() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean matches(ExecutionContext context, String value) {
                return ValueFormats.problem(name, value) == null;
            }
        };
    }
}
