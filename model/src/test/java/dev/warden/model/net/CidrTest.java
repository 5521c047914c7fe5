package dev.warden.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        "0.0.0.0/0, 0.0.0.0/0",
        "192.0.2.1, 192.0.2.1/32",
        "192.0.2.1/32, 192.0.2.1/32",
        "2001:DB8::/32, 2001:db8::/32",
        "2001:db8:0:0:0:0:0:1, 2001:db8::1/128",
        "::/0, ::/0",
        "::ffff:0:0/96, ::ffff:0.0.0.0/96",
    })
    void parses_to_the_canonical_network_and_length(String text, String canonical) {
        assertThat(Cidr.parse(text)).hasToString(canonical);
    }

    @Test
    void a_bare_address_is_the_single_address_block() {
        assertThat(Cidr.parse("192.0.2.1").prefixLength()).isEqualTo(32);
        assertThat(Cidr.parse("2001:db8::1").prefixLength()).isEqualTo(128);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "10.1.2.3/8 | has host bits set; the network is 10.0.0.0/8 (write 10.1.2.3/32 for the single address)",
        "192.168.1.1/24 | has host bits set; the network is 192.168.1.0/24 (write 192.168.1.1/32 for the single address)",
        "10.0.0.1/31 | has host bits set; the network is 10.0.0.0/31 (write 10.0.0.1/32 for the single address)",
        "2001:db8::1/32 | has host bits set; the network is 2001:db8::/32 (write 2001:db8::1/128 for the single address)",
        "2001:db8:8000::/32 | has host bits set; the network is 2001:db8::/32 (write 2001:db8:8000::/128 for the single address)",
        "10.0.0.0/33 | has prefix length /33, but IPv4 prefixes range from /0 to /32",
        "2001:db8::/129 | has prefix length /129, but IPv6 prefixes range from /0 to /128",
        "10.0.0.0/99999999999 | has prefix length /99999999999, but IPv4 prefixes range from /0 to /32",
        "10.0.0.0/08 | has a leading zero in the prefix length; write it as /8",
        "10.0.0.0/00 | has a leading zero in the prefix length; write it as /0",
        "10.0.0.0/ | has nothing after '/'; write a prefix length from /0 to /32, or drop the '/' for a single address",
        "2001:db8::/ | has nothing after '/'; write a prefix length from /0 to /128, or drop the '/' for a single address",
        "10.0.0.0/+8 | has a prefix length that is not a plain decimal number; write a number from 0 to 32 after the '/'",
        "10.0.0.0/-1 | has a prefix length that is not a plain decimal number; write a number from 0 to 32 after the '/'",
        "10.0.0.0/8/9 | has a prefix length that is not a plain decimal number; write a number from 0 to 32 after the '/'",
        "\"\" | is empty; write an address range such as 192.0.2.0/24 or 2001:db8::/32, or a single address",
        "010.0.0.0/8 | has an octet with a leading zero, which some resolvers read as octal; write 10.0.0.0 if you mean decimal",
    })
    void invalid_ranges_are_refused_with_the_form_to_write(String text, String message) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void the_constructor_checks_the_same_rules_as_parse() {
        assertThatThrownBy(() -> new Cidr(IpAddress.parse("10.1.2.3"), 8))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("has host bits set; the network is 10.0.0.0/8 (write 10.1.2.3/32 for the single address)");
        assertThatThrownBy(() -> new Cidr(IpAddress.parse("10.0.0.0"), -1))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("has prefix length /-1, but IPv4 prefixes range from /0 to /32");
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0, true",
        "10.0.0.0/8, 10.255.255.255, true",
        "10.0.0.0/8, 11.0.0.0, false",
        "10.0.0.0/8, 9.255.255.255, false",
        "172.16.0.0/12, 172.31.255.255, true",
        "172.16.0.0/12, 172.32.0.0, false",
        "0.0.0.0/0, 255.255.255.255, true",
        "192.0.2.1/32, 192.0.2.1, true",
        "192.0.2.1/32, 192.0.2.2, false",
        "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
        "2001:db8::/32, 2001:db9::, false",
        "::/0, 10.0.0.1, false",
        "0.0.0.0/0, ::1, false",
        "::ffff:0:0/96, 10.0.0.1, false",
    })
    void contains_an_address_only_within_the_block_and_family(String block, String address, boolean expected) {
        assertThat(Cidr.parse(block).contains(IpAddress.parse(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}, overlaps: {3}")
    @CsvSource({
        "10.0.0.0/8, 10.1.0.0/16, true, true",
        "10.1.0.0/16, 10.0.0.0/8, false, true",
        "10.0.0.0/8, 10.0.0.0/8, true, true",
        "10.0.0.0/8, 11.0.0.0/8, false, false",
        "10.0.0.0/9, 10.128.0.0/9, false, false",
        "0.0.0.0/0, 203.0.113.0/24, true, true",
        "2001:db8::/32, 2001:db8:1::/48, true, true",
        "::/0, 0.0.0.0/0, false, false",
    })
    void block_containment_and_overlap(String a, String b, boolean contains, boolean overlaps) {
        assertThat(Cidr.parse(a).contains(Cidr.parse(b))).isEqualTo(contains);
        assertThat(Cidr.parse(a).overlaps(Cidr.parse(b))).isEqualTo(overlaps);
        assertThat(Cidr.parse(b).overlaps(Cidr.parse(a))).isEqualTo(overlaps);
    }

    @ParameterizedTest(name = "{0} ends at {1}")
    @CsvSource({
        "10.0.0.0/8, 10.255.255.255",
        "192.0.2.0/24, 192.0.2.255",
        "192.0.2.128/25, 192.0.2.255",
        "100.64.0.0/10, 100.127.255.255",
        "192.0.2.1/32, 192.0.2.1",
        "0.0.0.0/0, 255.255.255.255",
        "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
        "fe80::/10, febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    })
    void last_address_sets_every_host_bit(String block, String last) {
        assertThat(Cidr.parse(block).lastAddress()).isEqualTo(IpAddress.parse(last));
    }

    @Test
    void halves_split_a_block_into_its_two_one_bit_longer_parts() {
        Cidr[] halves = Cidr.parse("10.0.0.0/8").halves();

        assertThat(halves).extracting(Cidr::toString).containsExactly("10.0.0.0/9", "10.128.0.0/9");
    }
}
