package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdoutLineWriterTest {

    @Test
    void lines_are_written_at_flush_as_utf_8_whatever_the_streams_charset() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StdoutLineWriter writer = new StdoutLineWriter(new PrintStream(bytes, true, StandardCharsets.US_ASCII));

        writer.write("zürich\n");
        writer.write("東京 😀\n");
        assertThat(bytes.size()).as("nothing before flush").isZero();
        writer.flush();

        assertThat(bytes.toByteArray()).isEqualTo("zürich\n東京 😀\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_failing_stream_is_reported_as_an_io_exception() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        StdoutLineWriter writer = new StdoutLineWriter(new PrintStream(broken, true, StandardCharsets.UTF_8));

        writer.write("lost\n");

        assertThatThrownBy(writer::flush)
                .isInstanceOf(IOException.class)
                .hasMessage("the output stream reported an error; audit lines may be lost");
    }

    @Test
    void close_flushes_but_leaves_the_shared_stream_open() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream shared = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        StdoutLineWriter writer = new StdoutLineWriter(shared);

        writer.write("last\n");
        writer.close();
        shared.print("still open\n");

        assertThat(shared.checkError()).isFalse();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("last\nstill open\n");
    }
}
