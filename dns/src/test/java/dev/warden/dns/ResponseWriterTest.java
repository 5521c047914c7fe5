package dev.warden.dns;

import dev.warden.dns.fixtures.WireMessage;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ResponseWriterTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final DnsResponseCode BADVERS = DnsResponseCode.valueOf(16);

    private static final int QR = 0x8000;
    private static final int AA = 0x0400;
    private static final int TC = 0x0200;
    private static final int RD = 0x0100;
    private static final int RA = 0x0080;
    private static final int CD = 0x0010;

    @Test
    void an_answer_sets_qr_ra_aa_copies_rd_and_carries_the_rcode_and_counts() {
        Query query = query(0x1234, true, false, "Api.Vendor.Example", DnsRecordType.A, -1);

        byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, true,
                List.of(a("api.vendor.example.", 300, 192, 0, 2, 1), a("api.vendor.example.", 300, 192, 0, 2, 2)),
                List.of(), 512));

        assertThat(u16(response, 0)).isEqualTo(0x1234);
        assertThat(u16(response, 2)).isEqualTo(QR | AA | RD | RA);
        assertThat(u16(response, 4)).as("QDCOUNT").isEqualTo(1);
        assertThat(u16(response, 6)).as("ANCOUNT").isEqualTo(2);
        assertThat(u16(response, 8)).as("NSCOUNT").isZero();
        assertThat(u16(response, 10)).as("ARCOUNT").isZero();
    }

    @Test
    void an_answer_is_written_byte_for_byte_with_the_owner_a_pointer_to_the_question() {
        Query query = query(0x0A0B, true, false, "Api.Vendor.Example", DnsRecordType.A, -1);

        byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false,
                List.of(a("api.vendor.example.", 300, 192, 0, 2, 1)), List.of(), 512));

        byte[] expected = new WireMessage()
                .u16(0x0A0B).u16(QR | RD | RA).u16(1).u16(1).u16(0).u16(0)
                .raw(query.question())
                .u16(0xC00C).u16(1).u16(1).u32(300).u16(4).u8(192).u8(0).u8(2).u8(1)
                .bytes();
        assertThat(response).containsExactly(expected);
    }

    @Test
    void the_question_is_echoed_with_the_case_the_client_sent() {
        Query query = query(1, true, false, "WwW.eXaMpLe", DnsRecordType.AAAA, -1);

        byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false, List.of(),
                List.of(), 512));

        byte[] echoed = Arrays.copyOfRange(response, 12, 12 + query.question().length);
        assertThat(echoed).containsExactly(query.question());
        assertThat(new String(echoed, StandardCharsets.US_ASCII)).contains("WwW", "eXaMpLe");
        assertThat(response).hasSize(12 + query.question().length);
    }

    @Test
    void flags_follow_the_query_rd_and_cd_and_the_authoritative_argument() {
        Query query = query(2, false, true, "a.example", DnsRecordType.A, -1);

        byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NXDOMAIN, false, List.of(),
                List.of(), 512));

        assertThat(u16(response, 2)).isEqualTo(QR | RA | CD | 3);
    }

    @Test
    void an_owner_name_other_than_the_question_is_written_out_in_full() {
        Query query = query(3, true, false, "www.example", DnsRecordType.A, -1);
        ResourceRecord cname = new ResourceRecord("www.example.", DnsRecordType.CNAME, 60,
                WireNames.encode("api.example."));
        ResourceRecord address = a("api.example.", 30, 192, 0, 2, 7);

        byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false,
                List.of(cname, address), List.of(), 512));

        byte[] expected = new WireMessage()
                .u16(3).u16(QR | RD | RA).u16(1).u16(2).u16(0).u16(0)
                .raw(query.question())
                .u16(0xC00C).u16(5).u16(1).u32(60).u16(13).raw(WireNames.encode("api.example."))
                .raw(WireNames.encode("api.example.")).u16(1).u16(1).u32(30).u16(4).u8(192).u8(0).u8(2).u8(7)
                .bytes();
        assertThat(response).containsExactly(expected);
    }

    @Test
    void a_name_that_only_starts_with_the_question_name_is_not_compressed() {
        Query query = query(3, true, false, "api.example", DnsRecordType.A, -1);

        byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false,
                List.of(a("api.example.net.", 30, 192, 0, 2, 7)), List.of(), 512));

        int record = 12 + query.question().length;
        assertThat(u16(response, record)).isNotEqualTo(0xC00C);
        assertThat(Arrays.copyOfRange(response, record, record + 17))
                .containsExactly(WireNames.encode("api.example.net."));
    }

    @Test
    void the_authority_section_follows_the_answers_and_is_counted() {
        Query query = query(4, true, false, "gone.example", DnsRecordType.A, -1);
        ResourceRecord soa = soa("example.", 900, 300);

        ByteBuf written = ResponseWriter.answer(ALLOC, query, DnsResponseCode.NXDOMAIN, true, List.of(), List.of(soa),
                512);

        DatagramDnsResponse decoded = decode(written);
        try {
            assertThat(decoded.code()).isEqualTo(DnsResponseCode.NXDOMAIN);
            assertThat(decoded.isAuthoritativeAnswer()).isTrue();
            assertThat(decoded.count(DnsSection.ANSWER)).isZero();
            assertThat(decoded.count(DnsSection.AUTHORITY)).isEqualTo(1);
            DnsRawRecord authority = decoded.recordAt(DnsSection.AUTHORITY, 0);
            assertThat(authority.name()).isEqualTo("example.");
            assertThat(authority.type()).isEqualTo(DnsRecordType.SOA);
            assertThat(authority.timeToLive()).isEqualTo(900);
            assertThat(ByteBufUtil.getBytes(authority.content())).containsExactly(soa.rdata());
        } finally {
            ReferenceCountUtil.release(decoded);
        }
    }

    @Test
    void netty_decodes_the_answer_back_to_the_same_addresses() throws Exception {
        Query query = query(0x5150, true, false, "Api.Vendor.Example", DnsRecordType.A, -1);

        ByteBuf written = ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false,
                List.of(a("api.vendor.example.", 120, 192, 0, 2, 1), a("api.vendor.example.", 120, 198, 51, 100, 9)),
                List.of(), 512);

        DatagramDnsResponse decoded = decode(written);
        try {
            assertThat(decoded.id()).isEqualTo(0x5150);
            assertThat(decoded.code()).isEqualTo(DnsResponseCode.NOERROR);
            assertThat(decoded.isRecursionAvailable()).isTrue();
            assertThat(decoded.isRecursionDesired()).isTrue();
            assertThat(decoded.isAuthoritativeAnswer()).isFalse();
            assertThat(decoded.isTruncated()).isFalse();
            DnsQuestion question = decoded.recordAt(DnsSection.QUESTION);
            assertThat(question.name()).isEqualTo("Api.Vendor.Example.");
            assertThat(question.type()).isEqualTo(DnsRecordType.A);
            assertThat(decoded.count(DnsSection.ANSWER)).isEqualTo(2);
            List<String> owners = new ArrayList<>();
            List<InetAddress> addresses = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DnsRawRecord record = decoded.recordAt(DnsSection.ANSWER, i);
                owners.add(record.name());
                assertThat(record.type()).isEqualTo(DnsRecordType.A);
                assertThat(record.dnsClass()).isEqualTo(DnsRecord.CLASS_IN);
                assertThat(record.timeToLive()).isEqualTo(120);
                addresses.add(InetAddress.getByAddress(ByteBufUtil.getBytes(record.content())));
            }
            assertThat(owners).containsExactly("Api.Vendor.Example.", "Api.Vendor.Example.");
            assertThat(addresses).containsExactly(InetAddress.getByName("192.0.2.1"),
                    InetAddress.getByName("198.51.100.9"));
            assertThat(decoded.count(DnsSection.ADDITIONAL)).isZero();
        } finally {
            ReferenceCountUtil.release(decoded);
        }
    }

    @Test
    void an_opt_record_is_added_only_when_the_query_had_edns() {
        Query plain = query(5, true, false, "a.example", DnsRecordType.A, -1);
        Query edns = query(5, true, false, "a.example", DnsRecordType.A, 4096);
        List<ResourceRecord> answers = List.of(a("a.example.", 60, 192, 0, 2, 1));

        byte[] withoutOpt = bytes(ResponseWriter.answer(ALLOC, plain, DnsResponseCode.NOERROR, false, answers,
                List.of(), 512));
        byte[] withOpt = bytes(ResponseWriter.answer(ALLOC, edns, DnsResponseCode.NOERROR, false, answers,
                List.of(), 1232));

        assertThat(u16(withoutOpt, 10)).isZero();
        assertThat(u16(withOpt, 10)).isEqualTo(1);
        assertThat(withOpt).hasSize(withoutOpt.length + 11);
        byte[] opt = Arrays.copyOfRange(withOpt, withoutOpt.length, withOpt.length);
        // root owner, type OPT, payload 1232, extended rcode 0, version 0, flags 0, no rdata
        assertThat(opt).containsExactly(0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void netty_reads_the_opt_record_as_offering_1232_bytes() {
        Query edns = query(6, true, false, "a.example", DnsRecordType.A, 4096);

        DatagramDnsResponse decoded = decode(ResponseWriter.answer(ALLOC, edns, DnsResponseCode.NOERROR, false,
                List.of(a("a.example.", 60, 192, 0, 2, 1)), List.of(), 1232));
        try {
            assertThat(decoded.count(DnsSection.ADDITIONAL)).isEqualTo(1);
            DnsRecord opt = decoded.recordAt(DnsSection.ADDITIONAL, 0);
            assertThat(opt.type()).isEqualTo(DnsRecordType.OPT);
            assertThat(opt.dnsClass()).isEqualTo(ResponseWriter.EDNS_PAYLOAD);
            assertThat(opt.timeToLive()).isZero();
        } finally {
            ReferenceCountUtil.release(decoded);
        }
    }

    @Test
    void sixty_a_records_to_a_query_without_edns_are_truncated_to_the_question_with_tc_set() {
        Query query = query(0x0707, true, false, "many.example", DnsRecordType.A, -1);

        byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false,
                sixtyAddresses("many.example."), List.of(), 512));

        assertThat(u16(response, 0)).isEqualTo(0x0707);
        assertThat(u16(response, 2)).isEqualTo(QR | TC | RD | RA);
        assertThat(u16(response, 4)).isEqualTo(1);
        assertThat(u16(response, 6)).as("ANCOUNT").isZero();
        assertThat(u16(response, 8)).isZero();
        assertThat(u16(response, 10)).isZero();
        assertThat(response).hasSize(12 + query.question().length);
        assertThat(Arrays.copyOfRange(response, 12, response.length)).containsExactly(query.question());
    }

    @Test
    void a_truncated_answer_to_an_edns_query_keeps_its_opt_record() {
        Query query = query(8, true, false, "many.example", DnsRecordType.A, 4096);
        List<ResourceRecord> answers = addresses("many.example.", 100); // 1600 bytes of records, over 1232

        byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false, answers,
                List.of(), ResponseWriter.udpLimit(query)));

        assertThat(u16(response, 2) & TC).isEqualTo(TC);
        assertThat(u16(response, 6)).isZero();
        assertThat(u16(response, 10)).isEqualTo(1);
        assertThat(response).hasSize(12 + query.question().length + 11);
    }

    @Test
    void sixty_a_records_fit_the_1232_bytes_an_edns_query_allows() {
        Query query = query(9, true, false, "many.example", DnsRecordType.A, 4096);

        byte[] response = bytes(ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false,
                sixtyAddresses("many.example."), List.of(), ResponseWriter.udpLimit(query)));

        assertThat(u16(response, 2) & TC).isZero();
        assertThat(u16(response, 6)).isEqualTo(60);
        assertThat(response).hasSize(12 + query.question().length + 60 * 16 + 11);
    }

    @Test
    void the_same_sixty_records_fit_when_the_limit_is_the_tcp_maximum() throws Exception {
        Query query = query(0x0708, true, false, "many.example", DnsRecordType.A, -1);
        List<ResourceRecord> answers = sixtyAddresses("many.example.");

        ByteBuf written = ResponseWriter.answer(ALLOC, query, DnsResponseCode.NOERROR, false, answers, List.of(),
                ResponseWriter.TCP_MAX);
        assertThat(written.readableBytes()).isEqualTo(12 + query.question().length + 60 * 16);

        DatagramDnsResponse decoded = decode(written);
        try {
            assertThat(decoded.isTruncated()).isFalse();
            assertThat(decoded.count(DnsSection.ANSWER)).isEqualTo(60);
            for (int i = 0; i < 60; i++) {
                DnsRawRecord record = decoded.recordAt(DnsSection.ANSWER, i);
                assertThat(record.name()).isEqualTo("many.example.");
                assertThat(InetAddress.getByAddress(ByteBufUtil.getBytes(record.content())))
                        .isEqualTo(InetAddress.getByAddress(answers.get(i).rdata()));
            }
        } finally {
            ReferenceCountUtil.release(decoded);
        }
    }

    @Test
    void the_udp_limit_is_512_without_edns_and_the_advertised_size_held_between_512_and_1232_with_it() {
        assertThat(ResponseWriter.udpLimit(query(1, true, false, "a", DnsRecordType.A, -1))).isEqualTo(512);
        assertThat(ResponseWriter.udpLimit(query(1, true, false, "a", DnsRecordType.A, 512))).isEqualTo(512);
        assertThat(ResponseWriter.udpLimit(query(1, true, false, "a", DnsRecordType.A, 1000))).isEqualTo(1000);
        assertThat(ResponseWriter.udpLimit(query(1, true, false, "a", DnsRecordType.A, 4096))).isEqualTo(1232);
    }

    @Test
    void badvers_writes_zero_in_the_header_rcode_and_one_in_the_opt_extended_rcode() {
        Query query = query(0x0BAD, true, false, "a.example", DnsRecordType.A, 4096);
        QueryParser.Rejected rejected = new QueryParser.Rejected(0x0BAD, 0, true, BADVERS,
                "EDNS version 1 is not supported; use 0", query);

        byte[] response = bytes(ResponseWriter.rejection(ALLOC, rejected));

        assertThat(u16(response, 0)).isEqualTo(0x0BAD);
        assertThat(u16(response, 2)).isEqualTo(QR | RD | RA);
        assertThat(u16(response, 2) & 0xF).as("header rcode").isZero();
        assertThat(u16(response, 4)).isEqualTo(1);
        assertThat(u16(response, 6)).isZero();
        assertThat(u16(response, 10)).isEqualTo(1);
        int opt = 12 + query.question().length;
        assertThat(response).hasSize(opt + 11);
        assertThat(Arrays.copyOfRange(response, opt, response.length))
                .containsExactly(0, 0, 41, 0x04, 0xD0, 1, 0, 0, 0, 0, 0);
    }

    @Test
    void badvers_for_a_parsed_edns_version_1_query_echoes_the_question() {
        byte[] question = new WireMessage().label("A").label("Example").u8(0).u16(1).u16(1).bytes();
        byte[] message = new WireMessage().u16(0x6161).u16(RD).u16(1).u16(0).u16(0).u16(1).raw(question)
                .u8(0).u16(41).u16(4096).u8(0).u8(1).u16(0).u16(0).bytes();
        QueryParser.Rejected rejected = (QueryParser.Rejected) QueryParser.parse(Unpooled.wrappedBuffer(message));

        byte[] response = bytes(ResponseWriter.rejection(ALLOC, rejected));

        byte[] expected = new WireMessage().u16(0x6161).u16(QR | RD | RA).u16(1).u16(0).u16(0).u16(1).raw(question)
                .u8(0).u16(41).u16(1232).u8(1).u8(0).u16(0).u16(0).bytes();
        assertThat(response).containsExactly(expected);
    }

    @Test
    void a_rejection_without_a_query_is_a_bare_header_with_the_id_opcode_and_rcode() {
        QueryParser.Rejected rejected = new QueryParser.Rejected(0xCAFE, 4, true, DnsResponseCode.NOTIMP,
                "opcode 4 is not supported; only QUERY (0) is", null);

        byte[] response = bytes(ResponseWriter.rejection(ALLOC, rejected));

        assertThat(response).containsExactly(0xCA, 0xFE, 0xA1, 0x84, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(u16(response, 2)).isEqualTo(QR | (4 << 11) | RD | RA | 4);
    }

    @Test
    void a_formerr_rejection_without_recursion_desired_has_rd_clear() {
        QueryParser.Rejected rejected = new QueryParser.Rejected(0x0001, 0, false, DnsResponseCode.FORMERR,
                "0 questions in one query; exactly one is allowed", null);

        byte[] response = bytes(ResponseWriter.rejection(ALLOC, rejected));

        assertThat(response).containsExactly(0x00, 0x01, 0x80, 0x81, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void a_rejection_of_a_parsed_query_decodes_in_netty_with_its_rcode() {
        byte[] message = new WireMessage().u16(0x7777).u16(RD).u16(2).u16(0).u16(0).u16(0).bytes();
        QueryParser.Rejected rejected = (QueryParser.Rejected) QueryParser.parse(Unpooled.wrappedBuffer(message));

        DatagramDnsResponse decoded = decode(ResponseWriter.rejection(ALLOC, rejected));
        try {
            assertThat(decoded.id()).isEqualTo(0x7777);
            assertThat(decoded.code()).isEqualTo(DnsResponseCode.FORMERR);
            assertThat(decoded.count()).isZero();
        } finally {
            ReferenceCountUtil.release(decoded);
        }
    }

    // --- helpers ---

    private static Query query(int id, boolean rd, boolean cd, String sentName, DnsRecordType type, int ednsUdpSize) {
        WireMessage question = new WireMessage();
        for (String label : sentName.split("\\.")) {
            question.label(label);
        }
        question.u8(0).u16(type.intValue()).u16(1);
        return new Query(id, rd, cd, sentName.toLowerCase(Locale.ROOT), true, type, 1, question.bytes(),
                ednsUdpSize);
    }

    private static ResourceRecord a(String owner, long ttl, int... octets) {
        byte[] rdata = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            rdata[i] = (byte) octets[i];
        }
        return new ResourceRecord(owner, DnsRecordType.A, ttl, rdata);
    }

    private static ResourceRecord soa(String owner, long ttl, long minimum) {
        byte[] rdata = new WireMessage().raw(WireNames.encode("ns." + owner)).raw(WireNames.encode("hostmaster." + owner))
                .u32(2024010101L).u32(7200).u32(3600).u32(1209600).u32(minimum).bytes();
        return new ResourceRecord(owner, DnsRecordType.SOA, ttl, rdata);
    }

    private static List<ResourceRecord> sixtyAddresses(String owner) {
        return addresses(owner, 60);
    }

    private static List<ResourceRecord> addresses(String owner, int count) {
        List<ResourceRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(a(owner, 60, 10, 0, i / 256, i % 256 + 1));
        }
        return records;
    }

    private static byte[] bytes(ByteBuf buf) {
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static int u16(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    /** Runs {@code written} (released here) through Netty's client-side response decoder. */
    private static DatagramDnsResponse decode(ByteBuf written) {
        EmbeddedChannel channel = new EmbeddedChannel(new DatagramDnsResponseDecoder());
        try {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", 53);
            InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);
            assertThat(channel.writeInbound(new DatagramPacket(written, client, server))).isTrue();
            DatagramDnsResponse response = channel.readInbound();
            assertThat(response).isNotNull();
            return response;
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
