package dev.warden.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.findings.Involved;
import dev.warden.analyze.read.ManifestReader;
import dev.warden.analyze.read.ReadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Manifests written as YAML documents to one file and read back, remembering the line each
 * document starts on, so tests can name involved objects without counting lines by hand.
 */
public final class ManifestFile {
    private final Path file;
    private final Map<String, Integer> lines = new HashMap<>();

    public ManifestFile(Path dir) {
        this.file = dir.resolve("m.yaml");
    }

    /** Writes the documents, separated by {@code ---}, and reads them; the manifests must read without errors. */
    public ReadResult read(String... documents) {
        lines.clear();
        int line = 1;
        for (String document : documents) {
            lines.putIfAbsent(document, line);
            line += (int) document.lines().count() + 1;
        }
        try {
            Files.writeString(file, String.join("---\n", documents));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReadResult read = ManifestReader.read(List.of(file));
        assertThat(read.errors()).isEmpty();
        return read;
    }

    /** The object {@code document} holds, as a finding involves it. */
    public Involved involved(String kind, String name, String document) {
        Integer line = lines.get(document);
        assertThat(line).as("a document the last read wrote").isNotNull();
        return new Involved(kind, name, new SourceRef(file.toString(), line));
    }
}
