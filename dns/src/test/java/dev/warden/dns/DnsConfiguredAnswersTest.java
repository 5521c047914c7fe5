package dev.warden.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.dns.fixtures.Dig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The answers an operator may choose: NXDOMAIN for refused names, NOTIMP for ANY, a TTL ceiling. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsConfiguredAnswersTest {
    private StandaloneDns dns;
    private Path zone;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        zone = dir.resolve("local.zone");
        Files.writeString(zone, "api.vendor.test. 86400 IN A 203.0.113.10\n");
        DnsConfig defaults = DnsConfig.defaults(new InetSocketAddress("127.0.0.1", 0));
        DnsConfig config = new DnsConfig(defaults.listen(), null, zone, dir.resolve("q.jsonl").toString(), "dns-test",
                DnsConfig.DeniedAnswer.NXDOMAIN, DnsConfig.AnyQueries.NOTIMP, Duration.ZERO, Duration.ofMinutes(5),
                defaults.negativeTtlCeiling(), Duration.ofSeconds(2), 100, 100, 1024 * 1024, 2, null);
        dns = StandaloneDns.start(List.of(DnsServerTest.registry()), null, config, new InetSocketAddress("127.0.0.1", 0),
                Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        dns.close();
    }

    @Test
    void a_refused_name_can_be_answered_nxdomain_instead() {
        assertThat(Dig.query(DnsServerTest.CART, dns.address(), "api.vendor.test").status()).isEqualTo("NXDOMAIN");
    }

    @Test
    void any_queries_can_be_answered_notimp_instead() {
        assertThat(Dig.query(DnsServerTest.PAYMENT_WORKER, dns.address(), "api.vendor.test", "ANY").status())
                .isEqualTo("NOTIMP");
    }

    @Test
    void an_edited_zone_file_is_reloaded_and_a_broken_one_is_refused() throws Exception {
        Files.writeString(zone, "api.vendor.test. 86400 IN A 203.0.113.10\na.edge.vendor.test. 60 IN A 203.0.113.20\n");
        dns.server().reloadZoneIfChanged();
        Dig.Answer added = Dig.query(DnsServerTest.PAYMENT_WORKER, dns.address(), "a.edge.vendor.test");

        Files.writeString(zone, "api.vendor.test. 86400 IN A 300.0.113.10\n");
        dns.server().reloadZoneIfChanged();
        Dig.Answer kept = Dig.query(DnsServerTest.PAYMENT_WORKER, dns.address(), "api.vendor.test");

        assertThat(added.rdata()).containsExactly("203.0.113.20");
        assertThat(kept.rdata()).containsExactly("203.0.113.10");
    }

    @Test
    void zone_answers_are_given_as_written() {
        Dig.Answer answer = Dig.query(DnsServerTest.PAYMENT_WORKER, dns.address(), "api.vendor.test");

        assertThat(answer.rdata()).containsExactly("203.0.113.10");
        assertThat(answer.answers().getFirst().split("\\s+")[1]).isEqualTo("86400");
    }
}
