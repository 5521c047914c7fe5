package dev.warden.gateway;

import static dev.warden.gateway.GatewayHarness.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.fixtures.RawHttp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Behind an L4 load balancer: the PROXY protocol header, not the TCP peer, names the caller. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayProxyProtocolTest {
    private static final String BALANCER = "127.0.0.1";

    GatewayHarness harness;
    GatewayServer behindBalancer;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = new GatewayHarness(dir);
        behindBalancer = GatewayServer.start(harness.config(true), Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        behindBalancer.close();
        harness.close();
    }

    private RawHttp.Exchange send(String proxyHeader, String path) {
        String request = "GET http://" + ORIGIN + ":" + harness.origin.httpPort() + path + " HTTP/1.1\r\nHost: " + ORIGIN
                + ":" + harness.origin.httpPort() + "\r\nConnection: close\r\n\r\n";
        return RawHttp.from(BALANCER).to("127.0.0.1", behindBalancer.listenAddress().getPort())
                .timeout(Duration.ofSeconds(5)).send(proxyHeader + request);
    }

    @Test
    void theClientNamedByAVersion1HeaderIsIdentifiedAndAudited() {
        RawHttp.Exchange exchange = send("PROXY TCP4 127.0.0.2 127.0.0.1 40123 3128\r\n", "/?via-balancer");

        assertThat(exchange.firstStatus()).as(exchange.response()).isEqualTo(200);
        JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> harness.auditLines().stream()
                .filter(audit -> audit.path("source.port").asInt() == 40123).findFirst().orElse(null), found -> found != null);
        assertThat(line.get("source.ip").asText()).isEqualTo("127.0.0.2");
        assertThat(line.get("kubernetes.workload").asText()).isEqualTo("payment-worker");
    }

    @Test
    void theBinaryVersion2HeaderWorksToo() {
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(28);
        header.put(new byte[] {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a});
        header.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
        header.put(new byte[] {127, 0, 0, 2}).put(new byte[] {127, 0, 0, 1}).putShort((short) 40125).putShort((short) 3128);
        String request = "GET http://" + ORIGIN + ":" + harness.origin.httpPort() + "/?v2 HTTP/1.1\r\nHost: " + ORIGIN
                + ":" + harness.origin.httpPort() + "\r\nConnection: close\r\n\r\n";
        byte[] head = request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(header.array(), 28 + head.length);
        System.arraycopy(head, 0, all, 28, head.length);

        RawHttp.Exchange exchange = RawHttp.from(BALANCER).to("127.0.0.1", behindBalancer.listenAddress().getPort())
                .timeout(Duration.ofSeconds(5)).send(all);

        assertThat(exchange.firstStatus()).as(exchange.response()).isEqualTo(200);
    }

    @Test
    void theHeaderDecidesEvenWhenThePeerWouldBeKnown() {
        RawHttp.Exchange exchange = send("PROXY TCP4 127.0.0.9 127.0.0.1 40124 3128\r\n", "/?stranger-via-balancer");

        assertThat(exchange.firstStatus()).isEqualTo(403);
        assertThat(exchange.response()).contains("unidentified caller 127.0.0.9 is not a known workload");
    }

    @Test
    void aConnectionWithoutTheHeaderIsRefused() {
        RawHttp.Exchange exchange = send("", "/?no-header");

        assertThat(exchange.statusCodes()).isEmpty();
        assertThat(exchange.peerClosed()).isTrue();
    }
}
