package dev.warden.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostnameTest {

    private static final String LABEL_63 = "a".repeat(63);

    @ParameterizedTest(name = "{0} is normalised to {1}")
    @CsvSource({
        "api.vendor.example, api.vendor.example",
        "API.Vendor.EXAMPLE, api.vendor.example",
        "api.vendor.example., api.vendor.example",
        "localhost, localhost",
        "1a.example, 1a.example",
        "example.1a, example.1a",
        "xn--BCHER-kva.example, xn--bcher-kva.example",
        // UTS #46 non-transitional: ß and final sigma are kept, not mapped to ss and σ as IDNA2003 did
        "faß.de, xn--fa-hia.de",
        "FAß.de, xn--fa-hia.de",
        "FASS.de, fass.de",
        "βόλος.com, xn--nxasmm1c.com",
        // an upper-case final sigma lowercases to σ, which gives a different name
        "ΒΌΛΟΣ.com, xn--nxasmq6b.com",
        // mixed-case Unicode
        "BÜCHER.example, xn--bcher-kva.example",
        "Bücher.Example., xn--bcher-kva.example",
        "例え.jp, xn--r8jz45g.jp",
        // ICU's UTS #46 tables accept emoji, although IDNA2008 itself does not
        "😀.example, xn--e28h.example",
        // full-width letters and ideographic and full-width dots map to ASCII
        "ＡＰＩ.example, api.example",
        "a。b．c｡example, a.b.c.example",
        // a soft hyphen is invisible and removed
        "ab\u00ADc.example, abc.example",
        "xn--fa-hia.de., xn--fa-hia.de",
    })
    void names_are_normalised_to_lowercase_a_labels(String text, String ascii) {
        assertThat(Hostname.parse(text)).isEqualTo(new Hostname(ascii)).hasToString(ascii);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\" | is empty; write a name such as api.vendor.example",
        ". | has only dots; write a host name such as api.vendor.example",
        ".. | has only dots; write a host name such as api.vendor.example",
        ".vendor.example | starts with a dot; write the name without it, or list *.vendor.example under `wildcards` for its subdomains",
        "vendor.example.. | ends with more than one dot; write at most one trailing dot",
        "a..b | has an empty label 2 (two dots in a row); remove one dot",
        "a.b..c. | has an empty label 3 (two dots in a row); remove one dot",
        "a_b.example | contains a character not allowed in host names: '_'; use letters, digits and hyphens",
        "a%b.example | contains a character not allowed in host names: '%'; use letters, digits and hyphens",
        "a\u0000b.example | contains a character not allowed in host names: U+0000; use letters, digits and hyphens",
        "a\u2488b.example | contains a character not allowed in host names: '\u2488' (U+2488); use letters, digits and hyphens",
        "https://api.vendor.example | contains a character not allowed in host names: ':'; write the host name alone, without scheme, port or path",
        "api.vendor.example:443 | contains a character not allowed in host names: ':'; write the host name alone, without scheme, port or path",
        "api.vendor.example/v1 | contains a character not allowed in host names: '/'; write the host name alone, without scheme, port or path",
        "-api.example | has label 1 that starts with a hyphen; a label starts and ends with a letter or digit",
        "api.vendor-.example | has label 2 that ends with a hyphen; a label starts and ends with a letter or digit",
        "-ü.example | has label 1 that starts with a hyphen; a label starts and ends with a letter or digit",
        "xn--zz.example | has label 1 that starts with xn-- but is not valid punycode; write the name in Unicode or copy the xn-- label exactly",
        "api.xn--a.example | has label 2 that starts with xn-- but is not valid punycode; write the name in Unicode or copy the xn-- label exactly",
        "\u0301a.example | has label 1 that starts with a combining mark; put the letter it belongs to first",
        "a\u200Db.example | has label 1 that contains a zero-width joiner or non-joiner where IDNA does not allow one; remove it",
        "\u00AD.example | has label 1 that is empty once IDNA removes its invisible characters; delete the label",
        "a\u0627.example | has label 1 that mixes right-to-left and left-to-right characters in a way IDNA forbids (RFC 5893)",
        "0a.\u05D0 | breaks the IDNA rules for names with right-to-left text (RFC 5893); check the order of right-to-left letters, digits and left-to-right labels",
        "*.vendor.example | contains '*'; list wildcard names under `wildcards` with `reviewed: true` and a `reason`",
        "api*.vendor.example | contains '*'; list wildcard names under `wildcards` with `reviewed: true` and a `reason`",
    })
    void malformed_names_are_refused_with_advice(String text, String message) {
        assertThatThrownBy(() -> Hostname.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void hyphens_in_positions_three_and_four_are_reserved_for_a_labels() {
        assertThatThrownBy(() -> Hostname.parse("ab--cd.example"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("has label 1 that contains \"--\" in the third and fourth positions,"
                        + " which DNS reserves for xn-- labels");
    }

    @ParameterizedTest(name = "whitespace in \"{0}\" is refused")
    @ValueSource(strings = {" api.example", "api.example ", "api .example", "api\t.example", "api\n.example",
            "api\u00A0.example", "api\u3000.example"})
    void whitespace_anywhere_is_refused(String text) {
        assertThatThrownBy(() -> Hostname.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("contains whitespace; write the name with no spaces, such as api.vendor.example");
    }

    @ParameterizedTest(name = "{0} belongs under cidrs")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1 | is an IP address, not a host name; list it under `cidrs` as 192.0.2.1/32",
        "192.0.2.1. | is an IP address, not a host name; list it under `cidrs` as 192.0.2.1/32",
        "１２７.０.０.１ | is an IP address, not a host name; list it under `cidrs` as 127.0.0.1/32",
        "2001:db8::1 | is an IP address, not a host name; list it under `cidrs` as 2001:db8::1/128",
        "[2001:DB8:0::1] | is an IP address, not a host name; list it under `cidrs` as 2001:db8::1/128",
        "::ffff:127.0.0.1 | is an IP address, not a host name; list it under `cidrs` as ::ffff:127.0.0.1/128",
        "[fe80::1%eth0] | looks like a bracketed IPv6 address; list IP addresses under `cidrs` without brackets, as a /128 such as 2001:db8::1/128",
        "[vendor.example] | looks like a bracketed IPv6 address; list IP addresses under `cidrs` without brackets, as a /128 such as 2001:db8::1/128",
        "010.0.0.1 | ends in a number, so resolvers and URL parsers may read it as an IPv4 address; list IP addresses under `cidrs` as a /32 in dotted-quad form, such as 192.0.2.1/32",
        "127.1 | ends in a number, so resolvers and URL parsers may read it as an IPv4 address; list IP addresses under `cidrs` as a /32 in dotted-quad form, such as 192.0.2.1/32",
        "2130706433 | ends in a number, so resolvers and URL parsers may read it as an IPv4 address; list IP addresses under `cidrs` as a /32 in dotted-quad form, such as 192.0.2.1/32",
        "0x7f000001 | ends in a number, so resolvers and URL parsers may read it as an IPv4 address; list IP addresses under `cidrs` as a /32 in dotted-quad form, such as 192.0.2.1/32",
        "api.vendor.123 | ends in a number, so resolvers and URL parsers may read it as an IPv4 address; list IP addresses under `cidrs` as a /32 in dotted-quad form, such as 192.0.2.1/32",
        "api.vendor.0X1F | ends in a number, so resolvers and URL parsers may read it as an IPv4 address; list IP addresses under `cidrs` as a /32 in dotted-quad form, such as 192.0.2.1/32",
        "256.0.0.1 | ends in a number, so resolvers and URL parsers may read it as an IPv4 address; list IP addresses under `cidrs` as a /32 in dotted-quad form, such as 192.0.2.1/32",
    })
    void ip_literals_are_refused_with_the_cidr_to_write_instead(String text, String message) {
        assertThatThrownBy(() -> Hostname.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void a_label_of_63_octets_is_accepted_and_64_is_refused() {
        assertThat(Hostname.parse(LABEL_63 + ".example").labels()).first().isEqualTo(LABEL_63);

        assertThatThrownBy(() -> Hostname.parse("api." + LABEL_63 + "b.example"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("has label 2 that is 64 octets long; a DNS label is at most 63 octets");
    }

    @Test
    void a_label_length_counts_the_octets_of_its_a_label_not_its_characters() {
        String sixtyUmlauts = "ü".repeat(60);

        assertThatThrownBy(() -> Hostname.parse(sixtyUmlauts + ".example"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("has label 1 that is 66 octets long in its xn-- form; a DNS label is at most 63 octets");
    }

    @Test
    void a_name_of_253_octets_is_accepted_and_254_is_refused() {
        // Three labels of 63 octets and one of 61, with three dots: 253 octets.
        String name253 = String.join(".", Collections.nCopies(3, LABEL_63)) + "." + "b".repeat(61);

        assertThat(Hostname.parse(name253).ascii()).hasSize(253);
        assertThat(Hostname.parse(name253 + ".").ascii()).hasSize(253);
        assertThatThrownBy(() -> Hostname.parse(name253 + "b"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("is 254 octets long; a DNS name is at most 253 octets, dots included");
    }

    @Test
    void labels_are_listed_from_left_to_right() {
        assertThat(Hostname.parse("API.Vendor.example").labels()).containsExactly("api", "vendor", "example");
    }

    @ParameterizedTest(name = "{0} is a single label: {1}")
    @CsvSource({"localhost, true", "localhost., true", "vendor.example, false"})
    void single_label_names_are_recognised(String text, boolean single) {
        assertThat(Hostname.parse(text).isSingleLabel()).isEqualTo(single);
    }

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource({
        "xn--fa-hia.de, faß.de",
        "xn--bcher-kva.example, bücher.example",
        "xn--nxasmm1c.com, βόλος.com",
        "xn--e28h.example, 😀.example",
        "api.vendor.example, api.vendor.example",
    })
    void a_labels_are_shown_in_unicode_for_display(String ascii, String unicode) {
        assertThat(new Hostname(ascii).toUnicode()).isEqualTo(unicode);
    }

    @ParameterizedTest(name = "{0} is below {1}: {2}")
    @CsvSource({
        "api.vendor.example, vendor.example, true",
        "a.b.vendor.example, vendor.example, true",
        "api.vendor.example, example, true",
        "vendor.example, vendor.example, false",
        "evilvendor.example, vendor.example, false",
        "vendor.example, api.vendor.example, false",
    })
    void subdomains_are_strictly_below_their_parent(String child, String parent, boolean expected) {
        assertThat(Hostname.parse(child).isSubdomainOf(Hostname.parse(parent))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "new Hostname(\"{0}\"): {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Api.Vendor.example | is not in normalised form; write api.vendor.example",
        "bücher.example | is not in normalised form; write xn--bcher-kva.example",
        "vendor.example. | has an empty label 3; remove the extra dot",
        "xn--zz.example | has label 1 that starts with xn-- but is not valid punycode; write the name in Unicode or copy the xn-- label exactly",
        "192.0.2.1 | is an IP address, not a host name; list it under `cidrs` as 192.0.2.1/32",
        "\"\" | is empty; write a name such as api.vendor.example",
    })
    void the_constructor_accepts_only_the_normalised_form(String ascii, String message) {
        assertThatThrownBy(() -> new Hostname(ascii))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }
}
