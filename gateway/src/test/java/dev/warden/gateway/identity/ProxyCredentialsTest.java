package dev.warden.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyCredentialsTest {

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLineVerifiesItsOwnPasswordOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, ProxyCredentials.line("batch", "s3cret:with colon".toCharArray()) + "\n");
        ProxyCredentials credentials = ProxyCredentials.load(file);

        assertThat(credentials.verify(basic("batch", "s3cret:with colon"))).isEqualTo("batch");
        assertThat(credentials.rememberedUser(basic("batch", "s3cret:with colon"))).isEqualTo("batch");
        assertThat(credentials.verify(basic("batch", "s3cret"))).isNull();
        assertThat(credentials.verify(basic("other", "s3cret:with colon"))).isNull();
        assertThat(credentials.verify("Bearer abc")).isNull();
        assertThat(credentials.verify("Basic !!!not-base64")).isNull();
        assertThat(credentials.rememberedUser(basic("batch", "s3cret"))).isNull();
    }

    @Test
    void theFileHoldsNoPassword() {
        String line = ProxyCredentials.line("batch", "s3cret".toCharArray());

        assertThat(line).startsWith("batch:pbkdf2-sha256$310000$").doesNotContain("s3cret");
        assertThat(ProxyCredentials.line("batch", "s3cret".toCharArray())).as("a fresh salt each time").isNotEqualTo(line);
    }

    @Test
    void aMalformedLineIsReportedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "# comment\n\nbatch:plaintext-password\n");

        assertThatThrownBy(() -> ProxyCredentials.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ":3: expected user:pbkdf2-sha256$iterations$salt$hash (make one with"
                        + " `warden gateway hash-password USER`)");
    }
}
