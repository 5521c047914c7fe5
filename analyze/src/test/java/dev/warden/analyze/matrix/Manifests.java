package dev.warden.analyze.matrix;

import dev.warden.analyze.ManifestFile;
import dev.warden.analyze.read.ReadResult;
import java.nio.file.Path;

/** Manifests for matrix and report tests: written as YAML documents to one file and read back. */
public final class Manifests {
    private Manifests() {}

    /** Writes the documents, separated by {@code ---}, to {@code dir/m.yaml} and reads them; they must read without errors. */
    public static ReadResult read(Path dir, String... documents) {
        return new ManifestFile(dir).read(documents);
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
