package dev.warden.gateway;

import static dev.warden.gateway.GatewayHarness.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.fixtures.Curl;
import dev.warden.gateway.fixtures.CurlResult;
import dev.warden.gateway.identity.ProxyCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Proxy-Authorization names a workload wherever it connects from; a wrong one gets 407. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayProxyCredentialsTest {
    private static final String ANYWHERE = "127.0.0.9";

    GatewayHarness harness;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = new GatewayHarness(dir);
        Path credentials = dir.resolve("proxy-credentials");
        Files.writeString(credentials, "# settlement batch job\n"
                + ProxyCredentials.line("settlement-batch", "correct horse".toCharArray()) + "\n");
        harness.gateway.close();
        harness.gateway = GatewayServer.start(harness.config(false, null, credentials), Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    private Curl request(String path) {
        return Curl.request("http://" + ORIGIN + ":" + harness.origin.httpPort() + path)
                .sourceAddress(ANYWHERE).proxy(harness.proxyPort()).maxTime(Duration.ofSeconds(20));
    }

    @Test
    void validCredentialsIdentifyTheirWorkloadFromAnUnknownAddress() {
        CurlResult result = request("/?with-credentials").proxyUser("settlement-batch:correct horse").run();

        assertThat(result.httpStatus()).as(result.toString()).isEqualTo(200);
        JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> harness.auditLines().stream()
                .filter(audit -> ANYWHERE.equals(audit.path("source.ip").asText())
                        && "allow".equals(audit.path("warden.decision").asText()))
                .findFirst().orElse(null), found -> found != null);
        assertThat(line.get("kubernetes.workload").asText()).isEqualTo("settlement-batch");
        assertThat(line.get("warden.rule").asText()).isEqualTo("payments-http");
    }

    @Test
    void aWrongPasswordIsChallenged() {
        CurlResult result = request("/?wrong-password").proxyUser("settlement-batch:guess").run();

        assertThat(result.httpStatus()).isEqualTo(407);
        assertThat(result.header("Proxy-Authenticate")).contains("Basic realm=\"warden\"");
        assertThat(result.bodyText()).isEqualTo("the proxy credentials are not valid\n");
    }

    @Test
    void anUnknownAddressWithoutCredentialsIsChallenged() {
        CurlResult result = request("/?no-credentials").run();

        assertThat(result.httpStatus()).isEqualTo(407);
        assertThat(result.bodyText()).isEqualTo("proxy credentials are required: this source address is not a known workload\n");
    }

    @Test
    void aKnownAddressStillNeedsNoCredentials() {
        CurlResult result = Curl.request("http://" + ORIGIN + ":" + harness.origin.httpPort() + "/")
                .sourceAddress(GatewayHarness.PAYMENT_WORKER).proxy(harness.proxyPort()).run();

        assertThat(result.httpStatus()).isEqualTo(200);
    }
}
