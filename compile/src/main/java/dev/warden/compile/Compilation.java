package dev.warden.compile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one target made of the registry: the objects, in a stable order; any other files (an
 * nftables script), by path relative to the output folder; and the records it could not
 * express, each problem naming the record and what to change.
 */
public record Compilation(List<Manifest> manifests, Map<Path, String> files, List<String> problems) {
    public Compilation {
        manifests = List.copyOf(manifests);
        files = new TreeMap<>(files);
        problems = List.copyOf(problems);
    }

    /** Objects only. */
    public Compilation(List<Manifest> manifests, List<String> problems) {
        this(manifests, Map.of(), problems);
    }

    /** Everything to write: the rendered objects and the other files, by relative path. */
    public Map<Path, String> render() {
        Map<Path, String> all = new TreeMap<>(ManifestWriter.render(manifests));
        all.putAll(files);
        return all;
    }
}
