package dev.warden.compile.nftables;

import dev.warden.compile.PublicAddresses;
import dev.warden.model.net.Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Address ranges as nftables interval sets need them, and the ranges {@code anyPublic} must not reach. */
final class AddressRanges {
    /** IPv4 ranges that are not the public internet: one list for every target. */
    static final List<Cidr> NON_PUBLIC_V4 = PublicAddresses.NON_PUBLIC_V4;
    /** Public IPv6 is global unicast; everything outside it (ULA, link-local, multicast, ...) is not. */
    static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");
    /** The parts of global unicast that are not public: IETF protocol space (Teredo too) and deprecated 6to4. */
    static final List<Cidr> NON_PUBLIC_V6_IN_GLOBAL_UNICAST = parse("2001::/23", "2002::/16");

    private AddressRanges() {}

    /**
     * The ranges of one family, sorted, without any range that another contains. nftables
     * refuses overlapping elements in an interval set, and CIDRs either nest or are disjoint, so
     * dropping the nested ones is enough.
     */
    static List<Cidr> disjoint(Collection<Cidr> ranges, boolean ipv4) {
        List<Cidr> sorted = ranges.stream()
                .filter(range -> range.network().isV4() == ipv4)
                .distinct()
                .sorted(Comparator.comparing(Cidr::network).thenComparingInt(Cidr::prefixLength))
                .toList();
        List<Cidr> kept = new ArrayList<>();
        for (Cidr range : sorted) {
            // Sorted by first address, the only kept range that can contain this one is the last.
            if (kept.isEmpty() || !kept.get(kept.size() - 1).contains(range)) {
                kept.add(range);
            }
        }
        return kept;
    }

    /** A set element: a bare address for a single one, {@code network/length} otherwise. */
    static String element(Cidr range) {
        return range.prefixLength() == range.network().bitLength() ? range.network().toString() : range.toString();
    }

    private static List<Cidr> parse(String... ranges) {
        return Stream.of(ranges).map(Cidr::parse).toList();
    }
}
