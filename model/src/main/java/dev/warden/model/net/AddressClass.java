package dev.warden.model.net;

import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What kind of address something is, after the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries, the IPv6 Address Space registry, the multicast ranges and the well-known cloud
 * metadata endpoints.
 *
 * <p>An egress proxy consults {@link #refusedByDefault()} before it dials: anything other than
 * {@link #PUBLIC} and {@link #DOCUMENTATION} needs a record that explicitly allows it.
 */
public enum AddressClass {
    PUBLIC("public", false),
    UNSPECIFIED("unspecified address (0.0.0.0 or ::)", true),
    THIS_NETWORK("\"this network\" (RFC 791)", true),
    LOOPBACK("loopback", true),
    PRIVATE("private (RFC 1918)", true),
    CGNAT("carrier-grade NAT shared space (RFC 6598)", true),
    LINK_LOCAL("link-local", true),
    CLOUD_METADATA("cloud instance metadata service", true),
    IETF_PROTOCOL("IETF protocol assignment (RFC 6890)", true),
    /** Not refused: the project's examples use these ranges as stand-ins for public vendor addresses. */
    DOCUMENTATION("documentation example range (RFC 5737, RFC 3849, RFC 9637)", false),
    BENCHMARKING("benchmarking (RFC 2544, RFC 5180)", true),
    MULTICAST("multicast", true),
    RESERVED("reserved by the IETF, not in use on the internet", true),
    BROADCAST("limited broadcast", true),
    UNIQUE_LOCAL("unique local (RFC 4193)", true),
    SITE_LOCAL("site-local, deprecated (RFC 3879)", true),
    DISCARD_ONLY("discard-only (RFC 6666)", true),
    SIX_TO_FOUR_RELAY("6to4 relay anycast, deprecated (RFC 7526)", true),
    NAT64_LOCAL_USE("local-use IPv4/IPv6 translation (RFC 8215)", true);

    private final String description;
    private final boolean refusedByDefault;

    AddressClass(String description, boolean refusedByDefault) {
        this.description = description;
        this.refusedByDefault = refusedByDefault;
    }

    /** A short human description for messages, e.g. {@code private (RFC 1918)}. */
    public String description() {
        return description;
    }

    /** Whether an egress proxy must not dial such an address unless a record explicitly allows it. */
    public boolean refusedByDefault() {
        return refusedByDefault;
    }

    /**
     * The class of one address. The most specific range wins. For IPv6 forms that carry an IPv4
     * address (see {@link #embeddedIpv4}) the embedded address decides whenever it is not
     * public, so {@code ::ffff:127.0.0.1} is {@link #LOOPBACK} and {@code 64:ff9b::a9fe:a9fe} is
     * {@link #CLOUD_METADATA}.
     */
    public static AddressClass classify(IpAddress address) {
        // The gateway asks this for every connection, so it walks a family's rows, narrowest
        // first, without building sets; overlapping() keeps the general range logic.
        for (Row row : address.isV4() ? V4_NARROWEST_FIRST : V6_NARROWEST_FIRST) {
            if (row.range().contains(address)) {
                if (row.embedding() == Embedding.NONE) {
                    return row.addressClass();
                }
                Cidr single = new Cidr(address, address.bitLength());
                AddressClass carried = classify(row.embedding().embeddedRange(single).orElseThrow().network());
                return carried == PUBLIC ? row.addressClass() : carried;
            }
        }
        return PUBLIC;
    }

    /**
     * The IPv4 address carried inside an IPv6 address, if it has one of these forms: IPv4-mapped
     * {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96} (deprecated; {@code ::} and {@code ::1}
     * excluded), NAT64 {@code 64:ff9b::/96} and local-use {@code 64:ff9b:1::/48} (last 32 bits),
     * 6to4 {@code 2002::/16} (bits 16 to 47), Teredo {@code 2001::/32} (client address: last 32
     * bits inverted).
     */
    public static Optional<IpAddress> embeddedIpv4(IpAddress address) {
        Cidr single = new Cidr(address, address.bitLength());
        return mostSpecificRow(single).flatMap(row -> row.embedding().embeddedRange(single)).map(Cidr::network);
    }

    /**
     * Every class other than {@link #PUBLIC} that some address in {@code range} has, by the same
     * rules as {@link #classify}: {@code 203.0.113.0/24} gives {DOCUMENTATION}, {@code 8.8.8.0/24}
     * gives nothing, {@code 0.0.0.0/0} gives most classes.
     */
    public static Set<AddressClass> overlapping(Cidr range) {
        Set<AddressClass> classes = classesIn(range);
        classes.remove(PUBLIC);
        return Collections.unmodifiableSet(classes);
    }

    /** How an IPv6 range carries IPv4 addresses. */
    private enum Embedding {
        NONE,
        LAST_32_BITS,
        SIX_TO_FOUR,
        TEREDO;

        /** The IPv4 addresses carried by {@code block}, which lies inside a row with this embedding. */
        Optional<Cidr> embeddedRange(Cidr block) {
            IpAddress network = block.network();
            int fixedLowBits = Math.max(block.prefixLength() - 96, 0);
            return switch (this) {
                case NONE -> Optional.empty();
                case LAST_32_BITS -> Optional.of(new Cidr(network.slice(12, 16), fixedLowBits));
                case SIX_TO_FOUR -> Optional.of(new Cidr(network.slice(2, 6), Math.min(block.prefixLength() - 16, 32)));
                case TEREDO -> Optional.of(new Cidr(
                        network.slice(12, 16).complement().withHostBits(fixedLowBits, false), fixedLowBits));
            };
        }
    }

    private record Row(Cidr range, AddressClass addressClass, Embedding embedding) {

        /** The classes of the addresses in {@code block}, which lies inside this row and no narrower one. */
        Set<AddressClass> classesIn(Cidr block) {
            Optional<Cidr> embedded = embedding.embeddedRange(block);
            if (embedded.isEmpty()) {
                return EnumSet.of(addressClass);
            }
            Set<AddressClass> classes = AddressClass.classesIn(embedded.get());
            if (classes.remove(PUBLIC)) {
                classes.add(addressClass);
            }
            return classes;
        }
    }

    /*
     * One table serves classify, embeddedIpv4 and overlapping. Ranges nest; the narrowest range
     * containing an address decides. Addresses in no range are PUBLIC. Sources: the IANA IPv4 and
     * IPv6 Special-Purpose Address Registries and the IPv6 Address Space registry (everything
     * outside 2000::/3 that is not otherwise assigned is reserved).
     */
    private static final List<Row> TABLE = List.of(
            row("0.0.0.0/8", THIS_NETWORK),
            row("0.0.0.0/32", UNSPECIFIED),
            row("10.0.0.0/8", PRIVATE),
            row("100.64.0.0/10", CGNAT),
            row("127.0.0.0/8", LOOPBACK),
            row("169.254.0.0/16", LINK_LOCAL),
            row("172.16.0.0/12", PRIVATE),
            row("192.0.0.0/24", IETF_PROTOCOL),
            row("192.0.2.0/24", DOCUMENTATION),
            row("192.88.99.0/24", SIX_TO_FOUR_RELAY),
            row("192.168.0.0/16", PRIVATE),
            row("198.18.0.0/15", BENCHMARKING),
            row("198.51.100.0/24", DOCUMENTATION),
            row("203.0.113.0/24", DOCUMENTATION),
            row("224.0.0.0/4", MULTICAST),
            row("240.0.0.0/4", RESERVED),
            row("255.255.255.255/32", BROADCAST),
            // Metadata endpoints that credentials can be stolen from, whatever range they sit in.
            row("169.254.169.254/32", CLOUD_METADATA), // AWS, GCP, Azure, OCI, OpenStack, DigitalOcean
            row("169.254.170.2/32", CLOUD_METADATA), // AWS ECS task credentials
            row("169.254.170.23/32", CLOUD_METADATA), // AWS EKS Pod Identity agent
            row("100.100.100.200/32", CLOUD_METADATA), // Alibaba Cloud
            row("168.63.129.16/32", CLOUD_METADATA), // Azure WireServer, a public address
            row("fd00:ec2::254/128", CLOUD_METADATA), // AWS over IPv6
            row("fd00:ec2::23/128", CLOUD_METADATA), // AWS EKS Pod Identity agent over IPv6

            row("::/8", RESERVED),
            row("::/128", UNSPECIFIED),
            row("::1/128", LOOPBACK),
            row("::/96", RESERVED, Embedding.LAST_32_BITS), // IPv4-compatible, deprecated by RFC 4291
            row("::ffff:0:0/96", PUBLIC, Embedding.LAST_32_BITS),
            row("64:ff9b::/96", PUBLIC, Embedding.LAST_32_BITS),
            // Operators may embed IPv4 elsewhere in this /48 (RFC 6052), so a public-looking
            // reading of the last 32 bits is not trusted: the row itself stays refused.
            row("64:ff9b:1::/48", NAT64_LOCAL_USE, Embedding.LAST_32_BITS),
            row("100::/8", RESERVED),
            row("100::/64", DISCARD_ONLY),
            row("200::/7", RESERVED),
            row("400::/6", RESERVED),
            row("800::/5", RESERVED),
            row("1000::/4", RESERVED),
            row("2001::/23", IETF_PROTOCOL),
            row("2001::/32", IETF_PROTOCOL, Embedding.TEREDO),
            row("2001:2::/48", BENCHMARKING),
            row("2001:db8::/32", DOCUMENTATION),
            row("2002::/16", PUBLIC, Embedding.SIX_TO_FOUR),
            row("3fff::/20", DOCUMENTATION),
            row("4000::/3", RESERVED),
            row("6000::/3", RESERVED),
            row("8000::/3", RESERVED),
            row("a000::/3", RESERVED),
            row("c000::/3", RESERVED),
            row("e000::/4", RESERVED),
            row("f000::/5", RESERVED),
            row("f800::/6", RESERVED),
            row("fc00::/7", UNIQUE_LOCAL),
            row("fe00::/9", RESERVED),
            row("fe80::/10", LINK_LOCAL),
            row("fec0::/10", SITE_LOCAL),
            row("ff00::/8", MULTICAST));

    private static final List<Row> V4_NARROWEST_FIRST = narrowestFirst(true);
    private static final List<Row> V6_NARROWEST_FIRST = narrowestFirst(false);

    private static List<Row> narrowestFirst(boolean v4) {
        return TABLE.stream()
                .filter(row -> row.range().network().isV4() == v4)
                .sorted(Comparator.comparingInt((Row row) -> row.range().prefixLength()).reversed())
                .toList();
    }

    private static Row row(String range, AddressClass addressClass) {
        return row(range, addressClass, Embedding.NONE);
    }

    private static Row row(String range, AddressClass addressClass, Embedding embedding) {
        return new Row(Cidr.parse(range), addressClass, embedding);
    }

    /** The classes of all addresses in {@code block}, PUBLIC included; a fresh mutable set. */
    private static Set<AddressClass> classesIn(Cidr block) {
        boolean narrowerRowInside = TABLE.stream()
                .anyMatch(row -> block.contains(row.range()) && !block.equals(row.range()));
        if (narrowerRowInside) {
            // Different parts of the block have different winning rows: split until each part has one.
            Set<AddressClass> classes = EnumSet.noneOf(AddressClass.class);
            for (Cidr half : block.halves()) {
                classes.addAll(classesIn(half));
            }
            return classes;
        }
        return mostSpecificRow(block).map(row -> row.classesIn(block))
                .orElseGet(() -> EnumSet.of(PUBLIC));
    }

    private static Optional<Row> mostSpecificRow(Cidr block) {
        return TABLE.stream()
                .filter(row -> row.range().contains(block))
                .max(Comparator.comparingInt(row -> row.range().prefixLength()));
    }
}
