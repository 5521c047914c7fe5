package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged program run through the repository's {@code ./warden} launcher in a child
 * process, with the machine's default JDK 17 first on PATH: the launcher must find a JDK 21+
 * itself and pass exit codes and output through unchanged.
 */
class WardenLauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private record Run(int exitCode, String out, String err) {}

    private static Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("warden").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("WARDEN_JAVA_HOME");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not finish within two minutes");
        }
        return new Run(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void thePaymentsReferencePassesCheck() throws Exception {
        Run run = launch("check", "examples/payments");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("0 errors, 0 warnings in 1 dependency, 0 exceptions, 1 posture\n");
    }

    @Test
    void theBrokenExampleFailsWithExitOneAndPositions() throws Exception {
        Run run = launch("check", "--today=2026-11-25", "examples/broken");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("examples/broken/structure.yaml:10:3: error: unknown field \"clss\" in spec;"
                + " did you mean \"class\"? [unknown-field]\n");
    }

    @Test
    void aUsageErrorExitsTwo() throws Exception {
        Run run = launch("check", "--format=yaml", "examples/payments");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid value for option '--format'");
    }
}
