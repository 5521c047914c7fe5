package dev.warden.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardNameTest {

    @ParameterizedTest(name = "{0} is normalised to {1}")
    @CsvSource({
        "*.vendor.example, *.vendor.example",
        "*.Vendor.EXAMPLE., *.vendor.example",
        "*.BÜCHER.Example., *.xn--bcher-kva.example",
        "*.faß.de, *.xn--fa-hia.de",
        "*．vendor。example, *.vendor.example",
        "*.api.eu.vendor.example, *.api.eu.vendor.example",
    })
    void the_suffix_is_normalised_exactly_like_a_host_name(String text, String normalised) {
        WildcardName wildcard = WildcardName.parse(text);

        assertThat(wildcard).hasToString(normalised);
        assertThat(wildcard.suffix()).isEqualTo(Hostname.parse(normalised.substring(2)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\" | is empty; write a name such as *.vendor.example",
        "* | matches every host name; name a suffix, such as *.vendor.example",
        "*. | matches every host name; name a suffix, such as *.vendor.example",
        "*example.com | has '*' inside label 1; partial-label wildcards are not supported, '*' must be the whole first label, such as *.vendor.example",
        "api*.example.com | has '*' inside label 1; partial-label wildcards are not supported, '*' must be the whole first label, such as *.vendor.example",
        "*api.example.com | has '*' inside label 1; partial-label wildcards are not supported, '*' must be the whole first label, such as *.vendor.example",
        "*.api*.example.com | has '*' inside label 2; partial-label wildcards are not supported, '*' must be the whole first label, such as *.vendor.example",
        "api.*.example.com | has '*' as label 2, but '*' may only be the first label, such as *.vendor.example",
        "api.example.* | has '*' as label 3, but '*' may only be the first label, such as *.vendor.example",
        "*.*.example.com | has more than one '*' label; only a single leading '*.' is allowed, standing for exactly one label, so list each depth separately",
        "**.example.com | uses '**', but '*' already stands for exactly one label; write a single '*' and list deeper names separately",
        "*.com | is too broad: it would match every name directly under com; name at least two labels after '*.', such as *.vendor.com",
        "*.com. | is too broad: it would match every name directly under com; name at least two labels after '*.', such as *.vendor.com",
        "vendor.example | has no '*.' at the start; write it as *.<suffix>, such as *.vendor.example, or list the exact name as a host instead",
        "*. vendor.example | contains whitespace; write the name with no spaces, such as *.vendor.example",
        "*.vendor.example.. | ends with more than one dot; write at most one trailing dot",
        "*.vendor..example | has an empty label 3 (two dots in a row); remove one dot",
        "*.vendor_eu.example | contains a character not allowed in host names: '_'; use letters, digits and hyphens",
        "*.-vendor.example | has label 2 that starts with a hyphen; a label starts and ends with a letter or digit",
        "*.192.0.2.1 | is an IP address, not a host name; list it under `cidrs` as 192.0.2.1/32",
    })
    void malformed_wildcards_are_refused_with_advice(String text, String message) {
        assertThatThrownBy(() -> WildcardName.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void label_numbers_in_suffix_errors_count_the_star_as_label_one() {
        assertThatThrownBy(() -> WildcardName.parse("*.api." + "a".repeat(64) + ".example"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("has label 3 that is 64 octets long; a DNS label is at most 63 octets");
    }

    @Test
    void a_suffix_leaving_no_room_for_a_label_is_refused() {
        String suffix251 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(59);
        String suffix252 = suffix251 + "d";

        assertThat(WildcardName.parse("*." + suffix251).matches(Hostname.parse("x." + suffix251))).isTrue();
        assertThatThrownBy(() -> WildcardName.parse("*." + suffix252))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("matches nothing: a name with one more label would exceed 253 octets; shorten the suffix");
    }

    @Test
    void the_constructor_refuses_a_single_label_suffix() {
        assertThatThrownBy(() -> new WildcardName(Hostname.parse("example")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("is too broad: it would match every name directly under example;"
                        + " name at least two labels after '*.', such as *.vendor.example");
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "*.vendor.example, api.vendor.example, true",
        "*.vendor.example, API.Vendor.Example., true",
        "*.vendor.example, xn--bcher-kva.vendor.example, true",
        "*.vendor.example, vendor.example, false",
        "*.vendor.example, a.b.vendor.example, false",
        "*.vendor.example, apivendor.example, false",
        "*.vendor.example, api.evilvendor.example, false",
        "*.vendor.example, api.vendor.example.evil.example, false",
        "*.vendor.example, example, false",
        "*.bücher.example, api.xn--bcher-kva.example, true",
    })
    void the_star_stands_for_exactly_one_label(String pattern, String name, boolean expected) {
        assertThat(WildcardName.parse(pattern).matches(Hostname.parse(name))).isEqualTo(expected);
    }
}
