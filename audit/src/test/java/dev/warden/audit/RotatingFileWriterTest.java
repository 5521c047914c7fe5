package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.model.audit.AuditEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileWriterTest {

    @TempDir
    Path dir;

    @Test
    void lines_are_appended_to_the_file_creating_its_directories() throws IOException {
        Path file = dir.resolve("var/log/warden/audit.jsonl");

        try (RotatingFileWriter writer = new RotatingFileWriter(file, 1_000, 2)) {
            writer.write("one\n");
            writer.write("two\n");
            writer.flush();
            assertThat(Files.readString(file)).isEqualTo("one\ntwo\n");
            writer.write("three\n");
        }

        assertThat(Files.readString(file)).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void reopening_appends_and_counts_what_the_file_already_holds() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "earlier\n");

        try (RotatingFileWriter writer = new RotatingFileWriter(file, 12, 1)) {
            writer.write("abc\n");
            writer.write("next\n");
        }

        assertThat(contents(file, 1)).containsExactly("next\n", "earlier\nabc\n");
    }

    @Test
    void a_line_that_exactly_fills_the_file_stays_and_the_next_one_starts_a_new_file() throws IOException {
        Path file = dir.resolve("audit.jsonl");

        try (RotatingFileWriter writer = new RotatingFileWriter(file, 10, 3)) {
            writer.write("aaaa\n");
            writer.write("bbbb\n");
            writer.write("c\n");
        }

        assertThat(contents(file, 3)).containsExactly("c\n", "aaaa\nbbbb\n", null, null);
    }

    @Test
    void only_keep_files_rotated_files_are_kept_and_the_oldest_go() throws IOException {
        Path file = dir.resolve("audit.jsonl");

        try (RotatingFileWriter writer = new RotatingFileWriter(file, 6, 2)) {
            for (String line : new String[] {"1111\n", "2222\n", "3333\n", "4444\n", "5555\n"}) {
                writer.write(line);
            }
        }

        assertThat(contents(file, 3)).containsExactly("5555\n", "4444\n", "3333\n", null);
        assertThat(fileNames()).containsExactlyInAnyOrder("audit.jsonl", "audit.jsonl.1", "audit.jsonl.2");
    }

    @Test
    void lines_are_never_split_across_files() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        StringBuilder everything = new StringBuilder();

        try (RotatingFileWriter writer = new RotatingFileWriter(file, 100, 1_000)) {
            for (int i = 0; i < 200; i++) {
                String line = "line-" + i + "-" + "x".repeat(i % 37) + "\n";
                writer.write(line);
                everything.append(line);
                if (i % 7 == 0) {
                    writer.flush();
                }
            }
        }

        StringBuilder joined = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            int generations = (int) files.count() - 1;
            for (int n = generations; n >= 1; n--) {
                joined.append(assertWholeLinesWithin(file.resolveSibling("audit.jsonl." + n), 100));
            }
        }
        joined.append(assertWholeLinesWithin(file, 100));
        assertThat(joined.toString()).isEqualTo(everything.toString());
    }

    @Test
    void a_line_longer_than_max_bytes_gets_a_file_of_its_own() throws IOException {
        Path file = dir.resolve("audit.jsonl");

        try (RotatingFileWriter writer = new RotatingFileWriter(file, 5, 3)) {
            writer.write("ab\n");
            writer.write("longer-than-five\n");
            writer.write("cd\n");
        }

        assertThat(contents(file, 3)).containsExactly("cd\n", "longer-than-five\n", "ab\n", null);
    }

    @Test
    void keeping_no_rotated_files_starts_the_file_afresh() throws IOException {
        Path file = dir.resolve("audit.jsonl");

        try (RotatingFileWriter writer = new RotatingFileWriter(file, 5, 0)) {
            writer.write("old\n");
            writer.write("new\n");
        }

        assertThat(fileNames()).containsExactly("audit.jsonl");
        assertThat(Files.readString(file)).isEqualTo("new\n");
    }

    @Test
    void text_is_written_as_utf_8_and_a_lone_surrogate_becomes_a_question_mark() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        String line = AuditJson.line(AuditEvent.builder().pod("zürich-東京-😀").reason("half \uD800 pair").build());

        try (RotatingFileWriter writer = new RotatingFileWriter(file, 10_000, 1)) {
            writer.write(line);
        }

        String written = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertThat(written)
                .contains("\"kubernetes.pod.name\":\"zürich-東京-😀\"")
                .contains("\"warden.reason\":\"half ? pair\"");
    }

    @Test
    void a_rotation_that_fails_fails_the_write_and_is_retried_by_the_next_one() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        Path blocker = dir.resolve("audit.jsonl.1");
        Files.createDirectories(blocker.resolve("not-empty"));

        try (RotatingFileWriter writer = new RotatingFileWriter(file, 8, 1)) {
            writer.write("first\n");
            assertThatThrownBy(() -> writer.write("second\n")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> writer.write("third\n")).isInstanceOf(IOException.class);

            Files.delete(blocker.resolve("not-empty"));
            Files.delete(blocker);
            writer.write("fourth\n");
        }

        assertThat(contents(file, 1)).containsExactly("fourth\n", "first\n");
    }

    @Test
    void limits_that_cannot_work_are_refused() {
        Path file = dir.resolve("audit.jsonl");

        assertThatThrownBy(() -> new RotatingFileWriter(file, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be at least 1, not 0");
        assertThatThrownBy(() -> new RotatingFileWriter(file, 10, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepFiles must not be negative, not -1");
    }

    /** The file's contents, then those of file.1 … file.{generations}; null where a file is absent. */
    private static String[] contents(Path file, int generations) throws IOException {
        String[] contents = new String[generations + 1];
        for (int n = 0; n <= generations; n++) {
            Path path = n == 0 ? file : file.resolveSibling(file.getFileName() + "." + n);
            contents[n] = Files.exists(path) ? Files.readString(path) : null;
        }
        return contents;
    }

    private String[] fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).toArray(String[]::new);
        }
    }

    private static String assertWholeLinesWithin(Path file, long maxBytes) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as(file.getFileName().toString()).endsWith("\n");
        assertThat(Files.size(file)).as(file.getFileName().toString()).isLessThanOrEqualTo(maxBytes);
        return text;
    }
}
