package dev.warden.dns.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.dns.ResourceRecord;
import dev.warden.dns.WireNames;
import io.netty.handler.codec.dns.DnsRecordType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ZoneFileTest {

    private static final Zone EXAMPLE = ExampleZone.parse();

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static List<ResourceRecord> records(String name, DnsRecordType type) {
        return EXAMPLE.records().stream()
                .filter(record -> record.name().equals(name) && record.type().equals(type))
                .toList();
    }

    private static byte[] rdata(String name, DnsRecordType type) {
        return records(name, type).get(0).rdata();
    }

    @Test
    void a_realistic_zone_yields_every_record_with_absolute_lower_case_owners_in_file_order() {
        assertThat(EXAMPLE.records()).extracting(record -> record.name() + " " + record.ttl() + " " + record.type().name())
                .containsExactly(
                        "example. 3600 SOA",
                        "example. 3600 NS",
                        "example. 3600 NS",
                        "example. 3600 MX",
                        "ns1.example. 3600 A",
                        "ns2.example. 600 A",
                        "mail.example. 600 A",
                        "api.example. 3600 A",
                        "api.example. 3600 A",
                        "api.example. 3600 AAAA",
                        "www.example. 3600 CNAME",
                        "web.example. 3600 CNAME",
                        "docs.example. 3600 CNAME",
                        "txt.example. 3600 TXT",
                        "_sip._tcp.example. 3600 SRV",
                        "sip.example. 3600 A",
                        "*.apps.example. 3600 A",
                        "web.apps.example. 3600 A",
                        "a.b.deep.example. 3600 A",
                        "caa.example. 3600 CAA",
                        "1.2.0.192.in-addr.arpa. 3600 PTR");
        assertThat(EXAMPLE.apexes()).containsExactly("example.");
    }

    @Test
    void an_a_record_is_the_four_address_octets() {
        assertThat(rdata("api.example.", DnsRecordType.A)).isEqualTo(hex("c0000201"));
    }

    @Test
    void an_aaaa_record_is_the_sixteen_address_octets() {
        assertThat(rdata("api.example.", DnsRecordType.AAAA)).isEqualTo(hex("20010db8 00000000 00000000 00000001"));
    }

    @Test
    void an_mx_record_is_a_two_byte_preference_and_the_uncompressed_exchange_name() {
        assertThat(rdata("example.", DnsRecordType.MX)).isEqualTo(hex("000a 046d61696c 076578616d706c65 00"));
    }

    @Test
    void cname_ns_and_ptr_records_are_the_target_name_completed_from_the_origin() {
        assertThat(rdata("www.example.", DnsRecordType.CNAME)).isEqualTo(WireNames.encode("web.example."));
        assertThat(rdata("docs.example.", DnsRecordType.CNAME)).isEqualTo(WireNames.encode("docs.vendor.net."));
        assertThat(records("example.", DnsRecordType.NS)).extracting(ResourceRecord::rdata)
                .containsExactly(WireNames.encode("ns1.example."), WireNames.encode("ns2.example."));
        assertThat(rdata("1.2.0.192.in-addr.arpa.", DnsRecordType.PTR)).isEqualTo(WireNames.encode("api.example."));
    }

    @Test
    void a_txt_record_is_each_string_length_prefixed_with_quote_backslash_and_decimal_escapes_decoded() {
        assertThat(rdata("txt.example.", DnsRecordType.TXT)).isEqualTo(concat(
                hex("0b"), "v=spf1 -all".getBytes(),
                hex("0c"), "say \"hi\"\\now".getBytes(),
                hex("03"), "ABC".getBytes()));
    }

    @Test
    void an_srv_record_is_priority_weight_port_and_target() {
        assertThat(rdata("_sip._tcp.example.", DnsRecordType.SRV))
                .isEqualTo(concat(hex("000a 0005 13c4"), WireNames.encode("sip.example.")));
    }

    @Test
    void an_soa_record_is_two_names_and_five_32_bit_numbers_with_units_turned_into_seconds() {
        assertThat(rdata("example.", DnsRecordType.SOA)).isEqualTo(concat(
                WireNames.encode("ns1.example."), WireNames.encode("hostmaster.example."),
                hex("78a3f175"), hex("00001c20"), hex("00000384"), hex("00127500"), hex("0000012c")));
    }

    @Test
    void a_caa_record_is_flags_tag_length_tag_and_value() {
        assertThat(rdata("caa.example.", DnsRecordType.CAA))
                .isEqualTo(concat(hex("00 05"), "issue".getBytes(), "letsencrypt.org".getBytes()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ::                    | 00000000000000000000000000000000
            2001:DB8:0:0:0:0:0:1  | 20010db8000000000000000000000001
            ::ffff:192.0.2.1      | 00000000000000000000ffffc0000201
            64:ff9b::192.0.2.1    | 0064ff9b0000000000000000c0000201
            """)
    void aaaa_accepts_every_rfc_4291_text_form(String address, String octets) {
        Zone zone = ZoneFile.parse("$TTL 1h\nhost.example. AAAA " + address + "\n", "z.db");
        assertThat(zone.records().get(0).rdata()).isEqualTo(hex(octets));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            300      | 300
            1h30m    | 5400
            2d       | 172800
            1w       | 604800
            1H30M    | 5400
            1w2d3h4m5s | 788645
            """)
    void ttls_are_seconds_or_bind_units_in_any_case(String ttl, long seconds) {
        Zone zone = ZoneFile.parse("host.example. " + ttl + " IN A 192.0.2.1\n", "z.db");
        assertThat(zone.records().get(0).ttl()).isEqualTo(seconds);
    }

    @Test
    void a_record_without_ttl_takes_the_dollar_ttl_or_else_the_previous_records_ttl() {
        Zone withoutDefault = ZoneFile.parse("""
                a.example. 600 A 192.0.2.1
                b.example. A 192.0.2.2
                """, "z.db");
        Zone withDefault = ZoneFile.parse("""
                $TTL 100
                a.example. 600 A 192.0.2.1
                b.example. A 192.0.2.2
                """, "z.db");
        assertThat(withoutDefault.records()).extracting(ResourceRecord::ttl).containsExactly(600L, 600L);
        assertThat(withDefault.records()).extracting(ResourceRecord::ttl).containsExactly(600L, 100L);
    }

    @Test
    void ttl_and_class_may_come_in_either_order_or_not_at_all() {
        Zone zone = ZoneFile.parse("""
                $ORIGIN example.
                $TTL 60
                a 300 IN A 192.0.2.1
                b IN 300 A 192.0.2.1
                c IN A 192.0.2.1
                d 300 A 192.0.2.1
                e A 192.0.2.1
                """, "z.db");
        assertThat(zone.records()).extracting(ResourceRecord::ttl).containsExactly(300L, 300L, 60L, 300L, 60L);
    }

    @Test
    void a_relative_origin_is_completed_from_the_current_one_and_at_sign_stands_for_it() {
        Zone zone = ZoneFile.parse("""
                $TTL 60
                $ORIGIN Example.
                $ORIGIN Lab
                @ A 192.0.2.1
                """, "z.db");
        assertThat(zone.records().get(0).name()).isEqualTo("lab.example.");
    }

    @Test
    void parse_reads_a_file_and_names_it_in_problems(@TempDir Path dir) throws IOException {
        Path good = Files.writeString(dir.resolve("good.zone"), ExampleZone.TEXT);
        Path bad = Files.writeString(dir.resolve("bad.zone"), "$TTL 60\nhost.example. A 1.2.3\n");
        assertThat(ZoneFile.parse(good).records()).hasSameSizeAs(EXAMPLE.records());
        assertThatThrownBy(() -> ZoneFile.parse(bad))
                .hasMessage(bad + ":2:17: A record needs an IPv4 address like 192.0.2.1, got '1.2.3'");
    }

    @Test
    void every_problem_is_reported_on_its_own_line_in_file_order() {
        assertThatThrownBy(() -> ZoneFile.parse("""
                $ORIGIN example.
                www 60 A 192.0.2.1
                www CNAME web
                bad A 1.2.3.4.5
                txt TXT "open
                ftp 1x A 192.0.2.1
                """, "z.db"))
                .isInstanceOfSatisfying(ZoneFileException.class, problem -> assertThat(problem.problems()).containsExactly(
                        "z.db:3:1: www.example. has a CNAME at line 3 and A data at line 2; a name with a CNAME may hold no other records (RFC 1034 §3.6.2), so move one of them to another name",
                        "z.db:4:7: A record needs an IPv4 address like 192.0.2.1, got '1.2.3.4.5'",
                        "z.db:5:9: quoted string is not closed; end it with '\"' on the same line",
                        "z.db:6:5: TTL must be a number, or a duration like 1h30m (units w, d, h, m, s), got '1x'"))
                .message().startsWith("z.db:3:1: www.example. has a CNAME").contains("\nz.db:4:7: ");
    }

    static Stream<Arguments> badInputs() {
        String label64 = "a".repeat(64);
        String label63 = "b".repeat(63);
        return Stream.of(
                bad("www A 01.2.3.4",
                        "3:7: A record needs an IPv4 address like 192.0.2.1, got '01.2.3.4'"),
                bad("www A 1.2.3",
                        "3:7: A record needs an IPv4 address like 192.0.2.1, got '1.2.3'"),
                bad("www A 300.1.1.1",
                        "3:7: A record needs an IPv4 address like 192.0.2.1, got '300.1.1.1'"),
                bad("www AAAA 2001:db8::g",
                        "3:10: AAAA record needs an IPv6 address like 2001:db8::1, got '2001:db8::g'"),
                bad("www AAAA localhost",
                        "3:10: AAAA record needs an IPv6 address like 2001:db8::1, got 'localhost'"),
                bad("www AAAA .:1",
                        "3:10: AAAA record needs an IPv6 address like 2001:db8::1, got '.:1'"),
                bad("www AAAA 192.0.2.1",
                        "3:10: AAAA record needs an IPv6 address like 2001:db8::1, got '192.0.2.1'"),
                bad(label64 + " A 192.0.2.1",
                        "3:1: label '" + label64 + "' is 64 characters long; a label may have at most 63, so shorten it"),
                bad(String.join(".", label63, label63, label63, label63) + " A 192.0.2.1",
                        "3:1: name is 265 octets long in wire format; the limit is 255, so use fewer or shorter labels"),
                bad("www..x A 192.0.2.1",
                        "3:1: 'www..x' has an empty label; remove the extra '.'"),
                bad("w!w A 192.0.2.1",
                        "3:1: 'w!w' contains '!'; names may only use letters, digits, '-' and '_'"),
                bad("a.*.b A 192.0.2.1",
                        "3:1: '*' may only be the whole first label of an owner name, as in *.example."),
                bad("www CNAME *.example.",
                        "3:11: '*' may only be the whole first label of an owner name, as in *.example."),
                bad("www HINFO \"pc\" \"linux\"",
                        "3:5: unsupported record type 'HINFO'; use one of A, AAAA, CNAME, NS, PTR, MX, TXT, SRV, SOA, CAA"),
                bad("www CH A 192.0.2.1",
                        "3:5: class CH is not supported; write IN or leave the class out"),
                bad("www 300",
                        "3:5: record has no type; write the type and its data, like 'A 192.0.2.1'"),
                bad("www 1x A 192.0.2.1",
                        "3:5: TTL must be a number, or a duration like 1h30m (units w, d, h, m, s), got '1x'"),
                bad("www 3000000000 A 192.0.2.1",
                        "3:5: TTL '3000000000' is over the maximum of 2147483647"),
                bad("www MX 10",
                        "3:5: MX record is missing its mail server name; write it like 'MX 10 mail.example.'"),
                bad("www MX 70000 mail",
                        "3:8: MX preference must be a whole number from 0 to 65535, got '70000'"),
                bad("www A 192.0.2.1 192.0.2.2",
                        "3:17: unexpected '192.0.2.2' after the A data; write it like 'A 192.0.2.1'"),
                bad("www TXT \"" + "x".repeat(256) + "\"",
                        "3:9: TXT string is 256 octets long; a string may have at most 255, so split it into several quoted strings"),
                bad("www TXT \"\\256\"",
                        "3:9: escape '\\256' in \"\\256\" is not a byte; write \\DDD with three decimal digits from 000 to 255"),
                bad("www TXT \"\\12\"",
                        "3:9: escape '\\12' in \"\\12\" is not a byte; write \\DDD with three decimal digits from 000 to 255"),
                bad("www TXT end\\",
                        "3:9: '\\' at the end of end\\ escapes nothing; write '\\\\' for a backslash"),
                bad("www TXT \"open",
                        "3:9: quoted string is not closed; end it with '\"' on the same line"),
                bad("www CAA 0 is-sue \"ca.example\"",
                        "3:11: CAA tag must be 1 to 15 letters or digits, like issue, issuewild or iodef, got 'is-sue'"),
                bad("@ SOA ns1 hostmaster ( 1 2 3 4 5\nwww A 192.0.2.1",
                        "3:22: '(' is never closed; add ')' after the last field of the record"),
                bad("www A 192.0.2.1 )",
                        "3:17: ')' has no matching '('; remove it, or put '(' before the fields it closes"),
                bad("www CNAME web\nwww A 192.0.2.1",
                        "4:1: www.example. has a CNAME at line 3 and A data at line 4; a name with a CNAME may hold no other records (RFC 1034 §3.6.2), so move one of them to another name"),
                bad("www CNAME web\nwww CNAME api",
                        "4:1: www.example. already has a CNAME at line 3; a name may have only one CNAME, so remove one of them"),
                bad("$INCLUDE other.zone",
                        "3:1: $INCLUDE is not supported; write the records into this file"),
                bad("$GENERATE 1-10 host$ A 192.0.2.$",
                        "3:1: $GENERATE is not supported; write the records into this file"),
                bad("$TTL",
                        "3:1: $TTL needs a value; write it like '$TTL 1h'"),
                bad("$ORGIN example.",
                        "3:1: unknown directive '$ORGIN'; use $ORIGIN or $TTL"),
                bad(" A 192.0.2.1",
                        "3:2: this line starts with a space or tab, so it reuses the previous owner name, but there is none; start the line with the owner name"));
    }

    private static Arguments bad(String lines, String problem) {
        return Arguments.of(lines, "z.db:" + problem);
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void a_bad_input_is_reported_at_its_file_line_and_column_with_what_to_write_instead(String lines, String problem) {
        assertThatThrownBy(() -> ZoneFile.parse("$ORIGIN example.\n$TTL 1h\n" + lines + "\n", "z.db"))
                .isInstanceOf(ZoneFileException.class)
                .hasMessage(problem);
    }

    @Test
    void a_record_is_an_error_without_dollar_ttl_or_an_earlier_ttl() {
        assertThatThrownBy(() -> ZoneFile.parse("$ORIGIN example.\nwww A 192.0.2.1\n", "z.db"))
                .hasMessage("z.db:2:1: record has no TTL and no $TTL comes before it;"
                        + " add '$TTL 1h' at the top of the file or write a TTL before the type");
    }

    @Test
    void a_relative_name_without_origin_is_an_error() {
        assertThatThrownBy(() -> ZoneFile.parse("$TTL 1h\nwww A 192.0.2.1\n", "z.db"))
                .hasMessage("z.db:2:1: 'www' needs an $ORIGIN to complete it, but none is set;"
                        + " add '$ORIGIN example.' above this line or write the full name ending in '.'");
    }

    @Test
    void an_apex_with_two_soas_is_an_error() {
        assertThatThrownBy(() -> ZoneFile.parse("""
                $TTL 1h
                example. SOA ns1.example. hostmaster.example. 1 1h 15m 1w 5m
                example. SOA ns1.example. hostmaster.example. 2 1h 15m 1w 5m
                """, "z.db"))
                .hasMessage("z.db:3:1: example. already has an SOA at line 2; a zone apex has exactly one SOA, so remove one of them");
    }
}
