package dev.warden.analyze.reach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
    @Test
    void prefixesNeedNotBeByteAligned() {
        Cidr cidr = Cidr.parse("10.0.0.0/9");
        assertThat(cidr.contains(Cidr.parseAddress("10.127.255.255"))).isTrue();
        assertThat(cidr.contains(Cidr.parseAddress("10.128.0.0"))).isFalse();
    }

    @Test
    void hostBitsAreIgnored() {
        assertThat(Cidr.parse("10.0.0.5/8").contains(Cidr.parseAddress("10.9.9.9"))).isTrue();
    }

    @Test
    void anAddressOfTheOtherFamilyIsNeverContained() {
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.parseAddress("fd00::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(Cidr.parseAddress("192.0.2.1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(Cidr.parseAddress("fd00::1"))).isTrue();
    }

    @Test
    void ipv6Prefixes() {
        Cidr cidr = Cidr.parse("2001:db8:abcd::/52");
        assertThat(cidr.contains(Cidr.parseAddress("2001:db8:abcd:0fff::1"))).isTrue();
        assertThat(cidr.contains(Cidr.parseAddress("2001:db8:abcd:1000::1"))).isFalse();
    }

    @Test
    void ipv4MappedIpv6AddressesMatchIpv4Blocks() {
        assertThat(Cidr.parse("192.0.2.0/24").contains(Cidr.parseAddress("::ffff:192.0.2.7"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "fd00::zz", "fd00:::1", ""})
    void rejectsWhatIsNotAnAddressLiteralWithoutLookingItUp(String text) {
        assertThatThrownBy(() -> Cidr.parseAddress(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x"})
    void rejectsMalformedCidrs(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
