package dev.warden.analyze.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.analyze.read.ManifestReader;
import dev.warden.analyze.read.ReadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The manifests under {@code report/xyz}: namespaces x, y, z with pods a and b, cluster DNS, one
 * pod whose name and labels carry markup, and x's egress policies (x/a reaches y and DNS, x/b
 * nothing).
 */
final class XyzFixture {
    private XyzFixture() {}

    /** The folder the test resources {@code report/} were copied to; the fixture is its {@code xyz}. */
    static Path resources() {
        try {
            return Path.of(XyzFixture.class.getResource("/report").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ReadResult read(Path manifests) {
        ReadResult read = ManifestReader.read(List.of(manifests));
        assertThat(read.errors()).isEmpty();
        return read;
    }

    /**
     * The 1-based line the reader gives the YAML document holding {@code needle}: its first line
     * after the {@code ---} before it, comments skipped.
     */
    static int documentLine(Path file, String needle) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = 0;
        while (!lines.get(at).contains(needle)) {
            at++;
        }
        while (at > 0 && !lines.get(at - 1).equals("---")) {
            at--;
        }
        while (lines.get(at).startsWith("#")) {
            at++;
        }
        return at + 1;
    }
}
