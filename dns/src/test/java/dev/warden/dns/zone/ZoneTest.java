package dev.warden.dns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.dns.ResourceRecord;
import dev.warden.dns.WireNames;
import dev.warden.dns.zone.ZoneAnswer.Kind;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ZoneTest {

    private static final Zone EXAMPLE = ExampleZone.parse();

    private static List<String> describe(List<ResourceRecord> records) {
        return records.stream().map(ZoneTest::describe).toList();
    }

    private static String describe(ResourceRecord record) {
        String data = record.type().equals(DnsRecordType.CNAME)
                ? record.cnameTarget()
                : HexFormat.of().formatHex(record.rdata());
        return record.name() + " " + record.ttl() + " " + record.type().name() + " " + data;
    }

    @Test
    void data_for_the_name_and_type_is_the_answer() {
        ZoneAnswer answer = EXAMPLE.lookup("api.example.", DnsRecordType.A);

        assertThat(answer.kind()).isEqualTo(Kind.ANSWER);
        assertThat(describe(answer.answers()))
                .containsExactly("api.example. 3600 A c0000201", "api.example. 3600 A c0000202");
        assertThat(answer.soa()).isNull();
        assertThat(answer.unresolvedTarget()).isNull();
    }

    @Test
    void a_cname_chain_inside_the_file_is_followed_and_listed_in_order_before_the_data() {
        ZoneAnswer answer = EXAMPLE.lookup("www.example.", DnsRecordType.A);

        assertThat(answer.kind()).isEqualTo(Kind.ANSWER);
        assertThat(describe(answer.answers())).containsExactly(
                "www.example. 3600 CNAME web.example.",
                "web.example. 3600 CNAME api.example.",
                "api.example. 3600 A c0000201",
                "api.example. 3600 A c0000202");
        assertThat(answer.unresolvedTarget()).isNull();
    }

    @Test
    void asking_for_the_cname_itself_returns_only_the_cname() {
        assertThat(describe(EXAMPLE.lookup("www.example.", DnsRecordType.CNAME).answers()))
                .containsExactly("www.example. 3600 CNAME web.example.");
    }

    @Test
    void a_chain_leaving_the_file_carries_the_cnames_so_far_and_the_target_to_resolve_elsewhere() {
        ZoneAnswer answer = EXAMPLE.lookup("docs.example.", DnsRecordType.A);

        assertThat(answer.kind()).isEqualTo(Kind.ANSWER);
        assertThat(describe(answer.answers())).containsExactly("docs.example. 3600 CNAME docs.vendor.net.");
        assertThat(answer.unresolvedTarget()).isEqualTo("docs.vendor.net.");
        assertThat(answer.soa()).isNull();
    }

    @Test
    void an_existing_name_without_the_type_is_nodata_with_the_apex_soa_at_the_negative_ttl() {
        ZoneAnswer answer = EXAMPLE.lookup("api.example.", DnsRecordType.MX);

        assertThat(answer.kind()).isEqualTo(Kind.NODATA);
        assertThat(answer.answers()).isEmpty();
        assertThat(answer.soa().name()).isEqualTo("example.");
        assertThat(answer.soa().type()).isEqualTo(DnsRecordType.SOA);
        assertThat(answer.soa().ttl()).as("min(SOA TTL 3600, MINIMUM 300)").isEqualTo(300);
    }

    @Test
    void a_name_that_does_not_exist_is_nxdomain_with_the_apex_soa_at_the_negative_ttl() {
        ZoneAnswer answer = EXAMPLE.lookup("nope.example.", DnsRecordType.A);

        assertThat(answer.kind()).isEqualTo(Kind.NXDOMAIN);
        assertThat(answer.answers()).isEmpty();
        assertThat(answer.soa().name()).isEqualTo("example.");
        assertThat(answer.soa().ttl()).isEqualTo(300);
    }

    @Test
    void the_negative_ttl_is_the_soa_ttl_when_that_is_below_the_minimum_field() {
        Zone zone = ZoneFile.parse("example. 60 SOA ns1.example. hostmaster.example. 1 1h 15m 1w 1h\n", "z.db");

        assertThat(zone.lookup("nope.example.", DnsRecordType.A).soa().ttl()).isEqualTo(60);
        assertThat(zone.lookup("example.", DnsRecordType.SOA).answers().get(0).ttl())
                .as("the SOA itself keeps its TTL").isEqualTo(60);
    }

    @Test
    void an_empty_non_terminal_exists_so_it_is_nodata_not_nxdomain() {
        assertThat(EXAMPLE.lookup("b.deep.example.", DnsRecordType.A).kind()).isEqualTo(Kind.NODATA);
        assertThat(EXAMPLE.lookup("deep.example.", DnsRecordType.A).kind()).isEqualTo(Kind.NODATA);
        assertThat(EXAMPLE.lookup("c.deep.example.", DnsRecordType.A).kind()).isEqualTo(Kind.NXDOMAIN);
    }

    @Test
    void a_wildcard_answers_names_below_its_parent_that_do_not_exist_with_the_qname_as_owner() {
        assertThat(describe(EXAMPLE.lookup("x.apps.example.", DnsRecordType.A).answers()))
                .containsExactly("x.apps.example. 3600 A c0000250");
        assertThat(describe(EXAMPLE.lookup("y.x.apps.example.", DnsRecordType.A).answers()))
                .containsExactly("y.x.apps.example. 3600 A c0000250");
        ZoneAnswer otherType = EXAMPLE.lookup("x.apps.example.", DnsRecordType.AAAA);
        assertThat(otherType.kind()).isEqualTo(Kind.NODATA);
        assertThat(otherType.soa().name()).isEqualTo("example.");
    }

    @Test
    void a_wildcard_does_not_apply_to_existing_names_nor_below_them() {
        assertThat(describe(EXAMPLE.lookup("web.apps.example.", DnsRecordType.A).answers()))
                .containsExactly("web.apps.example. 3600 A c0000251");
        assertThat(EXAMPLE.lookup("web.apps.example.", DnsRecordType.TXT).kind()).isEqualTo(Kind.NODATA);
        assertThat(EXAMPLE.lookup("x.web.apps.example.", DnsRecordType.A).kind())
                .as("closest encloser web.apps.example. has no wildcard").isEqualTo(Kind.NXDOMAIN);
        assertThat(EXAMPLE.lookup("apps.example.", DnsRecordType.A).kind())
                .as("the wildcard's parent is an empty non-terminal").isEqualTo(Kind.NODATA);
    }

    @Test
    void a_wildcard_cname_is_synthesised_for_the_qname_and_followed() {
        Zone zone = ZoneFile.parse("""
                $ORIGIN example.
                $TTL 1h
                @ SOA ns1 hostmaster 1 1h 15m 1w 5m
                *.cdn CNAME edge
                edge A 192.0.2.7
                """, "z.db");

        assertThat(describe(zone.lookup("img.cdn.example.", DnsRecordType.A).answers())).containsExactly(
                "img.cdn.example. 3600 CNAME edge.example.", "edge.example. 3600 A c0000207");
    }

    @Test
    void outside_every_apex_only_exact_data_or_a_cname_is_answered() {
        assertThat(describe(EXAMPLE.lookup("1.2.0.192.in-addr.arpa.", DnsRecordType.PTR).answers()))
                .containsExactly("1.2.0.192.in-addr.arpa. 3600 PTR " + HexFormat.of().formatHex(WireNames.encode("api.example.")));
        assertThat(EXAMPLE.lookup("1.2.0.192.in-addr.arpa.", DnsRecordType.A).kind()).isEqualTo(Kind.NOT_IN_ZONE);
        assertThat(EXAMPLE.lookup("2.0.192.in-addr.arpa.", DnsRecordType.PTR).kind()).isEqualTo(Kind.NOT_IN_ZONE);
        assertThat(EXAMPLE.lookup("2.2.0.192.in-addr.arpa.", DnsRecordType.PTR).kind()).isEqualTo(Kind.NOT_IN_ZONE);
        assertThat(EXAMPLE.lookup("example.org.", DnsRecordType.A)).isEqualTo(ZoneAnswer.notInZone());
    }

    @Test
    void a_cname_outside_any_apex_is_followed_into_an_apex() {
        Zone zone = ZoneFile.parse("""
                $TTL 1h
                example. SOA ns1.example. hostmaster.example. 1 1h 15m 1w 5m
                api.example. A 192.0.2.1
                alias.corp. CNAME api.example.
                gone.corp. CNAME missing.example.
                """, "z.db");

        assertThat(describe(zone.lookup("alias.corp.", DnsRecordType.A).answers()))
                .containsExactly("alias.corp. 3600 CNAME api.example.", "api.example. 3600 A c0000201");
        ZoneAnswer gone = zone.lookup("gone.corp.", DnsRecordType.A);
        assertThat(gone.kind()).as("RFC 6604: the rcode is that of the last name").isEqualTo(Kind.NXDOMAIN);
        assertThat(describe(gone.answers())).containsExactly("gone.corp. 3600 CNAME missing.example.");
        assertThat(gone.soa().name()).isEqualTo("example.");
    }

    @Test
    void a_chain_ending_at_an_existing_name_without_the_type_is_nodata_with_the_cnames() {
        ZoneAnswer answer = EXAMPLE.lookup("www.example.", DnsRecordType.TXT);

        assertThat(answer.kind()).isEqualTo(Kind.NODATA);
        assertThat(answer.answers()).extracting(ResourceRecord::type).containsOnly(DnsRecordType.CNAME).hasSize(2);
        assertThat(answer.soa().ttl()).isEqualTo(300);
    }

    @Test
    void a_cname_loop_stops_at_the_repeated_name() {
        Zone zone = ZoneFile.parse("""
                $ORIGIN example.
                $TTL 1h
                @ SOA ns1 hostmaster 1 1h 15m 1w 5m
                ping CNAME pong
                pong CNAME ping
                """, "z.db");

        ZoneAnswer answer = zone.lookup("ping.example.", DnsRecordType.A);
        assertThat(answer.kind()).isEqualTo(Kind.ANSWER);
        assertThat(describe(answer.answers()))
                .containsExactly("ping.example. 3600 CNAME pong.example.", "pong.example. 3600 CNAME ping.example.");
        assertThat(answer.unresolvedTarget()).isNull();
    }

    @Test
    void a_cname_chain_is_followed_for_at_most_eight_links() {
        StringBuilder text = new StringBuilder("$ORIGIN example.\n$TTL 1h\n@ SOA ns1 hostmaster 1 1h 15m 1w 5m\n");
        IntStream.range(0, 12).forEach(i -> text.append("c").append(i).append(" CNAME c").append(i + 1).append('\n'));
        text.append("c12 A 192.0.2.1\n");

        ZoneAnswer answer = ZoneFile.parse(text.toString(), "z.db").lookup("c0.example.", DnsRecordType.A);

        assertThat(answer.answers()).hasSize(8).extracting(ResourceRecord::type).containsOnly(DnsRecordType.CNAME);
        assertThat(answer.unresolvedTarget()).isNull();
    }

    @Test
    void the_closest_enclosing_apex_supplies_the_soa() {
        Zone zone = ZoneFile.parse("""
                $TTL 1h
                example. SOA ns1.example. hostmaster.example. 1 1h 15m 1w 5m
                lab.example. SOA ns1.example. hostmaster.example. 1 1h 15m 1w 1m
                """, "z.db");

        assertThat(zone.apexes()).containsExactly("example.", "lab.example.");
        assertThat(zone.lookup("x.lab.example.", DnsRecordType.A).soa().name()).isEqualTo("lab.example.");
        assertThat(zone.lookup("x.lab.example.", DnsRecordType.A).soa().ttl()).isEqualTo(60);
        assertThat(zone.lookup("x.example.", DnsRecordType.A).soa().name()).isEqualTo("example.");
    }

    @Test
    void the_empty_zone_is_not_in_zone_for_everything() {
        assertThat(Zone.empty().lookup("example.", DnsRecordType.SOA).kind()).isEqualTo(Kind.NOT_IN_ZONE);
        assertThat(Zone.empty().apexes()).isEmpty();
    }
}
