package dev.warden.analyze.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The custom resources the reader checks against their published CRD schemas (in
 * {@code schemas/}, see its README) before keeping them as JSON trees. The API server checks a
 * custom resource only against its CRD's schema, so the schema is what a manifest has to pass.
 */
enum CustomResource {
    CILIUM_NETWORK_POLICY("cilium.io", "CiliumNetworkPolicy", true, "ciliumnetworkpolicy", "v2"),
    CILIUM_CLUSTERWIDE_NETWORK_POLICY("cilium.io", "CiliumClusterwideNetworkPolicy", false,
            "ciliumclusterwidenetworkpolicy", "v2"),
    // Istio serves v1, v1beta1 and v1alpha3 of these with byte-identical schemas; only v1 is kept
    ISTIO_SERVICE_ENTRY("networking.istio.io", "ServiceEntry", true, "serviceentry", "v1", "v1beta1", "v1alpha3"),
    ISTIO_SIDECAR("networking.istio.io", "Sidecar", true, "sidecar", "v1", "v1beta1", "v1alpha3"),
    ISTIO_GATEWAY("networking.istio.io", "Gateway", true, "gateway", "v1", "v1beta1", "v1alpha3");

    /**
     * Draft 7 plus the {@code x-kubernetes-*} extensions CRD schemas carry, known as annotations:
     * the API server validates those (CEL rules, list types), the validator cannot, and would
     * otherwise warn about each on every run.
     */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
            builder -> builder.metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV7())
                    .keywords(Stream.of("x-kubernetes-validations", "x-kubernetes-list-map-keys",
                                    "x-kubernetes-list-type", "x-kubernetes-int-or-string",
                                    "x-kubernetes-preserve-unknown-fields", "x-kubernetes-map-type",
                                    "x-kubernetes-embedded-resource")
                            .map(NonValidationKeyword::new).toList())
                    .build()));
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Loaded on first use: the Cilium schemas are 400 kB each and take a while to compile. */
    private static final Map<CustomResource, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private final String group;
    private final String kind;
    private final boolean namespaced;
    private final String schemaFile;
    private final List<String> versions;

    CustomResource(String group, String kind, boolean namespaced, String schemaFile, String... versions) {
        this.group = group;
        this.kind = kind;
        this.namespaced = namespaced;
        this.schemaFile = schemaFile;
        this.versions = List.of(versions);
    }

    /** The custom resource that {@code apiVersion} and {@code kind} name, if the reader checks it. */
    static Optional<CustomResource> of(String apiVersion, String kind) {
        return Arrays.stream(values())
                .filter(resource -> resource.kind.equals(kind)
                        && resource.versions.stream().anyMatch(version -> apiVersion.equals(resource.group + "/" + version)))
                .findFirst();
    }

    /** Whether objects of this kind live in a namespace; a cluster-scoped one has none. */
    boolean namespaced() {
        return namespaced;
    }

    /** Whether objects of this kind are Cilium policies, which the cluster model holds. */
    boolean isCiliumPolicy() {
        return this == CILIUM_NETWORK_POLICY || this == CILIUM_CLUSTERWIDE_NETWORK_POLICY;
    }

    /** {@code path: message} for each way {@code object} breaks the schema; empty when it is valid. */
    List<String> problems(JsonNode object) {
        return SchemaMessages.describe(SCHEMAS.computeIfAbsent(this, CustomResource::load).validate(object));
    }

    private JsonSchema load() {
        String location = "schemas/" + group + "/" + schemaFile + "_" + versions.getFirst() + ".json";
        try (InputStream in = CustomResource.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("no published schema at " + location);
            }
            ObjectNode schema = (ObjectNode) JSON.readTree(in);
            // "http://json-schema.org/schema#" names no draft; the files use draft-04/07 keywords only
            schema.remove("$schema");
            return FACTORY.getSchema((JsonNode) schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
