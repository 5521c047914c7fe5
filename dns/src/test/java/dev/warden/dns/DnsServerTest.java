package dev.warden.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.dns.fixtures.Dig;
import dev.warden.dns.fixtures.ZoneUpstream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * warden dns end to end: the real {@code dig} as the client, from 127.0.0.2 (payments/
 * payment-worker), 127.0.0.3 (shop/cart, no records) and 127.0.0.5 (lab/trial, a report-only
 * record); a zone-file upstream on loopback that counts what it is asked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsServerTest {
    static final String PAYMENT_WORKER = "127.0.0.2";
    static final String CART = "127.0.0.3";
    static final String TRIAL = "127.0.0.5";
    static final String UNKNOWN = "127.0.0.9";

    private static final String UPSTREAM_ZONE = """
            $TTL 300
            vendor.test.        IN SOA ns.vendor.test. hostmaster.vendor.test. ( 1 3600 600 86400 60 )
            api.vendor.test.    IN A 203.0.113.10
            alias.vendor.test.  IN CNAME api.vendor.test.
            sneaky.vendor.test. IN CNAME evil.example.test.
            private.vendor.test. IN A 10.1.2.3
            mixed.vendor.test.  IN A 10.1.2.4
            mixed.vendor.test.  IN A 203.0.113.11
            a.edge.vendor.test. IN A 203.0.113.20
            known.vendor.test.  IN A 203.0.113.30
            other.vendor.test.  IN A 203.0.113.31
            evil.example.test.  IN A 198.51.100.66
            """ + IntStream.rangeClosed(1, 100).mapToObj(i -> "wide.vendor.test. IN A 198.51.100." + i + "\n")
                    .collect(Collectors.joining()) + """
            cluster.local.      IN SOA ns.cluster.local. hostmaster.cluster.local. ( 1 3600 600 86400 30 )
            kubernetes.default.svc.cluster.local. IN A 10.96.0.1
            """;

    private final ObjectMapper json = new ObjectMapper();
    private ZoneUpstream upstream;
    private StandaloneDns dns;
    private InetSocketAddress server;
    private Path log;
    private Path nftables;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        upstream = new ZoneUpstream(UPSTREAM_ZONE);
        Path zone = dir.resolve("local.zone");
        // Outside any SOA apex, so only this exact name is answered locally; 60 addresses do not
        // fit a 512-byte UDP answer.
        Files.writeString(zone, "$TTL 600\n" + IntStream.rangeClosed(1, 60)
                .mapToObj(i -> "big.vendor.test. IN A 198.51.100." + i + "\n").collect(Collectors.joining()));
        log = dir.resolve("queries.jsonl");
        nftables = dir.resolve("observed.nft");
        DnsConfig defaults = DnsConfig.defaults(new InetSocketAddress("127.0.0.1", 0));
        DnsConfig config = new DnsConfig(defaults.listen(), upstream.address(), zone, log.toString(), "dns-test",
                defaults.denied(), defaults.anyQueries(), Duration.ofSeconds(30), defaults.ttlCeiling(),
                defaults.negativeTtlCeiling(), Duration.ofSeconds(2), 1000, 1000, 1024 * 1024, 2, nftables);
        dns = StandaloneDns.start(List.of(registry()), null, config, new InetSocketAddress("127.0.0.1", 0),
                Clock.systemUTC());
        server = dns.address();
    }

    static Path registry() throws URISyntaxException {
        return Paths.get(DnsServerTest.class.getResource("registry").toURI());
    }

    @AfterAll
    void stop() {
        dns.close();
        upstream.close();
    }

    @Test
    void a_name_the_workload_may_reach_is_answered_with_its_address() {
        Dig.Answer answer = Dig.query(PAYMENT_WORKER, server, "api.vendor.test", "A");

        assertThat(answer.status()).isEqualTo("NOERROR");
        assertThat(answer.rdata()).containsExactly("203.0.113.10");
        assertThat(queryLine("api.vendor.test", PAYMENT_WORKER).get("warden.rule").asText()).isEqualTo("payment-vendor");
    }

    @Test
    void the_same_name_is_refused_to_a_workload_without_a_record_and_never_forwarded_for_it() {
        long before = upstream.count("known.vendor.test");
        Dig.Answer answer = Dig.query(CART, server, "known.vendor.test", "A");

        assertThat(answer.status()).isEqualTo("REFUSED");
        assertThat(answer.answers()).isEmpty();
        assertThat(upstream.count("known.vendor.test")).isEqualTo(before);
        JsonNode line = queryLine("known.vendor.test", CART);
        assertThat(line.get("warden.decision").asText()).isEqualTo("deny");
        assertThat(line.get("warden.reason").asText())
                .isEqualTo("no record allows shop/cart to reach known.vendor.test (the namespace has no egress records)");
        assertThat(line.get("kubernetes.namespace").asText()).isEqualTo("shop");
        assertThat(line.get("kubernetes.pod.name").asText()).isEqualTo("cart-0");
        assertThat(line.get("dns.response_code").asText()).isEqualTo("REFUSED");
        assertThat(line.get("network.transport").asText()).isEqualTo("udp");
    }

    @Test
    void a_name_no_record_lists_is_refused_without_asking_the_upstream() {
        Dig.Answer answer = Dig.query(PAYMENT_WORKER, server, "other.vendor.test", "A");

        assertThat(answer.status()).isEqualTo("REFUSED");
        assertThat(upstream.count("other.vendor.test")).isZero();
    }

    @Test
    void a_reviewed_wildcard_answers_one_label_below_it_and_not_the_parent() {
        assertThat(Dig.query(PAYMENT_WORKER, server, "a.edge.vendor.test").rdata()).containsExactly("203.0.113.20");
        assertThat(Dig.query(PAYMENT_WORKER, server, "edge.vendor.test").status()).isEqualTo("REFUSED");
        assertThat(Dig.query(PAYMENT_WORKER, server, "x.a.edge.vendor.test").status()).isEqualTo("REFUSED");
    }

    @Test
    void an_alias_to_an_allowed_name_is_answered_with_the_whole_chain() {
        Dig.Answer answer = Dig.query(PAYMENT_WORKER, server, "alias.vendor.test");

        assertThat(answer.status()).isEqualTo("NOERROR");
        assertThat(answer.rdata()).containsExactly("api.vendor.test.", "203.0.113.10");
    }

    @Test
    void an_alias_to_a_name_the_workload_may_not_reach_is_refused() {
        Dig.Answer answer = Dig.query(PAYMENT_WORKER, server, "sneaky.vendor.test");

        assertThat(answer.status()).isEqualTo("REFUSED");
        assertThat(answer.output()).doesNotContain("198.51.100.66");
        assertThat(queryLine("sneaky.vendor.test", PAYMENT_WORKER).get("warden.reason").asText())
                .isEqualTo("sneaky.vendor.test is an alias (CNAME) of evil.example.test, and no record allows"
                        + " payments/payment-worker to reach evil.example.test");
    }

    @Test
    void private_addresses_the_record_does_not_allow_are_withheld() {
        assertThat(Dig.query(PAYMENT_WORKER, server, "private.vendor.test").status()).isEqualTo("REFUSED");
        assertThat(queryLine("private.vendor.test", PAYMENT_WORKER).get("warden.reason").asText())
                .contains("resolved to 10.1.2.3, a private (RFC 1918) address that the record does not allow (allowPrivate)");

        Dig.Answer mixed = Dig.query(PAYMENT_WORKER, server, "mixed.vendor.test");
        assertThat(mixed.status()).isEqualTo("NOERROR");
        assertThat(mixed.rdata()).containsExactly("203.0.113.11");
    }

    @Test
    void a_report_only_record_answers_what_it_would_deny_and_says_so() {
        Dig.Answer answer = Dig.query(TRIAL, server, "other.vendor.test");

        assertThat(answer.status()).isEqualTo("NOERROR");
        assertThat(answer.rdata()).containsExactly("203.0.113.31");
        JsonNode line = queryLine("other.vendor.test", TRIAL);
        assertThat(line.get("warden.decision").asText()).isEqualTo("would-deny");
        assertThat(line.get("warden.reason").asText()).startsWith("would deny: no record allows lab/trial to reach");
    }

    @Test
    void cluster_domain_names_are_answered_for_every_caller_even_unknown_ones() {
        Dig.Answer answer = Dig.query(UNKNOWN, server, "kubernetes.default.svc.cluster.local");

        assertThat(answer.status()).isEqualTo("NOERROR");
        assertThat(answer.rdata()).containsExactly("10.96.0.1");
        assertThat(queryLine("kubernetes.default.svc.cluster.local", UNKNOWN).get("warden.reason").asText())
                .contains("under the cluster domain cluster.local");
    }

    @Test
    void an_unknown_caller_gets_nothing_outside_the_cluster_domain() {
        assertThat(Dig.query(UNKNOWN, server, "api.vendor.test").status()).isEqualTo("REFUSED");
    }

    @Test
    void answers_are_cached_with_the_ttl_floor_and_counted_down() throws Exception {
        Dig.Answer first = Dig.query(PAYMENT_WORKER, server, "known.vendor.test", "+norecurse");
        // payment-worker may not; the trial record admits it only for lab/trial
        assertThat(first.status()).isEqualTo("REFUSED");
        Dig.Answer fresh = Dig.query(TRIAL, server, "known.vendor.test");
        long asked = upstream.count("known.vendor.test");
        Thread.sleep(1100);
        Dig.Answer cached = Dig.query(TRIAL, server, "known.vendor.test");

        assertThat(upstream.count("known.vendor.test")).isEqualTo(asked);
        assertThat(ttl(fresh)).isEqualTo(300);
        assertThat(ttl(cached)).isLessThan(300).isGreaterThan(290);
    }

    @Test
    void a_name_that_does_not_exist_is_cached_negatively_for_the_soa_minimum() {
        Dig.Answer first = Dig.query(PAYMENT_WORKER, server, "nothing.vendor.test");
        long asked = upstream.count("nothing.vendor.test");
        Dig.Answer second = Dig.query(PAYMENT_WORKER, server, "nothing.vendor.test");

        assertThat(first.status()).isEqualTo("NXDOMAIN");
        assertThat(second.status()).isEqualTo("NXDOMAIN");
        assertThat(upstream.count("nothing.vendor.test")).isEqualTo(asked).isEqualTo(1);
        // RFC 2308: the SOA in the authority section carries the negative TTL, min(300, 60)
        assertThat(second.output()).containsPattern("vendor\\.test\\.\\s+(60|59)\\s+IN\\s+SOA");
    }

    @Test
    void a_large_answer_is_truncated_over_udp_and_fetched_whole_over_tcp() {
        Dig.Answer udpOnly = Dig.query(PAYMENT_WORKER, server, "big.vendor.test", "+ignore", "+noedns");
        assertThat(udpOnly.flags()).contains("tc");
        assertThat(udpOnly.answers()).isEmpty();

        Dig.Answer retried = Dig.query(PAYMENT_WORKER, server, "big.vendor.test", "+noedns");
        assertThat(retried.output()).contains("Truncated, retrying in TCP mode");
        assertThat(retried.rdata()).hasSize(60);
        assertThat(retried.status()).isEqualTo("NOERROR");
    }

    @Test
    void an_upstream_answer_too_large_for_udp_is_fetched_over_tcp_and_passed_on_whole() {
        Dig.Answer answer = Dig.query(PAYMENT_WORKER, server, "wide.vendor.test");

        assertThat(answer.status()).isEqualTo("NOERROR");
        assertThat(answer.rdata()).hasSize(100);
        assertThat(upstream.received()).filteredOn(query -> query.name().equals("wide.vendor.test"))
                .extracting(ZoneUpstream.Received::transport).containsExactly("udp", "tcp");
    }

    @Test
    void tcp_queries_are_answered_and_logged_as_tcp() throws IOException {
        Dig.Answer answer = Dig.query(PAYMENT_WORKER, server, "a.edge.vendor.test", "+tcp");

        assertThat(answer.rdata()).containsExactly("203.0.113.20");
        assertThat(lines().stream().anyMatch(line -> line.get("dns.question.name").asText().equals("a.edge.vendor.test")
                && line.get("network.transport").asText().equals("tcp"))).isTrue();
    }

    @Test
    void forwarded_queries_leave_from_varying_source_ports_with_varying_ids() {
        for (String name : List.of("api.vendor.test", "alias.vendor.test", "mixed.vendor.test", "a.edge.vendor.test")) {
            Dig.query(PAYMENT_WORKER, server, name, "AAAA");
        }
        List<ZoneUpstream.Received> aaaa = upstream.received().stream().filter(query -> query.type().equals("AAAA")).toList();
        assertThat(aaaa).hasSizeGreaterThanOrEqualTo(4);
        assertThat(aaaa.stream().map(ZoneUpstream.Received::sourcePort).distinct().count()).isGreaterThanOrEqualTo(3);
        assertThat(aaaa.stream().map(ZoneUpstream.Received::id).distinct().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void any_zone_transfer_and_chaos_queries_are_refused_without_an_upstream_query() {
        int before = upstream.received().size();

        assertThat(Dig.query(PAYMENT_WORKER, server, "api.vendor.test", "ANY").status()).isEqualTo("REFUSED");
        assertThat(Dig.query(PAYMENT_WORKER, server, "vendor.test", "AXFR").output()).contains("Transfer failed");
        assertThat(Dig.query(PAYMENT_WORKER, server, "version.bind", "TXT", "-c", "CH").status()).isEqualTo("REFUSED");
        assertThat(upstream.received()).hasSize(before);
    }

    @Test
    void hostile_messages_get_formerr_or_notimp_and_never_reach_the_upstream() throws Exception {
        int before = upstream.received().size();
        byte[] twoQuestions = message(0x1111, 0x0100, 2, name("api.vendor.test"), name("api.vendor.test"));
        byte[] notify = message(0x2222, 0x2000 | 0x0100, 1, name("api.vendor.test"));
        byte[] longLabel = message(0x3333, 0x0100, 1, rawName(64));
        byte[] pointer = message(0x4444, 0x0100, 1, new byte[] {(byte) 0xC0, 0x0C, 0, 1, 0, 1});
        byte[] oversized = message(0x5555, 0x0100, 1, name("api.vendor.test"), new byte[600]);
        byte[] optQuestion = message(0x7777, 0x0100, 1, question("api.vendor.test", 41));

        assertThat(rcodeOf(send(twoQuestions), 0x1111)).isEqualTo(1);
        assertThat(rcodeOf(send(notify), 0x2222)).isEqualTo(4);
        assertThat(rcodeOf(send(longLabel), 0x3333)).isEqualTo(1);
        assertThat(rcodeOf(send(pointer), 0x4444)).isEqualTo(1);
        assertThat(rcodeOf(send(oversized), 0x5555)).isEqualTo(1);
        assertThat(rcodeOf(send(optQuestion), 0x7777)).isEqualTo(1);
        assertThat(send(new byte[] {1, 2, 3})).as("too short to answer").isNull();
        assertThat(send(message(0x6666, 0x8000, 1, name("api.vendor.test")))).as("a response").isNull();
        assertThat(upstream.received()).hasSize(before);
        assertThat(queryLineWhere(line -> line.get("warden.reason").asText().equals(
                "2 questions in one query; exactly one is allowed"))).isNotNull();
    }

    @Test
    void observations_are_kept_per_workload_and_written_for_nftables() throws Exception {
        Dig.query(PAYMENT_WORKER, server, "api.vendor.test");

        assertThat(dns.server().observations().nameFor(null, dev.warden.model.net.IpAddress.parse(CART),
                dev.warden.model.net.IpAddress.parse("203.0.113.10"))).isNull();
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + dns.adminAddress().getPort() + "/observations")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(json.readTree(page).findValuesAsText("address")).contains("203.0.113.10");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(nftables).exists());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.readString(nftables))
                .contains("add element inet warden fqdn4_payment_vendor {").contains("203.0.113.10 timeout "));
    }

    @Test
    void metrics_count_queries_by_decision_and_response_code() throws Exception {
        Dig.query(CART, server, "api.vendor.test");
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + dns.adminAddress().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

        assertThat(metrics).containsPattern("warden_dns_queries_total\\{decision=\"deny\",rcode=\"REFUSED\"\\} [1-9]");
        assertThat(metrics).contains("warden_dns_upstream_seconds_bucket").contains("warden_dns_cache_hit_ratio");
    }

    private long ttl(Dig.Answer answer) {
        return Long.parseLong(answer.answers().getFirst().split("\\s+")[1]);
    }

    private JsonNode queryLine(String name, String source) {
        return queryLineWhere(line -> line.get("dns.question.name").asText().equals(name)
                && line.get("source.ip").asText().equals(source));
    }

    private JsonNode queryLineWhere(java.util.function.Predicate<JsonNode> matches) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            found.clear();
            lines().stream().filter(matches).forEach(found::add);
            return !found.isEmpty();
        });
        return found.getLast();
    }

    private List<JsonNode> lines() throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            parsed.add(json.readTree(line));
        }
        return parsed;
    }

    /** Sends {@code message} from the payment worker's address; the response, or null after a second. */
    private byte[] send(byte[] message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(PAYMENT_WORKER, 0))) {
            socket.setSoTimeout(1000);
            socket.send(new DatagramPacket(message, message.length, server));
            byte[] buffer = new byte[4096];
            DatagramPacket received = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(received);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return java.util.Arrays.copyOf(buffer, received.getLength());
        }
    }

    private static int rcodeOf(byte[] response, int id) {
        assertThat(response).as("a response").isNotNull();
        ByteBuffer header = ByteBuffer.wrap(response);
        assertThat(header.getShort(0) & 0xFFFF).isEqualTo(id);
        assertThat(header.getShort(2) & 0x8000).as("QR").isNotZero();
        return header.getShort(2) & 0xF;
    }

    private static byte[] message(int id, int flags, int questions, byte[]... sections) {
        int length = 12 + java.util.Arrays.stream(sections).mapToInt(section -> section.length).sum();
        ByteBuffer out = ByteBuffer.allocate(length);
        out.putShort((short) id).putShort((short) flags).putShort((short) questions).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0);
        for (byte[] section : sections) {
            out.put(section);
        }
        return out.array();
    }

    /** A question for {@code name}, type A, class IN. */
    private static byte[] name(String name) {
        return question(name, 1);
    }

    private static byte[] question(String name, int type) {
        byte[] wire = WireNames.encode(name);
        return ByteBuffer.allocate(wire.length + 4).put(wire).putShort((short) type).putShort((short) 1).array();
    }

    /** A question whose one label claims {@code length} octets (over 63 uses the reserved label types). */
    private static byte[] rawName(int length) {
        byte[] label = "a".repeat(length).getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(label.length + 6).put((byte) length).put(label).put((byte) 0).putShort((short) 1)
                .putShort((short) 1).array();
    }
}
