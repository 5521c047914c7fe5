package dev.warden.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} is read as {1}")
    @CsvSource({
        "0.0.0.0, 0.0.0.0",
        "192.0.2.1, 192.0.2.1",
        "255.255.255.255, 255.255.255.255",
        "10.0.0.1, 10.0.0.1",
    })
    void dotted_quads_round_trip(String text, String expected) {
        assertThat(IpAddress.parse(text)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource(delimiter = '|', value = {
        // RFC 5952 section 4.1: no leading zeros
        "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
        // RFC 5952 section 2: the many ways of writing one address all come out the same
        "2001:db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:0db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:db8::1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:db8::0:1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:0db8::1:0:0:1 | 2001:db8::1:0:0:1",
        "2001:db8:0:0:1::1 | 2001:db8::1:0:0:1",
        "2001:db8:0000:0:1::1 | 2001:db8::1:0:0:1",
        "2001:DB8:0:0:1::1 | 2001:db8::1:0:0:1",
        // RFC 5952 section 4.2.1: shorten as much as possible
        "2001:db8:0:0:0:0:2:1 | 2001:db8::2:1",
        // RFC 5952 section 4.2.2: a single zero group is not compressed
        "2001:db8:0:1:1:1:1:1 | 2001:db8:0:1:1:1:1:1",
        // RFC 5952 section 4.2.3: the longest run wins, the leftmost on a tie
        "2001:0:0:1:0:0:0:1 | 2001:0:0:1::1",
        "2001:db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1",
        // RFC 5952 section 4.3: lowercase
        "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF | 2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff",
        // RFC 5952 section 5: IPv4-mapped addresses keep the dotted tail
        "::ffff:192.0.2.1 | ::ffff:192.0.2.1",
        "::ffff:c000:0201 | ::ffff:192.0.2.1",
        // other embedded IPv4 forms are plain hex
        "::192.0.2.1 | ::c000:201",
        "64:ff9b::192.0.2.1 | 64:ff9b::c000:201",
        "1:2:3:4:5:6:1.2.3.4 | 1:2:3:4:5:6:102:304",
        "0:0:0:0:0:0:0:0 | ::",
        "0:0:0:0:0:0:0:1 | ::1",
        "1:0:0:0:0:0:0:0 | 1::",
        "1:2:3:4:5:6:7:: | 1:2:3:4:5:6:7:0",
        "::2:3:4:5:6:7:8 | 0:2:3:4:5:6:7:8",
        "fe80:0:0:0:0:0:0:1 | fe80::1",
    })
    void ipv6_is_written_in_rfc_5952_canonical_form(String text, String expected) {
        assertThat(IpAddress.parse(text)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\" | is empty; write IPv4 as four decimal octets such as 192.0.2.1, or IPv6 such as 2001:db8::1",
        "010.0.0.1 | has an octet with a leading zero, which some resolvers read as octal; write 10.0.0.1 if you mean decimal",
        "10.0.0.01 | has an octet with a leading zero, which some resolvers read as octal; write 10.0.0.1 if you mean decimal",
        "0300.0.0.1 | has an octet with a leading zero, which some resolvers read as octal; write each octet as a decimal number 0 to 255 without leading zeros",
        "256.0.0.1 | has 256 as octet 1; each octet is 0 to 255",
        "1.2.3.1000 | has 1000 as octet 4; each octet is 0 to 255",
        "127.1 | has 2 dot-separated parts; an IPv4 address has exactly four, such as 192.0.2.1",
        "1.2.3.4.5 | has 5 dot-separated parts; an IPv4 address has exactly four, such as 192.0.2.1",
        "1..2.3 | has an empty octet 2; an IPv4 address has four decimal octets such as 192.0.2.1",
        "0x7f.0.0.1 | is not an IP address; write IPv4 as four decimal octets such as 192.0.2.1, or IPv6 such as 2001:db8::1",
        "2130706433 | is a single number, which some resolvers read as an IPv4 address; write four decimal octets such as 192.0.2.1",
        "api.vendor.example | is not an IP address; write IPv4 as four decimal octets such as 192.0.2.1, or IPv6 such as 2001:db8::1",
        "\" 1.2.3.4\" | is not an IP address; write IPv4 as four decimal octets such as 192.0.2.1, or IPv6 such as 2001:db8::1",
        "١.2.3.4 | is not an IP address; write IPv4 as four decimal octets such as 192.0.2.1, or IPv6 such as 2001:db8::1",
        "10.0.0.0/8 | has a prefix length; write a single address here, without /N",
        "fe80::1%eth0 | has a zone ID (%eth0), which only means something on one machine; write the address without it",
        "[2001:db8::1] | is wrapped in brackets; write the address without [ ], such as 2001:db8::1",
        "1:::2 | has ':::'; use '::' for one run of zero groups",
        "1::2::3 | uses '::' more than once; only one run of zero groups may be compressed",
        ":1:2:3:4:5:6:7 | starts with a single ':'; write '::' to compress leading zero groups",
        "1:2:3:4:5:6:7: | ends with a single ':'; write '::' to compress trailing zero groups",
        "1:2:3:4:5:6:7 | has 7 groups; write all eight, or use '::' for a run of zero groups",
        "1:2:3:4:5:6:7:8:9 | has 9 groups; write all eight, or use '::' for a run of zero groups",
        "1:2:3:4::5:6:7:8 | has '::' as well as 8 groups; '::' must stand for at least one zero group, so remove it or a group",
        "2001:db8::12345 | has more than four hex digits in group 3; each group is 16 bits, 0 to ffff",
        "2001:db8::g | contains 'g', which is not a hex digit; IPv6 groups use 0-9 and a-f, as in 2001:db8::1",
        "::1.2.3.4:5 | has an embedded IPv4 part before the end; dotted IPv4 may only be the last 32 bits, as in ::ffff:192.0.2.1",
        "::ffff:1.2.3.256 | has an invalid embedded IPv4 part: it has 256 as octet 4; each octet is 0 to 255",
        "::ffff:1.2.3 | has an invalid embedded IPv4 part: it has 3 dot-separated parts; an IPv4 address has exactly four, such as 192.0.2.1",
    })
    void ambiguous_or_malformed_text_is_refused_with_advice(String text, String message) {
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void bytes_are_copied_in_and_out() {
        byte[] original = {(byte) 192, 0, 2, 1};
        IpAddress address = IpAddress.of(original);
        original[3] = 99;
        address.bytes()[3] = 99;

        assertThat(address).hasToString("192.0.2.1");
        assertThat(address.bytes()).containsExactly((byte) 192, 0, 2, 1);
    }

    @Test
    void byte_arrays_of_other_lengths_are_refused() {
        assertThatThrownBy(() -> IpAddress.of(new byte[5]))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("has 5 bytes; an IP address has 4 (IPv4) or 16 (IPv6)");
    }

    @Test
    void family_and_bit_length_follow_the_byte_count() {
        IpAddress ipv4 = IpAddress.parse("192.0.2.1");
        IpAddress ipv6 = IpAddress.parse("2001:db8::1");

        assertThat(ipv4.isV4()).isTrue();
        assertThat(ipv4.bitLength()).isEqualTo(32);
        assertThat(ipv6.isV4()).isFalse();
        assertThat(ipv6.bitLength()).isEqualTo(128);
    }

    @Test
    void an_ipv4_address_and_its_ipv4_mapped_form_are_different_addresses() {
        assertThat(IpAddress.parse("192.0.2.1")).isNotEqualTo(IpAddress.parse("::ffff:192.0.2.1"));
    }

    @Test
    void equal_text_in_different_spellings_gives_equal_addresses() {
        IpAddress a = IpAddress.parse("2001:DB8:0:0::1");
        IpAddress b = IpAddress.parse("2001:db8::1");

        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }

    @Test
    void ordering_puts_ipv4_first_then_compares_bytes_unsigned() {
        List<IpAddress> addresses = new ArrayList<>(List.of(
                IpAddress.parse("::1"),
                IpAddress.parse("200.0.0.1"),
                IpAddress.parse("::"),
                IpAddress.parse("10.0.0.1"),
                IpAddress.parse("ff02::1")));
        Collections.sort(addresses);

        assertThat(addresses).extracting(IpAddress::toString)
                .containsExactly("10.0.0.1", "200.0.0.1", "::", "::1", "ff02::1");
    }

    @Test
    void conversion_to_the_jdk_keeps_the_family_even_for_ipv4_mapped_addresses() {
        InetAddress mapped = IpAddress.parse("::ffff:127.0.0.1").toInetAddress();
        InetAddress ipv4 = IpAddress.parse("127.0.0.1").toInetAddress();

        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(mapped.getAddress()).hasSize(16);
        assertThat(ipv4).isInstanceOf(Inet4Address.class);
        assertThat(ipv4.getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void conversion_from_the_jdk_drops_the_scope_id() throws Exception {
        byte[] linkLocal = IpAddress.parse("fe80::1").bytes();
        Inet6Address scoped = Inet6Address.getByAddress(null, linkLocal, 3);

        assertThat(IpAddress.of(scoped)).isEqualTo(IpAddress.parse("fe80::1"));
        assertThat(IpAddress.of(InetAddress.getByAddress(new byte[] {8, 8, 4, 4}))).hasToString("8.8.4.4");
    }
}
