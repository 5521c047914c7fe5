package dev.warden.analyze.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.analyze.cluster.SourceRef;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads deployed manifests into a {@link dev.warden.analyze.cluster.Cluster}: files of
 * multi-document YAML or JSON values, {@code kubectl get -o yaml} Lists, and folders of them.
 * Objects of the kinds the analyzer reads are bound to fabric8's model classes; Cilium policies and
 * the Istio kinds are checked against their published CRD schemas and kept as trees (Cilium's also
 * bound to the cluster model); other kinds are counted as skipped. An object with an error is reported as {@code file:line: message} and left
 * out, the rest is still read.
 */
public final class ManifestReader {
    private static final Comparator<Path> BY_NAME = Comparator.comparing(Path::toString);

    private final Binder binder = new Binder();
    private final CiliumPolicyReader ciliumPolicies = new CiliumPolicyReader(binder);
    private final ClusterAssembler assembler = new ClusterAssembler();
    private final List<String> errors = new ArrayList<>();
    private final List<ReadObject> objects = new ArrayList<>();
    private final Map<String, SourceRef> seen = new HashMap<>();

    private ManifestReader() {}

    /**
     * Reads {@code paths} in the order given; a folder is walked for {@code *.yaml}, {@code *.yml}
     * and {@code *.json} files at any depth, in path order. A file named directly is read whatever
     * its name, as JSON if it ends in {@code .json} and as YAML otherwise.
     */
    public static ReadResult read(List<Path> paths) {
        ManifestReader reader = new ManifestReader();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            files.addAll(reader.files(path));
        }
        // Parsing is most of the reading and each file parses alone, so files parse in parallel;
        // binding and assembling then run in file order, so results and errors keep that order.
        files.stream().parallel().map(ManifestReader::parse).toList().forEach(reader::readParsed);
        return new ReadResult(reader.assembler.cluster(), reader.errors, reader.objects);
    }

    /** The files {@code path} names: itself, or the manifests under a folder in path order. */
    private List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).filter(ManifestReader::isManifest).sorted(BY_NAME).toList();
        } catch (IOException e) {
            errors.add(path + ": cannot read folder: " + e.getMessage());
            return List.of();
        }
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** One file's documents, and the errors met parsing it. */
    private record ParsedFile(String file, List<TreeReader.Document> documents, List<String> errors) {}

    private static ParsedFile parse(Path path) {
        String file = path.toString();
        boolean json = file.toLowerCase(Locale.ROOT).endsWith(".json");
        List<String> errors = new ArrayList<>();
        try (Reader content = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return new ParsedFile(file, TreeReader.read(file, content, json, errors), errors);
        } catch (IOException e) {
            errors.add(file + ": cannot read: " + e);
            return new ParsedFile(file, List.of(), errors);
        }
    }

    private void readParsed(ParsedFile parsed) {
        errors.addAll(parsed.errors());
        for (TreeReader.Document document : parsed.documents()) {
            readObject(parsed.file(), document, document.tree(), document.line(), null);
        }
    }

    /** The apiVersion and kind a typed list ({@code PodList}) gives its items, which the API server leaves out of them. */
    private record ItemType(String apiVersion, String kind) {}

    /** One object, or each item of a list; {@code itemType} is null outside typed lists. */
    private void readObject(String file, TreeReader.Document document, JsonNode tree, int line, ItemType itemType) {
        String at = file + ":" + line + ": ";
        if (!(tree instanceof ObjectNode object)) {
            errors.add(at + "expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found "
                    + Binder.describe(tree));
            return;
        }
        if (itemType != null) {
            object.putIfAbsent("apiVersion", object.textNode(itemType.apiVersion()));
            object.putIfAbsent("kind", object.textNode(itemType.kind()));
        }
        Optional<String> problem = missingText(object, "apiVersion", "apiVersion")
                .or(() -> missingText(object, "kind", "kind"));
        if (problem.isPresent()) {
            errors.add(at + problem.get());
            return;
        }
        String apiVersion = object.get("apiVersion").textValue();
        String kind = object.get("kind").textValue();
        if (isList(kind, object)) {
            readList(file, document, object, at, apiVersion, kind);
            return;
        }
        JsonNode metadata = object.path("metadata");
        problem = metadata.isObject()
                ? missingText((ObjectNode) metadata, "name", "metadata.name")
                : Optional.of(metadata.isMissingNode() || metadata.isNull() ? "missing metadata.name"
                        : "metadata must be a mapping, found " + Binder.describe(metadata));
        if (problem.isPresent()) {
            errors.add(at + kind + ": " + problem.get());
            return;
        }
        String name = metadata.get("name").textValue();
        Optional<Class<?>> type = Binder.type(apiVersion, kind);
        Optional<CustomResource> custom = CustomResource.of(apiVersion, kind);
        String namespace = namespace((ObjectNode) metadata, kind, type.isPresent(), custom);
        SourceRef source = new SourceRef(file, line);
        String key = apiVersion + "/" + kind + " " + id(namespace, name);
        SourceRef first = seen.get(key);
        if (first != null) {
            errors.add(at + "duplicate " + kind + " " + id(namespace, name) + " (first read at " + first
                    + "); the first is used");
            return;
        }
        String subject = at + kind + " " + id(namespace, name) + ": ";
        try {
            ReadObject read;
            if (type.isPresent()) {
                read = new ReadObject(source, apiVersion, kind, namespace, name, binder.bind(object, type.get()));
                assembler.add(read);
            } else if (custom.isPresent()) {
                List<String> problems = custom.get().problems(object);
                if (!problems.isEmpty()) {
                    problems.forEach(schemaProblem -> errors.add(subject + schemaProblem));
                    return;
                }
                read = new ReadObject(source, apiVersion, kind, namespace, name, object);
                if (custom.get().isCiliumPolicy()) {
                    assembler.add(ciliumPolicies.read(read, object));
                }
                assembler.add(read);
            } else {
                read = new ReadObject(source, apiVersion, kind, namespace, name, object);
                assembler.skip(read.type());
            }
            objects.add(read);
            seen.put(key, source);
        } catch (Binder.BindingException | ClusterAssembler.InvalidObjectException e) {
            errors.add(subject + e.getMessage());
        }
    }

    private void readList(String file, TreeReader.Document document, ObjectNode list, String at,
            String apiVersion, String kind) {
        JsonNode items = list.get("items");
        if (items == null || items.isNull()) {
            return; // the API server leaves an empty list's items out
        }
        if (!items.isArray()) {
            errors.add(at + kind + ": items must be a list, found " + Binder.describe(items));
            return;
        }
        ItemType itemType = kind.equals("List")
                ? null
                : new ItemType(apiVersion, kind.substring(0, kind.length() - "List".length()));
        for (JsonNode item : items) {
            readObject(file, document, item, document.lineOf(item), itemType);
        }
    }

    /**
     * {@code kind: List} is kubectl's; {@code PodList} and the like are what the API server returns.
     * A custom kind may end in "List" without being one, so a list must also have items.
     */
    private static boolean isList(String kind, ObjectNode object) {
        return kind.equals("List") || kind.endsWith("List") && kind.length() > 4 && object.has("items");
    }

    /**
     * The object's namespace: defaulted for the namespaced kinds the reader binds or checks, none
     * for cluster-scoped ones, and as written for kinds whose scope it does not know.
     */
    private static String namespace(ObjectNode metadata, String kind, boolean bound, Optional<CustomResource> custom) {
        if (bound) {
            return kind.equals("Namespace") ? null : defaultNamespace(metadata);
        }
        if (custom.isPresent()) {
            return custom.get().namespaced() ? defaultNamespace(metadata) : null;
        }
        return written(metadata);
    }

    /**
     * The API server puts a namespaced object without one in the request's namespace, {@code default}
     * for {@code kubectl apply} without {@code -n}. It is written into the tree so the model object
     * says so too.
     */
    private static String defaultNamespace(ObjectNode metadata) {
        JsonNode written = metadata.get("namespace");
        if (written == null || written.isNull() || written.isTextual() && written.textValue().isEmpty()) {
            metadata.put("namespace", ClusterAssembler.DEFAULT_NAMESPACE);
            return ClusterAssembler.DEFAULT_NAMESPACE;
        }
        return written.textValue(); // null when not a string, which binding then reports
    }

    /** The namespace the object names, if any: the scope of a kind the analyzer does not read is unknown. */
    private static String written(ObjectNode metadata) {
        JsonNode namespace = metadata.get("namespace");
        return namespace != null && namespace.isTextual() && !namespace.textValue().isEmpty()
                ? namespace.textValue() : null;
    }

    private static Optional<String> missingText(ObjectNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.textValue().isEmpty()) {
            return Optional.of("missing " + path);
        }
        return value.isTextual() ? Optional.empty()
                : Optional.of(path + " must be a string, found " + Binder.describe(value));
    }

    private static String id(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }
}
