package dev.warden.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.warden.model.net.Cidr;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import dev.warden.model.net.WildcardName;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.PrivateRange;
import dev.warden.model.registry.EgressException;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.RegistryResource;
import dev.warden.model.time.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * Turns a document that passed the schema into its model record. The schema has already
 * parsed every value with the same parsers, so binding cannot fail on user input.
 */
final class ResourceBinder {
    private final ObjectMapper mapper;

    ResourceBinder() {
        SimpleModule values = new SimpleModule("warden-values");
        values.addDeserializer(Hostname.class, fromText(Hostname::parse));
        values.addDeserializer(WildcardName.class, fromText(WildcardName::parse));
        values.addDeserializer(Cidr.class, fromText(Cidr::parse));
        values.addDeserializer(IpAddress.class, fromText(IpAddress::parse));
        values.addDeserializer(Duration.class, fromText(Durations::parse));
        values.addDeserializer(LocalDate.class, fromText(ValueFormats::date));
        values.addDeserializer(PrivateRange.class, new PrivateRangeDeserializer());
        mapper = JsonMapper.builder()
                .addModule(values)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // apiVersion and kind
                .build();
    }

    RegistryResource bind(SourceDocument document, String kind) {
        Class<? extends RegistryResource> type = switch (kind) {
            case "EgressDependency" -> EgressDependency.class;
            case "EgressPosture" -> EgressPosture.class;
            case "EgressException" -> EgressException.class;
            default -> throw new IllegalArgumentException("not a registry kind: " + kind);
        };
        try {
            return mapper.treeToValue(document.tree(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the schema accepted a " + kind + " that cannot be bound: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> JsonDeserializer<T> fromText(Function<String, T> parser) {
        return new JsonDeserializer<>() {
            @Override
            public T deserialize(JsonParser json, DeserializationContext context) throws IOException {
                return parser.apply(json.getValueAsString());
            }
        };
    }

    /** {@code allowPrivate} items are a bare CIDR or {@code {cidr, reason}}. */
    private static final class PrivateRangeDeserializer extends JsonDeserializer<PrivateRange> {
        @Override
        public PrivateRange deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                return PrivateRange.of(Cidr.parse(parser.getText()));
            }
            JsonNode item = parser.readValueAsTree();
            JsonNode reason = item.get("reason");
            return new PrivateRange(Cidr.parse(item.get("cidr").asText()), reason == null ? null : reason.asText());
        }
    }
}
