package dev.warden.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates an emitted object against the published schema for its apiVersion and kind, found
 * the way kubeconform finds it: built-in kinds in the standalone-strict Kubernetes schemas,
 * custom resources in the CRD catalog layout.
 */
public final class PublishedSchemas {
    private static final String KUBERNETES = "schemas/kubernetes/v1.32.10-standalone-strict/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private PublishedSchemas() {}

    /** The schema's complaints about {@code manifest}; empty when it is valid. */
    public static List<String> problems(Manifest manifest) {
        JsonSchema schema = LOADED.computeIfAbsent(location(manifest.apiVersion(), manifest.kind()), PublishedSchemas::load);
        return schema.validate(manifest.object()).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** kubeconform's templates: {kind}-{group}-{version} for built-ins, {group}/{kind}_{version} for CRDs. */
    public static String location(String apiVersion, String kind) {
        String lowerKind = kind.toLowerCase(Locale.ROOT);
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        if (group.isEmpty() || group.endsWith(".k8s.io") && !group.startsWith("policy.networking")) {
            String suffix = group.isEmpty() ? "" : "-" + group.substring(0, group.indexOf('.'));
            return KUBERNETES + lowerKind + suffix + "-" + version + ".json";
        }
        return "schemas/" + group + "/" + lowerKind + "_" + version + ".json";
    }

    private static JsonSchema load(String location) {
        try (InputStream in = PublishedSchemas.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalArgumentException("no published schema at " + location);
            }
            ObjectNode schema = (ObjectNode) JSON.readTree(in);
            // "http://json-schema.org/schema#" names no draft; the files use draft-04/07 keywords only.
            schema.remove("$schema");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema((JsonNode) schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
