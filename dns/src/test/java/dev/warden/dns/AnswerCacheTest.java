package dev.warden.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.dns.Resolution.Source;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {

    private static final long SECOND = 1_000_000_000L;

    /** A clock that starts somewhere arbitrary (nanoTime may be negative) and moves only when told. */
    private final AtomicLong nanos = new AtomicLong(-5_000 * SECOND);

    private AnswerCache cache(long floor, long ceiling, long negativeCeiling, int capacity) {
        return new AnswerCache(Duration.ofSeconds(floor), Duration.ofSeconds(ceiling),
                Duration.ofSeconds(negativeCeiling), capacity, nanos::get);
    }

    private AnswerCache cache() {
        return cache(5, 3600, 300, 1000);
    }

    private void advance(double seconds) {
        nanos.addAndGet((long) (seconds * SECOND));
    }

    // --- positive answers ---

    @Test
    void a_positive_answer_lives_for_its_smallest_ttl_and_is_answered_with_it() {
        AnswerCache cache = cache();
        Resolution upstream = positive(a("api.example.", 120, 1), a("api.example.", 60, 2));

        Resolution answered = cache.put("api.example", DnsRecordType.A, upstream);

        assertThat(answered.answers()).containsExactly(a("api.example.", 60, 1), a("api.example.", 60, 2));
        assertThat(answered.rcode()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(answered.source()).isEqualTo(Source.UPSTREAM);
        Resolution cached = cache.get("api.example", DnsRecordType.A);
        assertThat(cached.answers()).containsExactly(a("api.example.", 60, 1), a("api.example.", 60, 2));
        assertThat(cached.source()).isEqualTo(Source.CACHE);
        assertThat(cached.rcode()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(cached.soa()).isNull();
        assertThat(cached.authoritative()).isFalse();
    }

    @Test
    void a_ttl_below_the_floor_is_raised_to_it() {
        AnswerCache cache = cache();

        Resolution answered = cache.put("fast.example", DnsRecordType.A, positive(a("fast.example.", 1, 1)));

        assertThat(answered.answers()).containsExactly(a("fast.example.", 5, 1));
        advance(4.5);
        assertThat(cache.get("fast.example", DnsRecordType.A)).isNotNull();
        advance(0.5);
        assertThat(cache.get("fast.example", DnsRecordType.A)).isNull();
    }

    @Test
    void a_ttl_above_the_ceiling_is_lowered_to_it() {
        AnswerCache cache = cache();

        Resolution answered = cache.put("slow.example", DnsRecordType.A, positive(a("slow.example.", 86_400, 1)));

        assertThat(answered.answers()).containsExactly(a("slow.example.", 3600, 1));
        advance(3599);
        assertThat(cache.get("slow.example", DnsRecordType.A).answers()).containsExactly(a("slow.example.", 1, 1));
        advance(1);
        assertThat(cache.get("slow.example", DnsRecordType.A)).isNull();
    }

    @Test
    void ttls_count_down_while_an_answer_is_cached() {
        AnswerCache cache = cache();
        cache.put("api.example", DnsRecordType.A, positive(a("api.example.", 60, 1)));

        advance(25);
        assertThat(cache.get("api.example", DnsRecordType.A).answers()).containsExactly(a("api.example.", 35, 1));
        advance(0.9);
        assertThat(cache.get("api.example", DnsRecordType.A).answers()).containsExactly(a("api.example.", 34, 1));
        advance(34);
        assertThat(cache.get("api.example", DnsRecordType.A).answers())
                .as("less than a second left is answered as one second, never zero")
                .containsExactly(a("api.example.", 1, 1));
    }

    @Test
    void an_expired_answer_vanishes_from_the_cache() {
        AnswerCache cache = cache();
        cache.put("api.example", DnsRecordType.A, positive(a("api.example.", 60, 1)));
        assertThat(cache.size()).isEqualTo(1);

        advance(60);

        assertThat(cache.get("api.example", DnsRecordType.A)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void answers_are_kept_apart_by_name_and_type() {
        AnswerCache cache = cache();
        cache.put("api.example", DnsRecordType.A, positive(a("api.example.", 60, 1)));

        assertThat(cache.get("api.example", DnsRecordType.AAAA)).isNull();
        assertThat(cache.get("www.example", DnsRecordType.A)).isNull();
        assertThat(cache.get("api.example", DnsRecordType.A)).isNotNull();
    }

    @Test
    void a_chain_of_cname_and_address_is_cached_whole_at_the_smallest_ttl() {
        AnswerCache cache = cache();
        ResourceRecord alias = new ResourceRecord("www.example.", DnsRecordType.CNAME, 30,
                WireNames.encode("api.example."));

        cache.put("www.example", DnsRecordType.A, positive(alias, a("api.example.", 300, 1)));

        advance(10);
        assertThat(cache.get("www.example", DnsRecordType.A).answers())
                .containsExactly(alias.withTtl(20), a("api.example.", 20, 1));
    }

    // --- negative answers ---

    @Test
    void nxdomain_is_cached_for_the_soa_minimum_when_that_is_below_the_soa_ttl() {
        AnswerCache cache = cache();
        ResourceRecord soa = soa(900, 60);

        Resolution answered = cache.put("gone.example", DnsRecordType.A, negative(DnsResponseCode.NXDOMAIN, soa));

        assertThat(answered.soa()).isEqualTo(soa.withTtl(60));
        assertThat(answered.rcode()).isEqualTo(DnsResponseCode.NXDOMAIN);
        advance(59);
        Resolution cached = cache.get("gone.example", DnsRecordType.A);
        assertThat(cached.rcode()).isEqualTo(DnsResponseCode.NXDOMAIN);
        assertThat(cached.answers()).isEmpty();
        assertThat(cached.soa()).isEqualTo(soa.withTtl(1));
        assertThat(cached.source()).isEqualTo(Source.CACHE);
        advance(1);
        assertThat(cache.get("gone.example", DnsRecordType.A)).isNull();
    }

    @Test
    void nxdomain_is_cached_for_the_soa_ttl_when_that_is_below_the_minimum() {
        AnswerCache cache = cache();

        Resolution answered = cache.put("gone.example", DnsRecordType.A,
                negative(DnsResponseCode.NXDOMAIN, soa(30, 600)));

        assertThat(answered.soa().ttl()).isEqualTo(30);
        advance(29);
        assertThat(cache.get("gone.example", DnsRecordType.A).soa().ttl()).isEqualTo(1);
        advance(1);
        assertThat(cache.get("gone.example", DnsRecordType.A)).isNull();
    }

    @Test
    void the_negative_ttl_is_capped_by_the_negative_ceiling() {
        AnswerCache cache = cache(5, 3600, 300, 1000);

        Resolution answered = cache.put("gone.example", DnsRecordType.A,
                negative(DnsResponseCode.NXDOMAIN, soa(86_400, 3600)));

        assertThat(answered.soa().ttl()).isEqualTo(300);
        advance(299);
        assertThat(cache.get("gone.example", DnsRecordType.A)).isNotNull();
        advance(1);
        assertThat(cache.get("gone.example", DnsRecordType.A)).isNull();
    }

    @Test
    void a_minimum_field_with_the_top_bit_set_is_read_unsigned() {
        assertThat(AnswerCache.negativeTtl(soa(7200, 0xFFFF_FFF0L))).isEqualTo(7200);
        assertThat(AnswerCache.negativeTtl(soa(0xFFFF_FFFFL, 0x8000_0000L))).isEqualTo(0x8000_0000L);
    }

    @Test
    void nxdomain_without_an_soa_is_not_cached() {
        AnswerCache cache = cache();
        Resolution upstream = negative(DnsResponseCode.NXDOMAIN, null);

        Resolution answered = cache.put("gone.example", DnsRecordType.A, upstream);

        assertThat(answered).isSameAs(upstream);
        assertThat(cache.get("gone.example", DnsRecordType.A)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void an_soa_minimum_of_zero_means_the_negative_answer_is_not_cached() {
        AnswerCache cache = cache();

        Resolution answered = cache.put("gone.example", DnsRecordType.A,
                negative(DnsResponseCode.NXDOMAIN, soa(900, 0)));

        assertThat(answered.soa().ttl()).isZero();
        assertThat(cache.get("gone.example", DnsRecordType.A)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void servfail_is_never_cached_even_with_an_soa() {
        AnswerCache cache = cache();
        Resolution failure = new Resolution(DnsResponseCode.SERVFAIL, List.of(), soa(900, 900), false,
                Source.UPSTREAM);

        assertThat(cache.put("broken.example", DnsRecordType.A, failure)).isSameAs(failure);
        assertThat(cache.put("broken.example", DnsRecordType.AAAA, Resolution.failure(Source.UPSTREAM)).rcode())
                .isEqualTo(DnsResponseCode.SERVFAIL);

        assertThat(cache.get("broken.example", DnsRecordType.A)).isNull();
        assertThat(cache.get("broken.example", DnsRecordType.AAAA)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void refused_is_never_cached() {
        AnswerCache cache = cache();
        Resolution refused = new Resolution(DnsResponseCode.REFUSED, List.of(a("x.example.", 60, 1)), null, false,
                Source.UPSTREAM);

        assertThat(cache.put("x.example", DnsRecordType.A, refused)).isSameAs(refused);
        assertThat(cache.size()).isZero();
    }

    @Test
    void nodata_is_cached_negatively_with_its_soa() {
        AnswerCache cache = cache();

        Resolution answered = cache.put("v4only.example", DnsRecordType.AAAA,
                negative(DnsResponseCode.NOERROR, soa(3600, 120)));

        assertThat(answered.soa().ttl()).isEqualTo(120);
        advance(20);
        Resolution cached = cache.get("v4only.example", DnsRecordType.AAAA);
        assertThat(cached.rcode()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(cached.answers()).isEmpty();
        assertThat(cached.soa().ttl()).isEqualTo(100);
        assertThat(cached.soa().name()).isEqualTo("example.");
    }

    @Test
    void nodata_without_an_soa_is_not_cached() {
        AnswerCache cache = cache();

        cache.put("v4only.example", DnsRecordType.AAAA, negative(DnsResponseCode.NOERROR, null));

        assertThat(cache.get("v4only.example", DnsRecordType.AAAA)).isNull();
    }

    // --- bounds ---

    @Test
    void the_cache_never_holds_more_than_its_capacity() {
        AnswerCache cache = cache(5, 3600, 300, 50);

        for (int i = 0; i < 1000; i++) {
            cache.put("host" + i + ".example", DnsRecordType.A, positive(a("host" + i + ".example.", 600, i % 250)));
            assertThat(cache.size()).isLessThanOrEqualTo(50);
            assertThat(cache.get("host" + i + ".example", DnsRecordType.A))
                    .as("the entry just stored").isNotNull();
        }
        assertThat(cache.size()).isGreaterThan(0);
    }

    @Test
    void expired_entries_are_evicted_first_when_the_cache_is_full() {
        AnswerCache cache = cache(1, 3600, 300, 3);
        cache.put("short.example", DnsRecordType.A, positive(a("short.example.", 10, 1)));
        cache.put("long1.example", DnsRecordType.A, positive(a("long1.example.", 100, 2)));
        cache.put("long2.example", DnsRecordType.A, positive(a("long2.example.", 100, 3)));
        advance(20);

        cache.put("new.example", DnsRecordType.A, positive(a("new.example.", 100, 4)));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("long1.example", DnsRecordType.A)).isNotNull();
        assertThat(cache.get("long2.example", DnsRecordType.A)).isNotNull();
        assertThat(cache.get("new.example", DnsRecordType.A)).isNotNull();
    }

    // --- helpers ---

    private static ResourceRecord a(String owner, long ttl, int last) {
        return new ResourceRecord(owner, DnsRecordType.A, ttl, new byte[] {(byte) 192, 0, 2, (byte) last});
    }

    private static Resolution positive(ResourceRecord... answers) {
        return new Resolution(DnsResponseCode.NOERROR, List.of(answers), null, false, Source.UPSTREAM);
    }

    private static Resolution negative(DnsResponseCode rcode, ResourceRecord soa) {
        return new Resolution(rcode, List.of(), soa, false, Source.UPSTREAM);
    }

    /** example.'s SOA with the given TTL and MINIMUM (RFC 1035 §3.3.13). */
    private static ResourceRecord soa(long ttl, long minimum) {
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        rdata.writeBytes(WireNames.encode("ns.example."));
        rdata.writeBytes(WireNames.encode("hostmaster.example."));
        for (long number : new long[] {2024010101L, 7200, 3600, 1_209_600, minimum}) {
            rdata.write((int) (number >> 24));
            rdata.write((int) (number >> 16));
            rdata.write((int) (number >> 8));
            rdata.write((int) number);
        }
        return new ResourceRecord("example.", DnsRecordType.SOA, ttl, rdata.toByteArray());
    }
}
