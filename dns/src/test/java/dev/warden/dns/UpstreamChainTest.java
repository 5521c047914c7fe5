package dev.warden.dns;

import dev.warden.dns.fixtures.WireMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.dns.Resolution.Source;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpstreamChainTest {

    private final List<Object> toRelease = new ArrayList<>();

    @AfterEach
    void release() {
        toRelease.forEach(ReferenceCountUtil::release);
    }

    // --- chain ---

    @Test
    void the_chain_runs_from_the_question_through_each_cname_to_the_final_records() {
        DnsResponse response = response(DnsResponseCode.NOERROR,
                cname("a.example.", "b.example.", 300),
                cname("b.example.", "c.example.", 200),
                a("c.example.", 60, 192, 0, 2, 1),
                a("c.example.", 60, 192, 0, 2, 2),
                a("other.example.", 60, 203, 0, 113, 9));

        Resolution resolution = Upstream.chain("a.example", DnsRecordType.A, response);

        assertThat(resolution.rcode()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(resolution.source()).isEqualTo(Source.UPSTREAM);
        assertThat(resolution.authoritative()).isFalse();
        assertThat(resolution.soa()).isNull();
        assertThat(resolution.answers()).containsExactly(
                record("a.example.", DnsRecordType.CNAME, 300, WireNames.encode("b.example.")),
                record("b.example.", DnsRecordType.CNAME, 200, WireNames.encode("c.example.")),
                record("c.example.", DnsRecordType.A, 60, 192, 0, 2, 1),
                record("c.example.", DnsRecordType.A, 60, 192, 0, 2, 2));
        assertThat(resolution.aliasTargets()).containsExactly("b.example.", "c.example.");
    }

    @Test
    void the_chain_is_put_in_order_whatever_order_the_upstream_sent() {
        DnsResponse response = response(DnsResponseCode.NOERROR,
                a("c.example.", 60, 192, 0, 2, 1),
                cname("b.example.", "c.example.", 200),
                a("unrelated.example.", 60, 192, 0, 2, 66),
                cname("a.example.", "b.example.", 300));

        Resolution resolution = Upstream.chain("a.example", DnsRecordType.A, response);

        assertThat(resolution.answers()).extracting(ResourceRecord::name, ResourceRecord::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a.example.", DnsRecordType.CNAME),
                org.assertj.core.groups.Tuple.tuple("b.example.", DnsRecordType.CNAME),
                org.assertj.core.groups.Tuple.tuple("c.example.", DnsRecordType.A));
    }

    @Test
    void owner_names_and_cname_targets_are_lower_cased() {
        DnsResponse response = response(DnsResponseCode.NOERROR,
                cname("A.Example.", "API.Example.", 300),
                a("Api.EXAMPLE.", 60, 192, 0, 2, 1));

        Resolution resolution = Upstream.chain("a.example", DnsRecordType.A, response);

        assertThat(resolution.answers()).containsExactly(
                record("a.example.", DnsRecordType.CNAME, 300, WireNames.encode("api.example.")),
                record("api.example.", DnsRecordType.A, 60, 192, 0, 2, 1));
    }

    @Test
    void records_of_another_type_for_the_question_name_are_dropped() {
        DnsResponse response = response(DnsResponseCode.NOERROR,
                raw("a.example.", DnsRecordType.AAAA, 60, new byte[16]),
                a("a.example.", 60, 192, 0, 2, 1),
                raw("a.example.", DnsRecordType.TXT, 60, new byte[] {2, 'h', 'i'}));

        Resolution resolution = Upstream.chain("a.example", DnsRecordType.A, response);

        assertThat(resolution.answers()).containsExactly(record("a.example.", DnsRecordType.A, 60, 192, 0, 2, 1));
    }

    @Test
    void records_for_names_off_the_chain_are_dropped_even_without_a_cname() {
        DnsResponse response = response(DnsResponseCode.NOERROR,
                a("evil.example.", 60, 203, 0, 113, 1),
                a("b.example.", 60, 203, 0, 113, 2));

        Resolution resolution = Upstream.chain("a.example", DnsRecordType.A, response);

        assertThat(resolution.rcode()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(resolution.answers()).isEmpty();
    }

    @Test
    void a_cname_question_is_answered_with_the_cname_alone() {
        DnsResponse response = response(DnsResponseCode.NOERROR,
                cname("a.example.", "b.example.", 300),
                a("b.example.", 60, 192, 0, 2, 1));

        Resolution resolution = Upstream.chain("a.example", DnsRecordType.CNAME, response);

        assertThat(resolution.answers()).containsExactly(
                record("a.example.", DnsRecordType.CNAME, 300, WireNames.encode("b.example.")));
    }

    @Test
    void a_cname_loop_ends_the_chain_instead_of_spinning() {
        DnsResponse response = response(DnsResponseCode.NOERROR,
                cname("a.example.", "b.example.", 300),
                cname("b.example.", "a.example.", 300));

        Resolution resolution = Upstream.chain("a.example", DnsRecordType.A, response);

        assertThat(resolution.answers()).containsExactly(
                record("a.example.", DnsRecordType.CNAME, 300, WireNames.encode("b.example.")),
                record("b.example.", DnsRecordType.CNAME, 300, WireNames.encode("a.example.")));
    }

    @Test
    void a_chain_of_eight_cnames_is_followed_to_its_address() {
        List<DnsRecord> records = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            records.add(cname("n" + i + ".example.", "n" + (i + 1) + ".example.", 60));
        }
        records.add(a("n8.example.", 60, 192, 0, 2, 8));

        Resolution resolution = Upstream.chain("n0.example", DnsRecordType.A, response(DnsResponseCode.NOERROR,
                records.toArray(DnsRecord[]::new)));

        assertThat(resolution.answers()).hasSize(9);
        assertThat(resolution.answers().get(8)).isEqualTo(record("n8.example.", DnsRecordType.A, 60, 192, 0, 2, 8));
    }

    @Test
    void a_chain_longer_than_the_limit_is_not_followed_to_its_address() {
        List<DnsRecord> records = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            records.add(cname("n" + i + ".example.", "n" + (i + 1) + ".example.", 60));
        }
        records.add(a("n12.example.", 60, 192, 0, 2, 12));

        Resolution resolution = Upstream.chain("n0.example", DnsRecordType.A, response(DnsResponseCode.NOERROR,
                records.toArray(DnsRecord[]::new)));

        assertThat(resolution.answers()).allSatisfy(r -> assertThat(r.type()).isEqualTo(DnsRecordType.CNAME));
        assertThat(resolution.answers().get(0).name()).isEqualTo("n0.example.");
        assertThat(resolution.answers().size()).isLessThanOrEqualTo(Upstream.MAX_CHAIN + 1);
    }

    @Test
    void servfail_from_upstream_is_a_servfail_resolution() {
        DnsResponse response = response(DnsResponseCode.SERVFAIL, a("a.example.", 60, 192, 0, 2, 1));

        Resolution resolution = Upstream.chain("a.example", DnsRecordType.A, response);

        assertThat(resolution).isEqualTo(Resolution.failure(Source.UPSTREAM));
        assertThat(resolution.rcode()).isEqualTo(DnsResponseCode.SERVFAIL);
        assertThat(resolution.answers()).isEmpty();
    }

    @Test
    void refused_from_upstream_is_also_a_servfail_resolution() {
        Resolution resolution = Upstream.chain("a.example", DnsRecordType.A, response(DnsResponseCode.REFUSED));

        assertThat(resolution.rcode()).isEqualTo(DnsResponseCode.SERVFAIL);
    }

    @Test
    void the_soa_of_the_authority_section_is_kept_for_a_negative_answer() {
        DnsResponse response = response(DnsResponseCode.NXDOMAIN);
        byte[] soaRdata = soaRdata("ns.example.", "hostmaster.example.", 60);
        response.addRecord(DnsSection.AUTHORITY,
                raw("example.", DnsRecordType.NS, 3600, WireNames.encode("ns.example.")));
        response.addRecord(DnsSection.AUTHORITY, raw("Example.", DnsRecordType.SOA, 900, soaRdata));

        Resolution resolution = Upstream.chain("gone.example", DnsRecordType.A, response);

        assertThat(resolution.rcode()).isEqualTo(DnsResponseCode.NXDOMAIN);
        assertThat(resolution.answers()).isEmpty();
        assertThat(resolution.soa()).isEqualTo(record("example.", DnsRecordType.SOA, 900, soaRdata));
        assertThat(resolution.authority()).containsExactly(resolution.soa());
    }

    @Test
    void a_nodata_answer_keeps_its_soa_with_noerror() {
        DnsResponse response = response(DnsResponseCode.NOERROR);
        byte[] soaRdata = soaRdata("ns.example.", "hostmaster.example.", 300);
        response.addRecord(DnsSection.AUTHORITY, raw("example.", DnsRecordType.SOA, 600, soaRdata));

        Resolution resolution = Upstream.chain("v4only.example", DnsRecordType.AAAA, response);

        assertThat(resolution.rcode()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(resolution.answers()).isEmpty();
        assertThat(resolution.soa()).isEqualTo(record("example.", DnsRecordType.SOA, 600, soaRdata));
    }

    // --- selfContained ---

    @Test
    void a_record_without_names_in_its_rdata_is_copied_with_its_owner_lower_cased() {
        ResourceRecord copy = Upstream.selfContained(a("Api.Example.", 77, 192, 0, 2, 1));

        assertThat(copy).isEqualTo(record("api.example.", DnsRecordType.A, 77, 192, 0, 2, 1));
    }

    @Test
    void a_ptr_record_is_written_with_its_hostname_in_full() {
        ResourceRecord copy = Upstream.selfContained(
                new DefaultDnsPtrRecord("1.2.0.192.in-addr.arpa.", DnsRecord.CLASS_IN, 300, "host.example."));

        assertThat(copy).isEqualTo(record("1.2.0.192.in-addr.arpa.", DnsRecordType.PTR, 300,
                WireNames.encode("host.example.")));
    }

    @Test
    void compression_pointers_inside_rdata_are_written_out_in_full() {
        DatagramDnsResponse response = decode(compressedResponse());

        assertThat(response.count(DnsSection.ANSWER)).isEqualTo(4);
        ResourceRecord cname = Upstream.selfContained(response.recordAt(DnsSection.ANSWER, 0));
        ResourceRecord mx = Upstream.selfContained(response.recordAt(DnsSection.ANSWER, 1));
        ResourceRecord srv = Upstream.selfContained(response.recordAt(DnsSection.ANSWER, 2));
        ResourceRecord ns = Upstream.selfContained(response.recordAt(DnsSection.ANSWER, 3));
        ResourceRecord soa = Upstream.selfContained(response.recordAt(DnsSection.AUTHORITY, 0));

        assertThat(cname).isEqualTo(record("a.example.", DnsRecordType.CNAME, 300, WireNames.encode("www.example.")));
        assertThat(mx).isEqualTo(record("a.example.", DnsRecordType.MX, 300,
                concat(new byte[] {0, 10}, WireNames.encode("mail.example."))));
        assertThat(srv).isEqualTo(record("a.example.", DnsRecordType.SRV, 300,
                concat(new byte[] {0, 1, 0, 5, 0x01, (byte) 0xBB}, WireNames.encode("svc.example."))));
        assertThat(ns).isEqualTo(record("example.", DnsRecordType.NS, 3600, WireNames.encode("ns.example.")));
        assertThat(soa).isEqualTo(record("example.", DnsRecordType.SOA, 900,
                soaRdata("ns.example.", "hostmaster.example.", 60)));
        assertThat(cname.cnameTarget()).isEqualTo("www.example.");
    }

    @Test
    void mixed_case_names_behind_pointers_come_out_lower_case() {
        DatagramDnsResponse response = decode(compressedResponse());

        ResourceRecord mx = Upstream.selfContained(response.recordAt(DnsSection.ANSWER, 1));

        assertThat(new String(mx.rdata(), StandardCharsets.US_ASCII)).contains("mail", "example")
                .doesNotContain("MAIL", "Example");
    }

    @Test
    void a_real_compressed_response_reduces_to_its_chain_and_soa() {
        DatagramDnsResponse response = decode(compressedResponse());

        Resolution resolution = Upstream.chain("a.example", DnsRecordType.MX, response);

        assertThat(resolution.answers()).containsExactly(record("a.example.", DnsRecordType.MX, 300,
                concat(new byte[] {0, 10}, WireNames.encode("mail.example."))));
        assertThat(resolution.soa()).isEqualTo(record("example.", DnsRecordType.SOA, 900,
                soaRdata("ns.example.", "hostmaster.example.", 60)));
    }

    // --- helpers ---

    /**
     * A response for a.example whose rdata names are compressed: the question name is at offset
     * 12 and "Example" at 14, and every later name ends in a pointer to one of them.
     */
    private static byte[] compressedResponse() {
        WireMessage wire = new WireMessage();
        wire.u16(0x3030).u16(0x8180).u16(1).u16(4).u16(1).u16(0);
        wire.label("a").label("Example").u8(0).u16(1).u16(1); // offset 12; "Example" at 14
        // CNAME a.example -> www.example
        wire.u16(0xC00C).u16(5).u16(1).u32(300).u16(6).label("www").u16(0xC00E);
        // MX 10 MAIL.example
        wire.u16(0xC00C).u16(15).u16(1).u32(300).u16(9).u16(10).label("MAIL").u16(0xC00E);
        // SRV 1 5 443 svc.example
        wire.u16(0xC00C).u16(33).u16(1).u32(300).u16(12).u16(1).u16(5).u16(443).label("svc").u16(0xC00E);
        // NS example -> ns.example
        wire.u16(0xC00E).u16(2).u16(1).u32(3600).u16(5).label("ns").u16(0xC00E);
        // authority: SOA example ns.example hostmaster.example
        wire.u16(0xC00E).u16(6).u16(1).u32(900).u16(5 + 13 + 20)
                .label("ns").u16(0xC00E).label("hostmaster").u16(0xC00E)
                .u32(2024010101L).u32(7200).u32(3600).u32(1_209_600).u32(60);
        return wire.bytes();
    }

    private DatagramDnsResponse decode(byte[] message) {
        EmbeddedChannel channel = new EmbeddedChannel(new DatagramDnsResponseDecoder());
        try {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", 53);
            InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);
            assertThat(channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(message), client, server)))
                    .isTrue();
            DatagramDnsResponse response = channel.readInbound();
            toRelease.add(response);
            return response;
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private DnsResponse response(DnsResponseCode rcode, DnsRecord... answers) {
        DnsResponse response = new DefaultDnsResponse(0x4444);
        response.setCode(rcode);
        for (DnsRecord answer : answers) {
            response.addRecord(DnsSection.ANSWER, answer);
        }
        toRelease.add(response);
        return response;
    }

    private static DnsRecord raw(String owner, DnsRecordType type, long ttl, byte[] rdata) {
        return new DefaultDnsRawRecord(owner, type, ttl, Unpooled.wrappedBuffer(rdata));
    }

    private static DnsRecord cname(String owner, String target, long ttl) {
        return raw(owner, DnsRecordType.CNAME, ttl, WireNames.encode(target));
    }

    private static DnsRecord a(String owner, long ttl, int... octets) {
        return raw(owner, DnsRecordType.A, ttl, octets(octets));
    }

    private static ResourceRecord record(String owner, DnsRecordType type, long ttl, byte[] rdata) {
        return new ResourceRecord(owner, type, ttl, rdata);
    }

    private static ResourceRecord record(String owner, DnsRecordType type, long ttl, int... octets) {
        return new ResourceRecord(owner, type, ttl, octets(octets));
    }

    private static byte[] octets(int... octets) {
        byte[] bytes = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            bytes[i] = (byte) octets[i];
        }
        return bytes;
    }

    private static byte[] soaRdata(String mname, String rname, long minimum) {
        return new WireMessage().raw(WireNames.encode(mname)).raw(WireNames.encode(rname))
                .u32(2024010101L).u32(7200).u32(3600).u32(1_209_600).u32(minimum).bytes();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        return new WireMessage().raw(first).raw(second).bytes();
    }
}
