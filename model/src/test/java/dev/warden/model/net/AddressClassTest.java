package dev.warden.model.net;

import static dev.warden.model.net.AddressClass.BENCHMARKING;
import static dev.warden.model.net.AddressClass.BROADCAST;
import static dev.warden.model.net.AddressClass.CGNAT;
import static dev.warden.model.net.AddressClass.CLOUD_METADATA;
import static dev.warden.model.net.AddressClass.DOCUMENTATION;
import static dev.warden.model.net.AddressClass.IETF_PROTOCOL;
import static dev.warden.model.net.AddressClass.LINK_LOCAL;
import static dev.warden.model.net.AddressClass.LOOPBACK;
import static dev.warden.model.net.AddressClass.MULTICAST;
import static dev.warden.model.net.AddressClass.NAT64_LOCAL_USE;
import static dev.warden.model.net.AddressClass.PRIVATE;
import static dev.warden.model.net.AddressClass.PUBLIC;
import static dev.warden.model.net.AddressClass.RESERVED;
import static dev.warden.model.net.AddressClass.SIX_TO_FOUR_RELAY;
import static dev.warden.model.net.AddressClass.THIS_NETWORK;
import static dev.warden.model.net.AddressClass.UNIQUE_LOCAL;
import static dev.warden.model.net.AddressClass.UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassTest {

    private static final Set<AddressClass> EVERY_IPV4_CLASS = EnumSet.of(UNSPECIFIED, THIS_NETWORK, LOOPBACK,
            PRIVATE, CGNAT, LINK_LOCAL, CLOUD_METADATA, IETF_PROTOCOL, DOCUMENTATION, BENCHMARKING, MULTICAST,
            RESERVED, BROADCAST, SIX_TO_FOUR_RELAY);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "0.0.0.0, UNSPECIFIED",
        "0.0.0.1, THIS_NETWORK",
        "0.255.255.255, THIS_NETWORK",
        "1.0.0.0, PUBLIC",
        "8.8.8.8, PUBLIC",
        "9.255.255.255, PUBLIC",
        "10.0.0.0, PRIVATE",
        "10.255.255.255, PRIVATE",
        "11.0.0.0, PUBLIC",
        "100.63.255.255, PUBLIC",
        "100.64.0.0, CGNAT",
        "100.100.100.199, CGNAT",
        "100.100.100.200, CLOUD_METADATA",
        "100.100.100.201, CGNAT",
        "100.127.255.255, CGNAT",
        "100.128.0.0, PUBLIC",
        "126.255.255.255, PUBLIC",
        "127.0.0.0, LOOPBACK",
        "127.0.0.1, LOOPBACK",
        "127.255.255.255, LOOPBACK",
        "128.0.0.0, PUBLIC",
        "168.63.129.15, PUBLIC",
        "168.63.129.16, CLOUD_METADATA",
        "168.63.129.17, PUBLIC",
        "169.253.255.255, PUBLIC",
        "169.254.0.0, LINK_LOCAL",
        "169.254.169.253, LINK_LOCAL",
        "169.254.169.254, CLOUD_METADATA",
        "169.254.169.255, LINK_LOCAL",
        "169.254.170.2, CLOUD_METADATA",
        "169.254.170.23, CLOUD_METADATA",
        "169.254.255.255, LINK_LOCAL",
        "169.255.0.0, PUBLIC",
        "172.15.255.255, PUBLIC",
        "172.16.0.0, PRIVATE",
        "172.31.255.255, PRIVATE",
        "172.32.0.0, PUBLIC",
        "191.255.255.255, PUBLIC",
        "192.0.0.0, IETF_PROTOCOL",
        "192.0.0.255, IETF_PROTOCOL",
        "192.0.1.0, PUBLIC",
        "192.0.1.255, PUBLIC",
        "192.0.2.0, DOCUMENTATION",
        "192.0.2.255, DOCUMENTATION",
        "192.0.3.0, PUBLIC",
        "192.88.98.255, PUBLIC",
        "192.88.99.0, SIX_TO_FOUR_RELAY",
        "192.88.99.255, SIX_TO_FOUR_RELAY",
        "192.88.100.0, PUBLIC",
        "192.167.255.255, PUBLIC",
        "192.168.0.0, PRIVATE",
        "192.168.255.255, PRIVATE",
        "192.169.0.0, PUBLIC",
        "198.17.255.255, PUBLIC",
        "198.18.0.0, BENCHMARKING",
        "198.19.255.255, BENCHMARKING",
        "198.20.0.0, PUBLIC",
        "198.51.99.255, PUBLIC",
        "198.51.100.0, DOCUMENTATION",
        "198.51.100.255, DOCUMENTATION",
        "198.51.101.0, PUBLIC",
        "203.0.112.255, PUBLIC",
        "203.0.113.0, DOCUMENTATION",
        "203.0.113.255, DOCUMENTATION",
        "203.0.114.0, PUBLIC",
        "223.255.255.255, PUBLIC",
        "224.0.0.0, MULTICAST",
        "239.255.255.255, MULTICAST",
        "240.0.0.0, RESERVED",
        "255.255.255.254, RESERVED",
        "255.255.255.255, BROADCAST",
    })
    void ipv4_ranges_start_and_end_exactly_where_the_registry_says(String address, AddressClass expected) {
        assertThat(AddressClass.classify(IpAddress.parse(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "::, UNSPECIFIED",
        "::1, LOOPBACK",
        "::1:0:0, RESERVED",
        "::fffe:0:0, RESERVED",
        "ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "64:ff9b::1:0:0, RESERVED",
        "64:ff9b:2::, RESERVED",
        "100::, DISCARD_ONLY",
        "100::ffff:ffff:ffff:ffff, DISCARD_ONLY",
        "100:0:0:1::, RESERVED",
        "1ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "2000::, PUBLIC",
        "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
        "2001:1::1, IETF_PROTOCOL",
        "2001:1:ffff:ffff:ffff:ffff:ffff:ffff, IETF_PROTOCOL",
        "2001:2::, BENCHMARKING",
        "2001:2:0:ffff:ffff:ffff:ffff:ffff, BENCHMARKING",
        "2001:2:1::, IETF_PROTOCOL",
        "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff, IETF_PROTOCOL",
        "2001:200::, PUBLIC",
        "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
        "2001:db8::, DOCUMENTATION",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION",
        "2001:db9::, PUBLIC",
        "2001:4860:4860::8888, PUBLIC",
        "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
        "2003::, PUBLIC",
        "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
        "3fff::, DOCUMENTATION",
        "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION",
        "3fff:1000::, PUBLIC",
        "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC",
        "4000::, RESERVED",
        "5f00::1, RESERVED",
        "8000::, RESERVED",
        "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "fc00::, UNIQUE_LOCAL",
        "fd00:ec2::23, CLOUD_METADATA",
        "fd00:ec2::253, UNIQUE_LOCAL",
        "fd00:ec2::254, CLOUD_METADATA",
        "fd00:ec2::255, UNIQUE_LOCAL",
        "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, UNIQUE_LOCAL",
        "fe00::, RESERVED",
        "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
        "fe80::, LINK_LOCAL",
        "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, LINK_LOCAL",
        "fec0::, SITE_LOCAL",
        "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, SITE_LOCAL",
        "ff00::, MULTICAST",
        "ff02::1, MULTICAST",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, MULTICAST",
    })
    void ipv6_ranges_start_and_end_exactly_where_the_registries_say(String address, AddressClass expected) {
        assertThat(AddressClass.classify(IpAddress.parse(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} carries {1} and is {2}")
    @CsvSource({
        // IPv4-mapped
        "::ffff:127.0.0.1, 127.0.0.1, LOOPBACK",
        "::ffff:10.1.2.3, 10.1.2.3, PRIVATE",
        "::ffff:a9fe:a9fe, 169.254.169.254, CLOUD_METADATA",
        "::ffff:192.0.2.1, 192.0.2.1, DOCUMENTATION",
        "::ffff:8.8.8.8, 8.8.8.8, PUBLIC",
        // IPv4-compatible (deprecated): a public address inside is still reserved space
        "::127.0.0.1, 127.0.0.1, LOOPBACK",
        "::2, 0.0.0.2, THIS_NETWORK",
        "::8.8.8.8, 8.8.8.8, RESERVED",
        // NAT64 well-known prefix
        "64:ff9b::a9fe:a9fe, 169.254.169.254, CLOUD_METADATA",
        "64:ff9b::7f00:1, 127.0.0.1, LOOPBACK",
        "64:ff9b::c0a8:101, 192.168.1.1, PRIVATE",
        "64:ff9b::8.8.8.8, 8.8.8.8, PUBLIC",
        // NAT64 local-use prefix: refused even when the last 32 bits look public
        "64:ff9b:1::10.0.0.1, 10.0.0.1, PRIVATE",
        "64:ff9b:1::8.8.8.8, 8.8.8.8, NAT64_LOCAL_USE",
        "64:ff9b:1:ffff:ffff:ffff:808:808, 8.8.8.8, NAT64_LOCAL_USE",
        // 6to4: bits 16 to 47
        "2002:0a00:0001::, 10.0.0.1, PRIVATE",
        "2002:7f00:1:ffff::1, 127.0.0.1, LOOPBACK",
        "2002:a9fe:a9fe::, 169.254.169.254, CLOUD_METADATA",
        "2002:c000:0201::, 192.0.2.1, DOCUMENTATION",
        "2002:808:808::1, 8.8.8.8, PUBLIC",
        // Teredo: the client address is the last 32 bits inverted
        "2001:0:4136:e378:8000:63bf:3fff:fdd2, 192.0.2.45, DOCUMENTATION",
        "2001::80ff:fefe, 127.0.1.1, LOOPBACK",
        "2001::f5ff:fffe, 10.0.0.1, PRIVATE",
        "2001::5601:5601, 169.254.169.254, CLOUD_METADATA",
        "2001::f7f7:f7f7, 8.8.8.8, IETF_PROTOCOL",
    })
    void ipv6_forms_that_carry_ipv4_are_judged_by_the_ipv4_address_unless_it_is_public(
            String address, String embedded, AddressClass expected) {
        IpAddress ipv6 = IpAddress.parse(address);

        assertThat(AddressClass.embeddedIpv4(ipv6)).contains(IpAddress.parse(embedded));
        assertThat(AddressClass.classify(ipv6)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} carries no IPv4 address")
    @CsvSource({"::", "::1", "::1:0:0", "64:ff9b::1:0:0", "2001:db8::1", "2001:1::1", "fe80::1", "10.0.0.1", "8.8.8.8"})
    void other_addresses_carry_no_ipv4_address(String address) {
        assertThat(AddressClass.embeddedIpv4(IpAddress.parse(address))).isEmpty();
    }

    @ParameterizedTest(name = "{0} overlaps {1}")
    @CsvSource(delimiter = '|', value = {
        "8.8.8.0/24 | ''",
        "203.0.113.0/24 | DOCUMENTATION",
        "203.0.0.0/16 | DOCUMENTATION",
        "10.0.0.0/8 | PRIVATE",
        "10.1.2.3/32 | PRIVATE",
        "100.64.0.0/10 | CGNAT CLOUD_METADATA",
        "169.254.0.0/16 | LINK_LOCAL CLOUD_METADATA",
        "169.254.169.254/32 | CLOUD_METADATA",
        "168.63.129.0/24 | CLOUD_METADATA",
        "192.0.0.0/16 | IETF_PROTOCOL DOCUMENTATION",
        "0.0.0.0/8 | UNSPECIFIED THIS_NETWORK",
        "240.0.0.0/4 | RESERVED BROADCAST",
        "2001:4860::/32 | ''",
        "2001:db8::/32 | DOCUMENTATION",
        "fe80::/10 | LINK_LOCAL",
        "fc00::/7 | UNIQUE_LOCAL CLOUD_METADATA",
        "::ffff:10.0.0.0/104 | PRIVATE",
        "::ffff:8.8.8.0/120 | ''",
        "64:ff9b::808:800/120 | ''",
        "2002:808:800::/40 | ''",
        "2002:a00::/24 | PRIVATE",
        "64:ff9b:1::808:800/120 | NAT64_LOCAL_USE",
    })
    void overlapping_names_every_non_public_class_inside_a_range(String range, String expected) {
        Set<AddressClass> classes = Arrays.stream(expected.split(" "))
                .filter(name -> !name.isEmpty())
                .map(AddressClass::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AddressClass.class)));

        assertThat(AddressClass.overlapping(Cidr.parse(range))).containsExactlyInAnyOrderElementsOf(classes);
    }

    @Test
    void the_whole_ipv4_space_overlaps_every_ipv4_class() {
        assertThat(AddressClass.overlapping(Cidr.parse("0.0.0.0/0"))).isEqualTo(EVERY_IPV4_CLASS);
    }

    @ParameterizedTest(name = "{0} can carry any IPv4 address")
    @CsvSource({"::ffff:0:0/96", "64:ff9b::/96", "2002::/16"})
    void ipv6_ranges_that_carry_all_of_ipv4_overlap_every_ipv4_class(String range) {
        assertThat(AddressClass.overlapping(Cidr.parse(range))).isEqualTo(EVERY_IPV4_CLASS);
    }

    @Test
    void the_teredo_and_local_nat64_ranges_add_their_own_class() {
        Set<AddressClass> teredo = EnumSet.copyOf(EVERY_IPV4_CLASS);
        Set<AddressClass> localNat64 = EnumSet.copyOf(EVERY_IPV4_CLASS);
        localNat64.add(NAT64_LOCAL_USE);

        assertThat(AddressClass.overlapping(Cidr.parse("2001::/32"))).isEqualTo(teredo);
        assertThat(AddressClass.overlapping(Cidr.parse("64:ff9b:1::/48"))).isEqualTo(localNat64);
    }

    @Test
    void the_whole_ipv6_space_overlaps_every_class_but_public() {
        assertThat(AddressClass.overlapping(Cidr.parse("::/0")))
                .isEqualTo(EnumSet.complementOf(EnumSet.of(PUBLIC)));
    }

    @ParameterizedTest(name = "overlapping({0}) agrees with classifying each address")
    @CsvSource({"169.254.168.0/22", "100.100.100.0/24", "192.0.0.0/22", "192.88.96.0/22", "255.255.252.0/22",
            "0.0.0.0/22", "168.63.128.0/22"})
    void overlapping_agrees_with_classify_on_every_address_of_a_small_range(String range) {
        Cidr block = Cidr.parse(range);
        Set<AddressClass> byAddress = EnumSet.noneOf(AddressClass.class);
        byte[] bytes = block.network().bytes();
        for (int i = 0; i < 1 << (32 - block.prefixLength()); i++) {
            bytes[2] = (byte) (block.network().bytes()[2] + (i >>> 8));
            bytes[3] = (byte) i;
            byAddress.add(AddressClass.classify(IpAddress.of(bytes)));
        }
        byAddress.remove(PUBLIC);

        assertThat(AddressClass.overlapping(block)).isEqualTo(byAddress);
    }

    @Test
    void the_overlapping_set_cannot_be_changed_by_the_caller() {
        Set<AddressClass> classes = AddressClass.overlapping(Cidr.parse("10.0.0.0/8"));

        assertThatThrownBy(() -> classes.add(PUBLIC)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void only_public_and_documentation_addresses_are_dialled_without_an_explicit_record() {
        Set<AddressClass> allowed = EnumSet.allOf(AddressClass.class).stream()
                .filter(addressClass -> !addressClass.refusedByDefault())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AddressClass.class)));

        assertThat(allowed).containsExactlyInAnyOrder(PUBLIC, DOCUMENTATION);
    }

    @ParameterizedTest(name = "{0} is described as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "PRIVATE | private (RFC 1918)",
        "CGNAT | carrier-grade NAT shared space (RFC 6598)",
        "CLOUD_METADATA | cloud instance metadata service",
        "SITE_LOCAL | site-local, deprecated (RFC 3879)",
    })
    void each_class_has_a_short_human_description(AddressClass addressClass, String description) {
        assertThat(addressClass.description()).isEqualTo(description);
    }

    @Test
    void every_class_has_a_distinct_description() {
        assertThat(Arrays.stream(AddressClass.values()).map(AddressClass::description).distinct())
                .hasSize(AddressClass.values().length);
    }
}
