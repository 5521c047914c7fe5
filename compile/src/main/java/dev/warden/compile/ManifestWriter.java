package dev.warden.compile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays manifests out as {@code TARGET/NAMESPACE/KIND.yaml} ({@code _cluster} for cluster-scoped
 * objects), one YAML document per object sorted by name: the same registry gives byte-identical
 * files, so a diff of the output is a review of the change.
 */
public final class ManifestWriter {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // Cilium's ports are strings ("53"): unquoted they would read back as numbers.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());
    static final String CLUSTER_SCOPED = "_cluster";

    private ManifestWriter() {}

    /** The files for {@code manifests}, by path relative to the output folder. */
    public static Map<Path, String> render(List<Manifest> manifests) {
        Map<Path, List<Manifest>> byFile = new TreeMap<>();
        for (Manifest manifest : manifests) {
            String namespace = manifest.namespace() == null ? CLUSTER_SCOPED : manifest.namespace();
            Path file = Path.of(manifest.target(), namespace, manifest.kind().toLowerCase(Locale.ROOT) + ".yaml");
            byFile.computeIfAbsent(file, key -> new ArrayList<>()).add(manifest);
        }
        Map<Path, String> files = new TreeMap<>();
        byFile.forEach((file, inFile) -> {
            StringBuilder text = new StringBuilder();
            inFile.stream().sorted(Comparator.comparing(Manifest::name)).forEach(manifest -> text.append(yaml(manifest)));
            files.put(file, text.toString());
        });
        return files;
    }

    private static String yaml(Manifest manifest) {
        return yaml(manifest.object());
    }

    /** A JSON tree as one YAML document, written the way every emitted file is. */
    static String yaml(JsonNode tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
