package dev.warden.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {
    @Test
    void rootWithEveryToolHasNoProblems() {
        assertThat(Preflight.problems(true, tool -> true)).isEmpty();
    }

    @Test
    void notRootAndAMissingToolAreEachNamed() {
        assertThat(Preflight.problems(false, tool -> !tool.equals("nft")))
                .hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("needs root"))
                .anySatisfy(problem -> assertThat(problem).contains("needs nft", "nftables"));
    }

    @Test
    void aToolIsFoundOnlyAsAnExecutableInAPathDirectory(@TempDir Path directory) throws Exception {
        Path tool = Files.createFile(directory.resolve("wdn-fake-tool"));
        assertThat(Preflight.onPath(directory.toString(), "wdn-fake-tool")).isFalse();
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Preflight.onPath(directory.toString(), "wdn-fake-tool")).isTrue();
        assertThat(Preflight.onPath("", "wdn-fake-tool")).isFalse();
    }
}
