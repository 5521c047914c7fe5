package dev.warden.gateway;

import static dev.warden.gateway.GatewayHarness.LOOPBACK_TRAP;
import static dev.warden.gateway.GatewayHarness.METADATA_TRAP;
import static dev.warden.gateway.GatewayHarness.ORIGIN;
import static dev.warden.gateway.GatewayHarness.PAYMENT_WORKER;
import static dev.warden.gateway.GatewayHarness.REPORT_BUILDER;
import static dev.warden.gateway.GatewayHarness.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.fixtures.Curl;
import dev.warden.gateway.fixtures.CurlResult;
import dev.warden.gateway.fixtures.EchoedHeaders;
import dev.warden.gateway.fixtures.NginxOrigin;
import dev.warden.gateway.fixtures.RawHttp;
import dev.warden.model.audit.AuditEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway with real clients (curl, the JDK HttpClient) and a real nginx origin, on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayTest {
    GatewayHarness harness;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = new GatewayHarness(dir);
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    private Curl curl(String url, String source) {
        return Curl.request(url).sourceAddress(source).proxy(harness.proxyPort()).maxTime(Duration.ofSeconds(20));
    }

    private String httpUrl(String host, String path) {
        return "http://" + host + ":" + harness.origin.httpPort() + path;
    }

    private String httpsUrl(String path) {
        return "https://" + ORIGIN + ":" + harness.origin.tlsPort() + path;
    }

    /** The audit line of the exchange whose destination and client port are given, once written. */
    private JsonNode auditLineFor(String destination, String method) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> harness.auditLines().stream()
                .filter(line -> destination.equals(line.path("destination.domain").asText(null))
                        || destination.equals(line.path("destination.ip").asText(null)))
                .filter(line -> method.equals(line.path("http.request.method").asText()))
                .reduce((first, second) -> second).orElse(null), line -> line != null);
    }

    /**
     * Proves a refused request never reached the origin: an allowed marker sent afterwards on the
     * same path is logged by nginx, and nothing logged between carries the refused target.
     */
    private void assertOriginNeverSaw(String refusedPathFragment) {
        String marker = "/?marker=" + System.nanoTime();
        assertThat(curl(httpUrl(ORIGIN, marker), PAYMENT_WORKER).run().httpStatus()).isEqualTo(200);
        harness.origin.awaitAccessLog(line -> line.request().contains(marker), Duration.ofSeconds(10));
        assertThat(harness.origin.accessLog()).noneMatch(line -> line.request().contains(refusedPathFragment));
    }

    @Test
    void anAllowedForwardRequestReachesTheOriginAndIsAuditedWithEveryField() {
        CurlResult result = curl(httpUrl(ORIGIN, "/"), PAYMENT_WORKER)
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").run();

        assertThat(result.httpStatus()).as(result.toString()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("hello from origin\n");
        JsonNode line = auditLineFor(ORIGIN, "GET");
        assertThat(Arrays.asList(AuditEvent.FIELDS)).allSatisfy(field -> assertThat(line.has(field)).as(field).isTrue());
        assertThat(line.get("event.action").asText()).isEqualTo("http-request");
        assertThat(line.get("event.outcome").asText()).isEqualTo("success");
        assertThat(line.get("warden.decision").asText()).isEqualTo("allow");
        assertThat(line.get("warden.rule").asText()).isEqualTo("payments-http");
        assertThat(line.get("source.ip").asText()).isEqualTo(PAYMENT_WORKER);
        assertThat(line.get("kubernetes.namespace").asText()).isEqualTo("payments");
        assertThat(line.get("kubernetes.pod.name").asText()).isEqualTo("payment-worker-0");
        assertThat(line.get("kubernetes.workload").asText()).isEqualTo("payment-worker");
        assertThat(line.get("kubernetes.service_account").asText()).isEqualTo("payment-worker-sa");
        assertThat(line.get("kubernetes.node.name").asText()).isEqualTo("node-1");
        assertThat(line.get("observer.name").asText()).isEqualTo("test-gateway");
        assertThat(line.get("destination.ip").asText()).isEqualTo("127.0.0.1");
        assertThat(line.get("destination.port").asInt()).isEqualTo(harness.origin.httpPort());
        assertThat(line.get("network.transport").asText()).isEqualTo("tcp");
        assertThat(line.get("network.protocol").asText()).isEqualTo("http");
        assertThat(line.get("http.response.status_code").asInt()).isEqualTo(200);
        assertThat(line.get("destination.bytes").asLong()).isGreaterThanOrEqualTo("hello from origin\n".length());
        assertThat(line.get("event.duration").asLong()).isPositive();
        assertThat(line.get("trace.id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void anAllowedConnectTunnelCarriesTlsEndToEnd() {
        CurlResult result = curl(httpsUrl("/"), PAYMENT_WORKER).caCertificate(harness.ca.caCertificate()).run();

        assertThat(result.httpStatus()).as(result.toString()).isEqualTo(200);
        assertThat(result.proxyConnectStatus()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("hello from origin\n");
        JsonNode line = auditLineFor(ORIGIN, "CONNECT");
        assertThat(line.get("event.action").asText()).isEqualTo("connect-tunnel");
        assertThat(line.get("tls.client.server_name").asText()).isEqualTo(ORIGIN);
        assertThat(line.get("warden.rule").asText()).isEqualTo("payments-https");
        assertThat(line.get("source.bytes").asLong()).isPositive();
        assertThat(line.get("destination.bytes").asLong()).isPositive();
    }

    @Test
    void theJdkHttpClientAsASecondWorkloadGetsItsOwnRecord() throws Exception {
        try (HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", harness.proxyPort())))
                .localAddress(InetAddress.getByName(REPORT_BUILDER))
                .sslContext(harness.ca.clientContext())
                .build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(httpsUrl("/"))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello from origin\n");
        }
        assertThat(harness.auditLines()).anySatisfy(line -> {
            assertThat(line.get("warden.rule").asText()).isEqualTo("reporting-https");
            assertThat(line.get("kubernetes.workload").asText()).isEqualTo("report-builder");
        });
    }

    @Test
    void theSecondWorkloadMayNotUseTheFirstsPlainHttpRecord() {
        CurlResult result = curl(httpUrl(ORIGIN, "/?report-builder-plain"), REPORT_BUILDER).run();

        assertThat(result.httpStatus()).isEqualTo(403);
        assertThat(result.bodyText()).isEqualTo("record reporting-https allows reporting/report-builder to reach "
                + ORIGIN + " only on ports [" + harness.origin.tlsPort() + "/TCP], not " + harness.origin.httpPort() + "/TCP\n");
        assertOriginNeverSaw("report-builder-plain");
    }

    @Test
    void anUnlistedHostIsRefusedWithoutResolvingOrConnecting() {
        CurlResult result = curl(httpUrl("unlisted.vendor.test", "/?unlisted"), PAYMENT_WORKER).run();

        assertThat(result.httpStatus()).isEqualTo(403);
        assertThat(result.bodyText()).isEqualTo("no record allows payments/payment-worker to reach unlisted.vendor.test:"
                + harness.origin.httpPort() + "\n");
        assertThat(result.header("Proxy-Status").orElseThrow()).startsWith("warden; error=http_request_denied");
        JsonNode line = auditLineFor("unlisted.vendor.test", "GET");
        assertThat(line.get("warden.decision").asText()).isEqualTo("deny");
        assertThat(line.get("destination.ip").isNull()).as("no DNS query for a name the caller may not reach").isTrue();
        assertOriginNeverSaw("unlisted");
    }

    @Test
    void aTunnelToAPlainHttpRecordIsRefusedSoItsRequestsStayVisible() {
        RawHttp.Exchange exchange = RawHttp.from(PAYMENT_WORKER).to("127.0.0.1", harness.proxyPort())
                .timeout(Duration.ofSeconds(5)).send("CONNECT " + ORIGIN + ":" + harness.origin.httpPort()
                        + " HTTP/1.1\r\nHost: " + ORIGIN + "\r\n\r\n");

        assertThat(exchange.firstStatus()).isEqualTo(403);
        assertThat(exchange.response()).contains("record payments-http allows " + ORIGIN + ":" + harness.origin.httpPort()
                + " for plain HTTP only: send the request itself through the proxy (http:// URL), not a CONNECT tunnel,"
                + " so it can be audited");
    }

    @Test
    void aPlainRequestToAnHttpsRecordIsRefused() {
        CurlResult result = curl("http://" + ORIGIN + ":" + harness.origin.tlsPort() + "/", PAYMENT_WORKER).run();

        assertThat(result.httpStatus()).isEqualTo(403);
        assertThat(result.bodyText()).isEqualTo("record payments-https allows " + ORIGIN + ":" + harness.origin.tlsPort()
                + " for HTTPS only: use a CONNECT tunnel (an https:// URL through the proxy)\n");
    }

    @Test
    void anUnidentifiedCallerIsDenied() {
        CurlResult result = curl(httpUrl(ORIGIN, "/?stranger"), STRANGER).run();

        assertThat(result.httpStatus()).isEqualTo(403);
        assertThat(result.bodyText()).isEqualTo("unidentified caller " + STRANGER
                + " is not a known workload, and no record admits unidentified callers\n");
    }

    @Test
    void aListedNameThatResolvesToTheMetadataAddressIsRefused() {
        CurlResult result = curl(httpUrl(METADATA_TRAP, "/latest/meta-data/"), PAYMENT_WORKER).run();

        assertThat(result.httpStatus()).isEqualTo(403);
        assertThat(result.bodyText()).startsWith("payments/payment-worker may reach " + METADATA_TRAP + ":"
                + harness.origin.httpPort() + " by record payments-traps, but it resolved to 169.254.169.254, a ");
        assertThat(result.header("Proxy-Status").orElseThrow()).startsWith("warden; error=destination_ip_prohibited");
    }

    @Test
    void aListedNameThatResolvesToLoopbackIsRefusedUnlessTheRecordAllowsIt() {
        CurlResult refused = curl(httpUrl(LOOPBACK_TRAP, "/?loop-trap"), PAYMENT_WORKER).run();

        assertThat(refused.httpStatus()).isEqualTo(403);
        assertThat(refused.bodyText()).contains("resolved to 127.0.0.1, a loopback address that the record does not allow");
        assertOriginNeverSaw("loop-trap");
    }

    @Test
    void ipLiteralsInEveryFormAreCheckedAsTheAddressTheyMean() {
        for (String literal : List.of("169.254.169.254", "2852039166", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376",
                "169.254.43518", "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]")) {
            CurlResult result = curl(httpUrl(literal, "/?literal"), PAYMENT_WORKER).run();

            assertThat(result.httpStatus()).as(literal).isEqualTo(403);
            assertThat(result.bodyText()).as(literal).isEqualTo("no record allows payments/payment-worker to reach "
                    + (literal.startsWith("[") ? "[::ffff:169.254.169.254]" : "169.254.169.254") + ":"
                    + harness.origin.httpPort() + "\n");
        }
    }

    @Test
    void theForwardedRequestLosesHopByHopHeadersAndGainsVia() {
        CurlResult result = curl(httpUrl(ORIGIN, "/echo-headers"), PAYMENT_WORKER)
                .header("Proxy-Connection", "keep-alive")
                .header("Connection", "keep-alive, X-Test")
                .header("X-Test", "dropped because Connection names it")
                .header("Upgrade", "h2c")
                .header("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA")
                .header("Keep-Alive", "timeout=5")
                .run();

        EchoedHeaders echoed = EchoedHeaders.parse(result.bodyText());
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(echoed.get("Via")).isEqualTo("1.1 warden");
        assertThat(echoed.get("Host")).isEqualTo(ORIGIN + ":" + harness.origin.httpPort());
        for (String hopByHop : List.of("Proxy-Connection", "Upgrade", "HTTP2-Settings", "Keep-Alive", "X-Test")) {
            assertThat(echoed.isPresent(hopByHop)).as(hopByHop).isFalse();
        }
        assertThat(result.header("Via").orElseThrow()).endsWith("1.1 warden");
    }

    @Test
    void chunkedUploadsAndExpectContinueAreForwarded() {
        byte[] body = new byte[300_000];
        Arrays.fill(body, (byte) 'x');

        CurlResult result = curl(httpUrl(ORIGIN, "/upload"), PAYMENT_WORKER).chunkedUpload(body).run();

        assertThat(result.httpStatus()).as(result.toString()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("300000");
    }

    @Test
    void aLargeResponseArrivesWhole() {
        CurlResult result = curl(httpUrl(ORIGIN, "/bytes/1m"), PAYMENT_WORKER).run();

        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.body()).isEqualTo(NginxOrigin.oneMebibyteBody());
    }

    @Test
    void keepAliveRequestsReuseOneClientConnection() {
        CurlResult result = Curl.request(httpUrl(ORIGIN, "/")).sourceAddress(PAYMENT_WORKER).proxy(harness.proxyPort())
                .arguments("--next", "--proxy", "http://127.0.0.1:" + harness.proxyPort(), "--interface", PAYMENT_WORKER,
                        httpUrl(ORIGIN, "/status/204"))
                .run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.connects()).isEqualTo(1);
    }

    @Test
    void theSniMustNameTheConnectHost() throws Exception {
        RawHttp.Exchange exchange = RawHttp.from(PAYMENT_WORKER).to("127.0.0.1", harness.proxyPort())
                .timeout(Duration.ofSeconds(5))
                .send(connectThenClientHello("evil.example"));
        JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> harness.auditLines().stream()
                .filter(audit -> "evil.example".equals(audit.path("tls.client.server_name").asText(null)))
                .findFirst().orElse(null), found -> found != null);

        assertThat(exchange.firstStatus()).isEqualTo(200);
        assertThat(exchange.peerClosed()).isTrue();
        assertThat(line.get("warden.decision").asText()).isEqualTo("deny");
        assertThat(line.get("warden.reason").asText()).isEqualTo("domain fronting refused: CONNECT " + ORIGIN + ":"
                + harness.origin.tlsPort() + " but the TLS SNI is evil.example");
        assertThat(line.get("source.nat.ip").isNull()).as("refused before any upstream connect").isTrue();
        assertThat(line.get("destination.bytes").asLong()).isZero();
    }

    /** A CONNECT request followed by a real TLS ClientHello from the JDK's TLS engine. */
    private byte[] connectThenClientHello(String serverName) throws Exception {
        javax.net.ssl.SSLEngine engine = harness.ca.clientContext().createSSLEngine(serverName, 443);
        engine.setUseClientMode(true);
        javax.net.ssl.SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(serverName)));
        engine.setSSLParameters(parameters);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(java.nio.ByteBuffer.allocate(0), out);
        out.flip();
        String connect = "CONNECT " + ORIGIN + ":" + harness.origin.tlsPort() + " HTTP/1.1\r\nHost: " + ORIGIN + ":"
                + harness.origin.tlsPort() + "\r\n\r\n";
        byte[] head = connect.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + out.remaining()];
        System.arraycopy(head, 0, all, 0, head.length);
        out.get(all, head.length, out.remaining());
        return all;
    }

    static Stream<Arguments> smugglingShapes() {
        String target = "GET http://" + ORIGIN + ":PORT/?smuggled HTTP/1.1\r\nHost: " + ORIGIN + ":PORT\r\n";
        return Stream.of(
                Arguments.of("Content-Length with Transfer-Encoding",
                        target + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("differing duplicate Content-Length",
                        target + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"),
                Arguments.of("obs-fold", target + "X-Folded: a\r\n b\r\n\r\n"),
                Arguments.of("whitespace before the request line", "\r\n\t" + target + "\r\n"),
                Arguments.of("NUL in a header value", target + "X-Nul: a\u0000b\r\n\r\n"),
                Arguments.of("a control byte in a header value", target + "X-Ctl: a\u0001b\r\n\r\n"),
                Arguments.of("bare LF line ending", target + "X-Bare: lf\n\r\n"),
                Arguments.of("a space before the colon", target + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
                Arguments.of("an unknown transfer coding", target + "Transfer-Encoding: xchunked\r\n\r\n"),
                Arguments.of("a chunk size that is not hexadecimal",
                        target + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a Content-Length that is not a number", target + "Content-Length: 0x10\r\n\r\n"),
                Arguments.of("a signed Content-Length", target + "Content-Length: +4\r\n\r\nabcd"),
                Arguments.of("chunked not last", target + "Transfer-Encoding: chunked, identity\r\n\r\n"),
                Arguments.of("an over-long request line",
                        "GET http://" + ORIGIN + ":PORT/?smuggled" + "a".repeat(9000) + " HTTP/1.1\r\nHost: " + ORIGIN
                                + ":PORT\r\n\r\n"),
                Arguments.of("over-long headers", target + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n"),
                Arguments.of("Host disagreeing with the absolute URI",
                        "GET http://" + ORIGIN + ":PORT/?smuggled HTTP/1.1\r\nHost: other.vendor.test\r\n\r\n"),
                Arguments.of("two Host headers", target + "Host: " + ORIGIN + ":PORT\r\n\r\n"),
                Arguments.of("an origin-form target", "GET /?smuggled HTTP/1.1\r\nHost: " + ORIGIN + ":PORT\r\n\r\n"),
                Arguments.of("CONNECT without a port", "CONNECT " + ORIGIN + " HTTP/1.1\r\nHost: " + ORIGIN + "\r\n\r\n"),
                Arguments.of("CONNECT with port 0", "CONNECT " + ORIGIN + ":0 HTTP/1.1\r\nHost: " + ORIGIN + "\r\n\r\n"),
                Arguments.of("CONNECT with a huge port",
                        "CONNECT " + ORIGIN + ":99999 HTTP/1.1\r\nHost: " + ORIGIN + "\r\n\r\n"),
                Arguments.of("HTTP/2 prior knowledge", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0} gets 400 and nothing is forwarded")
    @MethodSource("smugglingShapes")
    void smugglingShapesAreRefused(String shape, String request) {
        RawHttp.Exchange exchange = RawHttp.from(PAYMENT_WORKER).to("127.0.0.1", harness.proxyPort())
                .timeout(Duration.ofSeconds(5))
                .send(request.replace("PORT", String.valueOf(harness.origin.httpPort())));

        assertThat(exchange.statusCodes()).as(exchange.response()).containsExactly(400);
        assertThat(exchange.peerClosed()).isTrue();
        assertOriginNeverSaw("smuggled");
    }

    @Test
    void aRecordsConnectionLimitRefusesTheNextTunnelWith503AndRetryAfter() throws Exception {
        String connect = "CONNECT " + GatewayHarness.LIMITED + ":" + harness.origin.httpPort() + " HTTP/1.1\r\nHost: "
                + GatewayHarness.LIMITED + "\r\n\r\n";
        try (java.net.Socket held = new java.net.Socket()) {
            held.bind(new InetSocketAddress(PAYMENT_WORKER, 0));
            held.connect(new InetSocketAddress("127.0.0.1", harness.proxyPort()));
            held.getOutputStream().write(connect.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            byte[] established = new byte[39];
            assertThat(held.getInputStream().readNBytes(established, 0, established.length)).isEqualTo(39);
            assertThat(new String(established, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .isEqualTo("HTTP/1.1 200 Connection Established\r\n\r\n");

            RawHttp.Exchange second = RawHttp.from(PAYMENT_WORKER).to("127.0.0.1", harness.proxyPort())
                    .timeout(Duration.ofSeconds(5)).send(connect);

            assertThat(second.firstStatus()).isEqualTo(503);
            assertThat(second.response()).containsIgnoringCase("Retry-After: 1\r\n")
                    .contains("record payments-limited allows at most 1 open connections, and all are in use");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RawHttp.from(PAYMENT_WORKER)
                .to("127.0.0.1", harness.proxyPort()).timeout(Duration.ofSeconds(2)).send(connect).firstStatus()).isEqualTo(200));
    }

    @Test
    void aRecordsConnectionRateRefusesABurst() {
        CurlResult first = curl(httpUrl(GatewayHarness.RATED, "/"), PAYMENT_WORKER).run();
        CurlResult second = curl(httpUrl(GatewayHarness.RATED, "/"), PAYMENT_WORKER).run();

        assertThat(first.httpStatus()).isEqualTo(200);
        assertThat(second.httpStatus()).isEqualTo(503);
        assertThat(second.header("Retry-After")).contains("1");
        assertThat(harness.admin("GET", "/metrics").body())
                .contains("warden_budget_rejections_total{rule=\"payments-rated\"}");
    }

    @Test
    void adminEndpointsReportHealthReadinessAndMetrics() {
        assertThat(harness.admin("GET", "/healthz").statusCode()).isEqualTo(200);
        assertThat(harness.admin("GET", "/readyz").body()).isEqualTo("ready\n");
        curl(httpUrl(ORIGIN, "/?for-metrics"), PAYMENT_WORKER).run();

        String metrics = harness.admin("GET", "/metrics").body();

        assertThat(metrics).contains("warden_decisions_total{rule=\"payments-http\",verdict=\"allow\"}")
                .contains("warden_tunnels_active")
                .contains("warden_upstream_connect_seconds_bucket")
                .contains("warden_audit_queue_depth");
        // per record and destination tuple, what a NAT port limit applies to and capacity reads
        assertThat(metrics).containsPattern("warden_upstream_connections_opened_total\\{destination_ip=\"127\\.0\\.0\\.1\","
                        + "destination_port=\"\\d+\",rule=\"payments-http\"} [1-9]")
                .containsPattern("warden_upstream_connections_open\\{destination_ip=\"127\\.0\\.0\\.1\",");
    }
}
