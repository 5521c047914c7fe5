package dev.warden.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.dns.Observations.Observation;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservationsTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    private static final WorkloadIdentity PAYMENTS = new WorkloadIdentity("payments", "payment-worker-7d9f", "payment-worker",
            "payment-worker", "node-1", Map.of("app", "payment-worker"));
    private static final WorkloadIdentity BILLING = new WorkloadIdentity("billing", "invoicer-1", "invoicer", "invoicer",
            "node-2", Map.of());
    private static final IpAddress SOURCE = ip("10.1.2.3");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final Observations observations = new Observations(now::get);

    private void advance(Duration duration) {
        now.set(now.get().plus(duration));
    }

    // --- record and nameFor ---

    @Test
    void an_address_a_workload_resolved_maps_back_to_the_name_it_asked_for() {
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 60);

        assertThat(observations.nameFor(PAYMENTS, SOURCE, ip("192.0.2.1"))).isEqualTo(host("api.vendor.example"));
        assertThat(observations.nameFor(PAYMENTS, ip("10.9.9.9"), ip("192.0.2.1")))
                .as("an identified caller is found by workload, not by source address")
                .isEqualTo(host("api.vendor.example"));
    }

    @Test
    void an_address_another_workload_resolved_maps_to_nothing() {
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 60);

        assertThat(observations.nameFor(BILLING, SOURCE, ip("192.0.2.1"))).isNull();
        assertThat(observations.nameFor(null, SOURCE, ip("192.0.2.1"))).isNull();
    }

    @Test
    void an_address_never_resolved_maps_to_nothing() {
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 60);

        assertThat(observations.nameFor(PAYMENTS, SOURCE, ip("192.0.2.2"))).isNull();
    }

    @Test
    void an_observation_expires_with_its_ttl() {
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 60);

        advance(Duration.ofSeconds(59));
        assertThat(observations.nameFor(PAYMENTS, SOURCE, ip("192.0.2.1"))).isEqualTo(host("api.vendor.example"));
        advance(Duration.ofSeconds(1));
        assertThat(observations.nameFor(PAYMENTS, SOURCE, ip("192.0.2.1"))).isNull();
    }

    @Test
    void record_answer_files_an_identified_caller_under_its_workload() {
        observations.recordAnswer(PAYMENTS, SOURCE, host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 60);

        assertThat(observations.current()).containsExactly(new Observation("payments/payment-worker",
                host("api.vendor.example"), ip("192.0.2.1"), "vendor-api", START.plusSeconds(60)));
        assertThat(observations.nameFor(PAYMENTS, ip("10.200.0.1"), ip("192.0.2.1")))
                .isEqualTo(host("api.vendor.example"));
    }

    @Test
    void record_answer_files_an_unidentified_caller_under_its_source_address() {
        observations.recordAnswer(null, SOURCE, host("api.vendor.example"), List.of(ip("192.0.2.1")), "vendor-api",
                60);

        assertThat(observations.current()).extracting(Observation::workload).containsExactly("unidentified/10.1.2.3");
        assertThat(observations.nameFor(null, SOURCE, ip("192.0.2.1"))).isEqualTo(host("api.vendor.example"));
        assertThat(observations.nameFor(null, ip("10.1.2.4"), ip("192.0.2.1"))).isNull();
        assertThat(observations.nameFor(PAYMENTS, SOURCE, ip("192.0.2.1"))).isNull();
    }

    @Test
    void an_unidentified_caller_is_filed_under_its_source_address() {
        assertThat(Observations.workloadKey(null, SOURCE)).isEqualTo("unidentified/10.1.2.3");
        assertThat(Observations.workloadKey(PAYMENTS, SOURCE)).isEqualTo("payments/payment-worker");
        observations.record("unidentified/10.1.2.3", host("api.vendor.example"), List.of(ip("2001:db8::1")),
                "vendor-api", 60);

        assertThat(observations.nameFor(null, SOURCE, ip("2001:db8::1"))).isEqualTo(host("api.vendor.example"));
        assertThat(observations.nameFor(null, ip("10.1.2.4"), ip("2001:db8::1"))).isNull();
    }

    @Test
    void a_shorter_ttl_for_the_same_name_does_not_shorten_an_observation() {
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 300);
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 10);

        advance(Duration.ofSeconds(100));

        assertThat(observations.nameFor(PAYMENTS, SOURCE, ip("192.0.2.1"))).isEqualTo(host("api.vendor.example"));
        assertThat(observations.current()).singleElement()
                .extracting(Observation::expires).isEqualTo(START.plusSeconds(300));
    }

    @Test
    void the_latest_name_for_an_address_wins_even_with_a_shorter_ttl() {
        observations.record("payments/payment-worker", host("old.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 300);
        observations.record("payments/payment-worker", host("new.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-new", 10);

        assertThat(observations.nameFor(PAYMENTS, SOURCE, ip("192.0.2.1"))).isEqualTo(host("new.vendor.example"));
        assertThat(observations.current()).singleElement().isEqualTo(new Observation("payments/payment-worker",
                host("new.vendor.example"), ip("192.0.2.1"), "vendor-new", START.plusSeconds(10)));
    }

    @Test
    void recording_no_addresses_changes_nothing() {
        long before = observations.version();

        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(), "vendor-api", 60);

        assertThat(observations.version()).isEqualTo(before);
        assertThat(observations.current()).isEmpty();
    }

    @Test
    void news_changes_the_version_and_a_repeated_answer_does_not() {
        long before = observations.version();

        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 60);
        long afterOne = observations.version();
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 60);
        long afterRepeat = observations.version();
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 600);
        long afterLonger = observations.version();
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.2")),
                "vendor-api", 60);

        assertThat(afterOne).isNotEqualTo(before);
        assertThat(afterRepeat).as("the same answer again").isEqualTo(afterOne);
        assertThat(afterLonger).as("an expiry 540 s later").isNotEqualTo(afterRepeat);
        assertThat(observations.version()).as("a new address").isNotEqualTo(afterLonger);
    }

    // --- current ---

    @Test
    void current_lists_observations_by_workload_then_name_then_address() {
        observations.record("payments/payment-worker", host("b.vendor.example"), List.of(ip("192.0.2.9")), "b", 60);
        observations.record("payments/payment-worker", host("a.vendor.example"),
                List.of(ip("198.51.100.1"), ip("192.0.2.5")), "a", 60);
        observations.record("billing/invoicer", host("z.vendor.example"), List.of(ip("203.0.113.1")), "z", 120);

        List<Observation> current = observations.current();

        assertThat(current).containsExactly(
                new Observation("billing/invoicer", host("z.vendor.example"), ip("203.0.113.1"), "z",
                        START.plusSeconds(120)),
                new Observation("payments/payment-worker", host("a.vendor.example"), ip("192.0.2.5"), "a",
                        START.plusSeconds(60)),
                new Observation("payments/payment-worker", host("a.vendor.example"), ip("198.51.100.1"), "a",
                        START.plusSeconds(60)),
                new Observation("payments/payment-worker", host("b.vendor.example"), ip("192.0.2.9"), "b",
                        START.plusSeconds(60)));
    }

    @Test
    void current_leaves_out_and_prunes_expired_observations() {
        observations.record("payments/payment-worker", host("short.vendor.example"), List.of(ip("192.0.2.1")), "s",
                30);
        observations.record("payments/payment-worker", host("long.vendor.example"), List.of(ip("192.0.2.2")), "l",
                90);
        advance(Duration.ofSeconds(30));

        assertThat(observations.current()).extracting(Observation::address).containsExactly(ip("192.0.2.2"));
        advance(Duration.ofSeconds(60));
        assertThat(observations.current()).isEmpty();
    }

    // --- json ---

    @Test
    void json_lists_each_current_observation_with_its_fields() throws Exception {
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("2001:db8::1")),
                "vendor-api", 60);
        observations.record("kube-system/coredns", host("kubernetes.default.svc.cluster.local"),
                List.of(ip("10.96.0.1")), null, 5);

        String json = observations.json();

        assertThat(json).endsWith("\n");
        JsonNode array = new ObjectMapper().readTree(json);
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        JsonNode cluster = array.get(0);
        assertThat(cluster.get("workload").asText()).isEqualTo("kube-system/coredns");
        assertThat(cluster.get("name").asText()).isEqualTo("kubernetes.default.svc.cluster.local");
        assertThat(cluster.get("address").asText()).isEqualTo("10.96.0.1");
        assertThat(cluster.get("rule").isNull()).isTrue();
        assertThat(cluster.get("expires").asText()).isEqualTo("2025-03-01T12:00:05Z");
        JsonNode vendor = array.get(1);
        assertThat(vendor.get("workload").asText()).isEqualTo("payments/payment-worker");
        assertThat(vendor.get("name").asText()).isEqualTo("api.vendor.example");
        assertThat(vendor.get("address").asText()).isEqualTo("2001:db8::1");
        assertThat(vendor.get("rule").asText()).isEqualTo("vendor-api");
        assertThat(vendor.get("expires").asText()).isEqualTo("2025-03-01T12:01:00Z");
        assertThat(vendor.size()).isEqualTo(5);
    }

    @Test
    void json_of_nothing_is_an_empty_array() throws Exception {
        assertThat(new ObjectMapper().readTree(observations.json()).isEmpty()).isTrue();
        assertThat(new ObjectMapper().readTree(observations.json()).isArray()).isTrue();
    }

    // --- nftables ---

    @Test
    void set_names_replace_hyphens_and_carry_the_family() {
        assertThat(Observations.setName("vendor-api", true)).isEqualTo("fqdn4_vendor_api");
        assertThat(Observations.setName("vendor-api", false)).isEqualTo("fqdn6_vendor_api");
    }

    @Test
    void nftables_writes_one_timeout_set_per_rule_and_family_with_the_longest_ttl_per_address() {
        recordSmallCase();

        assertThat(observations.nftables()).isEqualTo("""
                # written by warden dns: addresses workloads resolved from names their records allow
                table inet warden {
                    set fqdn4_mail_relay { type ipv4_addr; flags timeout; }
                    set fqdn4_vendor_api { type ipv4_addr; flags timeout; }
                    set fqdn6_vendor_api { type ipv6_addr; flags timeout; }
                }
                flush set inet warden fqdn4_mail_relay
                add element inet warden fqdn4_mail_relay { 198.51.100.25 timeout 30s }
                flush set inet warden fqdn4_vendor_api
                add element inet warden fqdn4_vendor_api { 192.0.2.1 timeout 300s, 192.0.2.2 timeout 60s }
                flush set inet warden fqdn6_vendor_api
                add element inet warden fqdn6_vendor_api { 2001:db8::1 timeout 60s }
                """);
    }

    @Test
    void nftables_timeouts_count_down_and_never_drop_below_one_second() {
        now.set(START.plusMillis(700));
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 60);
        advance(Duration.ofSeconds(20));
        assertThat(observations.nftables()).endsWith(
                "add element inet warden fqdn4_vendor_api { 192.0.2.1 timeout 40s }\n");
        advance(Duration.ofMillis(39_500)); // 12:01:00.200, half a second before it expires

        assertThat(observations.nftables()).endsWith(
                "add element inet warden fqdn4_vendor_api { 192.0.2.1 timeout 1s }\n");
    }

    @Test
    void nftables_with_nothing_observed_declares_the_table_only() {
        assertThat(observations.nftables()).isEqualTo("""
                # written by warden dns: addresses workloads resolved from names their records allow
                table inet warden {
                }
                """);
    }

    @Test
    void the_nftables_script_passes_nft_check(@TempDir Path dir) throws Exception {
        recordSmallCase();

        assertPassesNftCheck(dir, observations.nftables());
    }

    @Test
    void the_empty_nftables_script_passes_nft_check(@TempDir Path dir) throws Exception {
        assertPassesNftCheck(dir, observations.nftables());
    }

    @Test
    void a_script_with_many_rules_and_addresses_passes_nft_check(@TempDir Path dir) throws Exception {
        for (int rule = 0; rule < 5; rule++) {
            for (int i = 1; i <= 40; i++) {
                observations.record("ns" + rule + "/app", host("h" + i + ".r" + rule + ".example"),
                        List.of(ip("198.51." + rule + "." + i), ip("2001:db8:" + rule + "::" + Integer.toHexString(i))),
                        "rule-" + rule + ".vendor", 30 + i);
            }
        }
        observations.record("ns0/app", host("ttl-day.example"), List.of(ip("203.0.113.1")), "rule-0.vendor", 86_400);

        String script = observations.nftables();

        assertThat(script).contains("set fqdn4_rule_0.vendor { type ipv4_addr; flags timeout; }",
                "203.0.113.1 timeout 86400s");
        assertPassesNftCheck(dir, script);
    }

    @Test
    void an_rfc_2181_maximum_ttl_still_gives_a_script_nft_accepts(@TempDir Path dir) throws Exception {
        // ZoneFile accepts TTLs up to 2^31 - 1 and zone answers are not held under the cache ceiling.
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                "vendor-api", 60);
        observations.record("payments/payment-worker", host("static.vendor.example"), List.of(ip("192.0.2.2")),
                "vendor-static", 0x7FFF_FFFFL);

        assertPassesNftCheck(dir, observations.nftables());
    }

    @Test
    void the_longest_record_name_still_gives_a_set_name_nft_accepts(@TempDir Path dir) throws Exception {
        // A record's name is a Kubernetes object name: up to 253 characters.
        String longest = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        assertThat(longest).hasSize(253);
        observations.record("payments/payment-worker", host("api.vendor.example"), List.of(ip("192.0.2.1")),
                longest, 60);

        assertPassesNftCheck(dir, observations.nftables());
    }

    // --- helpers ---

    /** Two workloads, two rules, both families, one address seen twice, one cluster name without a rule. */
    private void recordSmallCase() {
        observations.record("payments/payment-worker", host("api.vendor.example"),
                List.of(ip("192.0.2.2"), ip("192.0.2.1"), ip("2001:db8::1")), "vendor-api", 60);
        observations.record("billing/invoicer", host("api.vendor.example"), List.of(ip("192.0.2.1")), "vendor-api",
                300);
        observations.record("billing/invoicer", host("smtp.relay.example"), List.of(ip("198.51.100.25")),
                "mail-relay", 30);
        observations.record("billing/invoicer", host("kubernetes.default.svc.cluster.local"),
                List.of(ip("10.96.0.1")), null, 30);
    }

    private static void assertPassesNftCheck(Path dir, String script) throws Exception {
        String nft = onPath("nft");
        Assumptions.assumeTrue(nft != null, "nft is not on PATH");
        Path file = dir.resolve("warden.nft");
        Files.writeString(file, script, StandardCharsets.UTF_8);

        Process process = new ProcessBuilder(nft, "-c", "-f", file.toString()).redirectErrorStream(true).start();
        boolean finished = process.waitFor(30, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(finished).as("nft -c finished").isTrue();
        assertThat(process.exitValue()).as("nft -c -f says: %s\nfor:\n%s", output, script).isZero();
        assertThat(output).isEmpty();
    }

    private static String onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String directory : path.split(File.pathSeparator)) {
            File candidate = new File(directory, command);
            if (candidate.isFile() && candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    private static Hostname host(String name) {
        return Hostname.parse(name);
    }

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }
}
