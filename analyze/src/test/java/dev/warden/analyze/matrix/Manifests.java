package dev.warden.analyze.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.analyze.read.ManifestReader;
import dev.warden.analyze.read.ReadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Manifests for matrix and report tests: written as YAML documents to one file and read back. */
public final class Manifests {
    private Manifests() {}

    /** Writes the documents, separated by {@code ---}, to {@code dir/m.yaml} and reads them; they must read without errors. */
    public static ReadResult read(Path dir, String... documents) {
        Path file = dir.resolve("m.yaml");
        try {
            Files.writeString(file, String.join("---\n", documents));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReadResult read = ManifestReader.read(List.of(file));
        assertThat(read.errors()).isEmpty();
        return read;
    }

    /** A Pod labelled {@code pod: NAME} serving 80/TCP, as in the upstream e2e model. */
    public static String serving(String namespace, String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: NAME, namespace: NS, labels: {pod: NAME}}
                spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}
                """.replace("NAME", name).replace("NS", namespace);
    }
}
