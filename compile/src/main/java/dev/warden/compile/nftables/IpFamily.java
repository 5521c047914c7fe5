package dev.warden.compile.nftables;

import dev.warden.model.net.Cidr;
import dev.warden.model.net.IpAddress;

/** One address family as nftables spells it: a rule matches one family, a set holds one. */
enum IpFamily {
    V4("ip", "ipv4_addr", ""),
    V6("ip6", "ipv6_addr", "6");

    /** The payload keyword, as in {@code ip daddr} and {@code ip6 daddr}. */
    final String keyword;
    /** The set element type. */
    final String addressType;
    private final String setSuffix;

    IpFamily(String keyword, String addressType, String setSuffix) {
        this.keyword = keyword;
        this.addressType = addressType;
        this.setSuffix = setSuffix;
    }

    boolean isV4() {
        return this == V4;
    }

    /** The family's variant of a set: {@code pod_cidrs} for IPv4, {@code pod_cidrs6} for IPv6. */
    String set(String base) {
        return base + setSuffix;
    }

    boolean holds(Cidr range) {
        return range.network().isV4() == isV4();
    }

    boolean holds(IpAddress address) {
        return address.isV4() == isV4();
    }
}
