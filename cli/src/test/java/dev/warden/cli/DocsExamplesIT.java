package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the documentation true: every code block in README.md and docs/ that follows a
 * {@code <!-- warden-output: ARGS -->} marker must be exactly what {@code warden ARGS} prints,
 * run from the repository root with the packaged program (run with
 * {@code -Dwarden.docs.update=true} to rewrite those blocks from real output instead). A block
 * after {@code <!-- warden-excerpt: ARGS -->} must be lines of that output in order, with
 * "..." standing for lines left out.
 */
class DocsExamplesIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK =
            Pattern.compile("<!-- warden-output: (.+?) -->\\n```\\n(.*?)```\\n", Pattern.DOTALL);
    private static final Pattern EXCERPT =
            Pattern.compile("<!-- warden-excerpt: (.+?) -->\\n```\\n(.*?)```\\n", Pattern.DOTALL);
    private static final boolean UPDATE = Boolean.getBoolean("warden.docs.update");

    @TestFactory
    Stream<DynamicTest> everyMarkedBlockIsRealOutput() throws IOException, InterruptedException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path document : documents()) {
            String text = Files.readString(document);
            Matcher block = BLOCK.matcher(text);
            StringBuilder updated = new StringBuilder();
            while (block.find()) {
                String args = block.group(1);
                String output = warden(args);
                String shown = block.group(2);
                block.appendReplacement(updated, Matcher.quoteReplacement(
                        "<!-- warden-output: " + args + " -->\n```\n" + output + "```\n"));
                tests.add(DynamicTest.dynamicTest(ROOT.relativize(document) + ": warden " + args,
                        () -> assertThat(shown).as("rerun with -Dwarden.docs.update=true after checking the change")
                                .isEqualTo(output)));
            }
            block.appendTail(updated);
            Matcher excerpt = EXCERPT.matcher(text);
            while (excerpt.find()) {
                String args = excerpt.group(1);
                List<String> output = warden(args).lines().toList();
                List<String> shown = excerpt.group(2).lines().filter(line -> !line.equals("...")).toList();
                tests.add(DynamicTest.dynamicTest(ROOT.relativize(document) + ": excerpt of warden " + args,
                        () -> assertThat(output).containsSubsequence(shown)));
            }
            if (UPDATE && !updated.toString().equals(text)) {
                Files.writeString(document, updated.toString());
            }
        }
        assertThat(tests).as("marked blocks in the docs").isNotEmpty();
        return tests.stream().filter(test -> !UPDATE);
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    private static String warden(String args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", ROOT.resolve("cli/target/warden.jar").toString()));
        command.addAll(Arrays.asList(args.split(" ")));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("warden " + args + " did not finish within a minute");
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
