package dev.warden.dns;

import dev.warden.dns.fixtures.WireMessage;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParserTest {

    private static final int RD = 0x0100;
    private static final int CD = 0x0010;

    // --- accepted queries ---

    @Test
    void a_plain_query_is_accepted_with_its_id_lower_cased_name_type_and_class() {
        byte[] question = new WireMessage().name("Api", "VeNdOr", "EXAMPLE").u16(28).u16(1).bytes();
        byte[] message = new WireMessage().header(0xBEEF, RD, 1, 0, 0, 0).raw(question).bytes();

        QueryParser.Accepted accepted = accepted(message);
        Query query = accepted.query();

        assertThat(query.id()).isEqualTo(0xBEEF);
        assertThat(query.recursionDesired()).isTrue();
        assertThat(query.checkingDisabled()).isFalse();
        assertThat(query.name()).isEqualTo("api.vendor.example");
        assertThat(query.absoluteName()).isEqualTo("api.vendor.example.");
        assertThat(query.hostLike()).isTrue();
        assertThat(query.type()).isEqualTo(DnsRecordType.AAAA);
        assertThat(query.dnsClass()).isEqualTo(1);
        assertThat(query.ednsUdpSize()).isEqualTo(-1);
        assertThat(query.hasEdns()).isFalse();
    }

    @Test
    void the_question_is_echoed_exactly_as_sent_including_its_mixed_case() {
        byte[] question = new WireMessage().name("wWw", "ExAmPlE").u16(1).u16(1).bytes();
        byte[] message = new WireMessage().header(7, RD, 1, 0, 0, 0).raw(question).bytes();

        Query query = accepted(message).query();

        assertThat(query.question()).containsExactly(question);
        assertThat(new String(query.question(), StandardCharsets.US_ASCII)).contains("wWw", "ExAmPlE");
    }

    @Test
    void the_recursion_desired_and_checking_disabled_bits_are_read_from_the_header() {
        byte[] withoutRd = new WireMessage().header(1, CD, 1, 0, 0, 0).name("a", "example").u16(1).u16(1).bytes();

        Query query = accepted(withoutRd).query();

        assertThat(query.recursionDesired()).isFalse();
        assertThat(query.checkingDisabled()).isTrue();
    }

    @Test
    void a_query_for_the_root_has_an_empty_name_and_is_not_host_like() {
        byte[] message = new WireMessage().header(9, RD, 1, 0, 0, 0).u8(0).u16(2).u16(1).bytes();

        Query query = accepted(message).query();

        assertThat(query.name()).isEmpty();
        assertThat(query.absoluteName()).isEqualTo(".");
        assertThat(query.hostLike()).isFalse();
        assertThat(query.type()).isEqualTo(DnsRecordType.NS);
        assertThat(query.question()).containsExactly(0, 0, 2, 0, 1);
    }

    @Test
    void underscores_hyphens_digits_and_asterisks_are_host_like() {
        byte[] message = new WireMessage().header(1, RD, 1, 0, 0, 0).name("_sip", "*", "my-host9", "example").u16(33).u16(1)
                .bytes();

        Query query = accepted(message).query();

        assertThat(query.name()).isEqualTo("_sip.*.my-host9.example");
        assertThat(query.hostLike()).isTrue();
    }

    @Test
    void bytes_outside_host_names_are_accepted_as_not_host_like_with_ddd_escapes() {
        byte[] message = new WireMessage().header(1, RD, 1, 0, 0, 0)
                .label(new byte[] {'a', 0x00, 'b'})
                .label(new byte[] {'X', ' ', 'y'})
                .label(new byte[] {'p', '.', 'q'})
                .label(new byte[] {'s', '\\', (byte) 0xC3, 0x7F})
                .label(new byte[] {'O', 'K', '!'})
                .u8(0).u16(1).u16(1).bytes();

        Query query = accepted(message).query();

        assertThat(query.name()).isEqualTo("a\\000b.x\\032y.p\\046q.s\\092\\195\\127.ok!");
        assertThat(query.hostLike()).isFalse();
    }

    @Test
    void a_single_non_host_label_makes_the_whole_name_not_host_like() {
        byte[] message = new WireMessage().header(1, RD, 1, 0, 0, 0).name("api", "exa+mple", "com").u16(1).u16(1).bytes();

        Query query = accepted(message).query();

        assertThat(query.name()).isEqualTo("api.exa+mple.com");
        assertThat(query.hostLike()).isFalse();
    }

    @Test
    void a_name_of_exactly_255_octets_is_accepted() {
        byte[] message = new WireMessage().header(1, RD, 1, 0, 0, 0)
                .label(repeat('a', 63)).label(repeat('b', 63)).label(repeat('c', 63)).label(repeat('d', 61))
                .u8(0).u16(1).u16(1).bytes();

        Query query = accepted(message).query();

        assertThat(query.name()).hasSize(63 + 1 + 63 + 1 + 63 + 1 + 61);
        assertThat(query.question()).hasSize(255 + 4);
    }

    @Test
    void an_opt_record_is_read_and_its_advertised_udp_size_kept() {
        byte[] message = new WireMessage().header(0x0102, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1)
                .opt(4096, 0).bytes();

        Query query = accepted(message).query();

        assertThat(query.hasEdns()).isTrue();
        assertThat(query.ednsUdpSize()).isEqualTo(4096);
        assertThat(query.question()).containsExactly(new WireMessage().name("a", "example").u16(1).u16(1).bytes());
    }

    @Test
    void an_advertised_udp_size_below_512_counts_as_512() {
        byte[] message = new WireMessage().header(1, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1).opt(100, 0).bytes();

        assertThat(accepted(message).query().ednsUdpSize()).isEqualTo(512);
    }

    @Test
    void an_opt_record_with_the_do_bit_and_options_is_accepted() {
        byte[] message = new WireMessage().header(1, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1)
                // OPT: root, type 41, size 1232, ext-rcode 0, version 0, DO, one COOKIE option of 8 bytes
                .u8(0).u16(41).u16(1232).u8(0).u8(0).u16(0x8000).u16(12)
                .u16(10).u16(8).raw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).bytes();

        assertThat(accepted(message).query().ednsUdpSize()).isEqualTo(1232);
    }

    @Test
    void an_additional_record_other_than_opt_is_skipped() {
        byte[] message = new WireMessage().header(1, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1)
                // a TSIG-like record whose owner is a pointer to the question name
                .u16(0xC00C).u16(250).u16(255).u32(0).u16(3).raw(new byte[] {1, 2, 3}).bytes();

        Query query = accepted(message).query();

        assertThat(query.hasEdns()).isFalse();
        assertThat(query.name()).isEqualTo("a.example");
    }

    @Test
    void a_query_of_exactly_512_bytes_is_accepted() {
        WireMessage msg = new WireMessage().header(1, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1);
        int padding = 512 - msg.size() - 11;
        byte[] message = msg.u8(0).u16(41).u16(1232).u32(0).u16(padding).raw(new byte[padding]).bytes();
        assertThat(message).hasSize(512);

        assertThat(accepted(message).query().ednsUdpSize()).isEqualTo(1232);
    }

    @Test
    void parsing_starts_at_the_reader_index_and_leaves_the_buffer_where_it_was() {
        byte[] message = new WireMessage().header(0x4242, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1).opt(1400, 0)
                .bytes();
        ByteBuf buffer = Unpooled.buffer();
        buffer.writeBytes(new byte[] {9, 9, 9}).writeBytes(message);
        buffer.readerIndex(3);

        QueryParser.Outcome outcome = QueryParser.parse(buffer);

        assertThat(outcome).isInstanceOf(QueryParser.Accepted.class);
        Query query = ((QueryParser.Accepted) outcome).query();
        assertThat(query.id()).isEqualTo(0x4242);
        assertThat(query.ednsUdpSize()).isEqualTo(1400);
        assertThat(buffer.readerIndex()).isEqualTo(3);
        assertThat(buffer.writerIndex()).isEqualTo(3 + message.length);
        assertThat(buffer.refCnt()).isEqualTo(1);
    }

    // --- rejections ---

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 5, 15})
    void an_opcode_other_than_query_is_rejected_with_notimp(int opcode) {
        byte[] message = new WireMessage().header(0x1111, (opcode << 11) | RD, 1, 0, 0, 0).name("a", "example").u16(1).u16(1)
                .bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.id()).isEqualTo(0x1111);
        assertThat(rejected.opcode()).isEqualTo(opcode);
        assertThat(rejected.recursionDesired()).isTrue();
        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.NOTIMP);
        assertThat(rejected.reason()).isEqualTo("opcode " + opcode + " is not supported; only QUERY (0) is");
        assertThat(rejected.query()).isNull();
    }

    @Test
    void an_oversized_notify_is_rejected_for_its_opcode_before_its_size() {
        byte[] message = new WireMessage().header(3, 4 << 11, 1, 0, 0, 0).name("a", "example").u16(6).u16(1)
                .raw(new byte[600]).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.NOTIMP);
        assertThat(rejected.reason()).isEqualTo("opcode 4 is not supported; only QUERY (0) is");
    }

    @Test
    void a_query_with_no_questions_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(0x2222, RD, 0, 0, 0, 0).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.id()).isEqualTo(0x2222);
        assertThat(rejected.opcode()).isZero();
        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("0 questions in one query; exactly one is allowed");
        assertThat(rejected.query()).isNull();
    }

    @Test
    void a_query_with_two_questions_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(0x2223, 0, 2, 0, 0, 0)
                .name("a", "example").u16(1).u16(1)
                .name("b", "example").u16(1).u16(1).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("2 questions in one query; exactly one is allowed");
        assertThat(rejected.recursionDesired()).isFalse();
        assertThat(rejected.query()).isNull();
    }

    @Test
    void a_query_carrying_an_answer_record_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(5, RD, 1, 1, 0, 0).name("a", "example").u16(1).u16(1)
                .u16(0xC00C).u16(1).u16(1).u32(60).u16(4).raw(new byte[] {(byte) 192, 0, 2, 1}).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("a query carries no answer or authority records");
        assertThat(rejected.query()).isNull();
    }

    @Test
    void a_query_carrying_an_authority_record_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(5, RD, 1, 0, 1, 0).name("a", "example").u16(1).u16(1)
                .u16(0xC00C).u16(1).u16(1).u32(60).u16(4).raw(new byte[] {(byte) 192, 0, 2, 1}).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("a query carries no answer or authority records");
    }

    @Test
    void a_message_larger_than_512_bytes_is_rejected_with_formerr() {
        WireMessage msg = new WireMessage().header(6, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1);
        int padding = 513 - msg.size() - 11;
        byte[] message = msg.u8(0).u16(41).u16(1232).u32(0).u16(padding).raw(new byte[padding]).bytes();
        assertThat(message).hasSize(513);

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.id()).isEqualTo(6);
        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("a query of 513 bytes is larger than 512");
        assertThat(rejected.query()).isNull();
    }

    @Test
    void a_compression_pointer_in_the_question_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(7, RD, 1, 0, 0, 0).label("a").u16(0xC00C).u16(1).u16(1).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the question name uses a compression pointer, which nothing precedes");
        assertThat(rejected.query()).isNull();
    }

    @Test
    void an_extended_label_type_0x40_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(8, RD, 1, 0, 0, 0).u8(0x41).raw(new byte[65]).u8(0).u16(1).u16(1).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("label type 0x40 is not supported (labels are at most 63 octets)");
    }

    @Test
    void the_reserved_label_type_0x80_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(8, RD, 1, 0, 0, 0).u8(0x80).u8(0).u16(1).u16(1).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("label type 0x80 is not supported (labels are at most 63 octets)");
    }

    @Test
    void a_name_longer_than_255_octets_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(9, RD, 1, 0, 0, 0)
                .label(repeat('a', 63)).label(repeat('b', 63)).label(repeat('c', 63)).label(repeat('d', 62))
                .u8(0).u16(1).u16(1).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.id()).isEqualTo(9);
        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the question name is longer than 255 octets");
    }

    @Test
    void a_question_name_without_its_terminating_zero_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(10, RD, 1, 0, 0, 0).label("a").label("example").bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the question name runs past the end of the message");
    }

    @Test
    void a_header_with_no_question_bytes_after_it_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(10, RD, 1, 0, 0, 0).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the question name runs past the end of the message");
    }

    @Test
    void a_label_cut_short_by_the_end_of_the_message_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(11, RD, 1, 0, 0, 0).u8(7).raw("exa".getBytes(StandardCharsets.US_ASCII))
                .bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("a label of the question name runs past the end of the message");
    }

    @Test
    void a_question_without_type_and_class_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(12, RD, 1, 0, 0, 0).name("a", "example").bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the question ends before its type and class");
        assertThat(rejected.query()).isNull();
    }

    @Test
    void a_question_with_a_type_but_no_class_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(12, RD, 1, 0, 0, 0).name("a", "example").u16(1).u8(0).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the question ends before its type and class");
    }

    @Test
    void two_opt_records_are_rejected_with_formerr() {
        byte[] message = new WireMessage().header(13, RD, 1, 0, 0, 2).name("a", "example").u16(1).u16(1)
                .opt(1232, 0).opt(4096, 0).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.id()).isEqualTo(13);
        assertThat(rejected.opcode()).isZero();
        assertThat(rejected.recursionDesired()).isTrue();
        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("more than one OPT record (RFC 6891 §6.1.1)");
        assertThat(rejected.query()).isNull();
    }

    @Test
    void edns_version_1_is_rejected_with_badvers_and_the_query_echoed() {
        byte[] question = new WireMessage().name("A", "Example").u16(1).u16(1).bytes();
        byte[] message = new WireMessage().header(14, RD, 1, 0, 0, 1).raw(question).opt(4096, 1).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.id()).isEqualTo(14);
        assertThat(rejected.rcode().intValue()).isEqualTo(16);
        assertThat(rejected.reason()).isEqualTo("EDNS version 1 is not supported; use 0");
        assertThat(rejected.query()).isNotNull();
        assertThat(rejected.query().id()).isEqualTo(14);
        assertThat(rejected.query().name()).isEqualTo("a.example");
        assertThat(rejected.query().question()).containsExactly(question);
        assertThat(rejected.query().ednsUdpSize()).isEqualTo(4096);
    }

    @Test
    void bytes_after_the_question_with_no_additional_records_are_rejected_with_formerr() {
        byte[] message = new WireMessage().header(15, RD, 1, 0, 0, 0).name("a", "example").u16(1).u16(1)
                .raw(new byte[] {1, 2, 3}).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("3 bytes follow the last record");
        assertThat(rejected.query()).isNull();
    }

    @Test
    void bytes_after_the_last_additional_record_are_rejected_with_formerr() {
        byte[] message = new WireMessage().header(15, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1).opt(1232, 0)
                .u8(0).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("1 bytes follow the last record");
    }

    @Test
    void an_additional_record_cut_short_in_its_fixed_fields_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(16, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1)
                .u8(0).u16(41).u16(1232).u8(0).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.id()).isEqualTo(16);
        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the additional section is cut short");
        assertThat(rejected.query()).isNull();
    }

    @Test
    void an_additional_record_whose_rdata_runs_past_the_end_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(16, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1)
                .u8(0).u16(41).u16(1232).u32(0).u16(8).raw(new byte[] {0, 10, 0, 4}).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the additional section is cut short");
    }

    @Test
    void an_additional_count_with_no_record_behind_it_is_rejected_with_formerr() {
        byte[] message = new WireMessage().header(16, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the additional section is cut short");
    }

    @Test
    void an_additional_record_with_an_out_of_range_pointer_is_rejected_as_malformed() {
        byte[] message = new WireMessage().header(17, RD, 1, 0, 0, 1).name("a", "example").u16(1).u16(1)
                .u16(0xC000 | 0x3FFF).u16(41).u16(1232).u32(0).u16(0).bytes();

        QueryParser.Rejected rejected = rejected(message);

        assertThat(rejected.rcode()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(rejected.reason()).isEqualTo("the additional section is malformed");
        assertThat(rejected.query()).isNull();
    }

    // --- ignored messages ---

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 11})
    void a_message_shorter_than_a_header_is_ignored(int length) {
        byte[] message = Arrays.copyOf(new WireMessage().header(1, RD, 1, 0, 0, 0).bytes(), length);

        QueryParser.Outcome outcome = parse(message);

        assertThat(outcome).isEqualTo(new QueryParser.Ignored("short",
                "a message of " + length + " bytes is shorter than a DNS header"));
    }

    @Test
    void a_response_is_ignored_rather_than_answered() {
        byte[] message = new WireMessage().header(1, 0x8000 | RD, 1, 0, 0, 0).name("a", "example").u16(1).u16(1).bytes();

        QueryParser.Outcome outcome = parse(message);

        assertThat(outcome).isEqualTo(new QueryParser.Ignored("response", "the message is a response, not a query"));
    }

    @Test
    void a_malformed_response_is_still_ignored_rather_than_rejected() {
        byte[] message = new WireMessage().header(1, 0x8000 | (4 << 11), 5, 5, 5, 5).bytes();

        assertThat(parse(message)).isEqualTo(
                new QueryParser.Ignored("response", "the message is a response, not a query"));
    }

    // --- helpers ---

    private static QueryParser.Outcome parse(byte[] message) {
        return QueryParser.parse(Unpooled.wrappedBuffer(message));
    }

    private static QueryParser.Accepted accepted(byte[] message) {
        QueryParser.Outcome outcome = parse(message);
        assertThat(outcome).isInstanceOf(QueryParser.Accepted.class);
        return (QueryParser.Accepted) outcome;
    }

    private static QueryParser.Rejected rejected(byte[] message) {
        QueryParser.Outcome outcome = parse(message);
        assertThat(outcome).isInstanceOf(QueryParser.Rejected.class);
        return (QueryParser.Rejected) outcome;
    }

    private static byte[] repeat(char c, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}
