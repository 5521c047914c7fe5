package dev.warden.compile.nftables;

import java.nio.charset.StandardCharsets;

/** Identifiers and quoted texts as nftables accepts them. */
final class NftNames {
    static final String TABLE = "inet warden";
    /** The kernel's NFT_SET_MAXNAMELEN less its terminating zero. */
    private static final int MAX_SET_NAME = 255;
    /** nft refuses longer rule comments. */
    static final int MAX_COMMENT_BYTES = 128;
    /** The kernel's NF_LOG_PREFIXLEN less its terminating zero. */
    static final int MAX_LOG_PREFIX_BYTES = 127;

    private NftNames() {}

    /**
     * The set {@code warden dns} fills with what pods resolved from the record's names. This is
     * the rule of {@code dev.warden.dns.Observations.setName}, repeated here because the compiler
     * must not depend on the resolver: both must give the same name for the resolver's file to
     * add elements to the sets this ruleset declares and matches ({@code NftablesTargetTest}
     * pins the names the resolver gives).
     */
    static String resolvedAddressSet(String record, boolean ipv4) {
        return identifier(ipv4 ? "fqdn4_" : "fqdn6_", record);
    }

    /** The set of the record's own CIDRs and allowPrivate ranges, named like the resolver's sets. */
    static String destinationSet(String record, boolean ipv4) {
        return identifier(ipv4 ? "dst_" : "dst6_", record);
    }

    /**
     * nftables identifiers take letters, digits, underscores and dots; record names also use
     * hyphens and may be 253 long, so a name too long for a set keeps its start and a hash.
     */
    private static String identifier(String prefix, String record) {
        String name = prefix + record.replace('-', '_');
        if (name.length() <= MAX_SET_NAME) {
            return name;
        }
        return name.substring(0, MAX_SET_NAME - 9) + "_" + String.format("%08x", record.hashCode());
    }

    /** {@code comment "text"}, shortened to what nft accepts. */
    static String comment(String text) {
        return "comment " + quoted(text, MAX_COMMENT_BYTES);
    }

    /** {@code log prefix "text"}, shortened to what the kernel keeps. */
    static String logPrefix(String text) {
        return "log prefix " + quoted(text, MAX_LOG_PREFIX_BYTES);
    }

    /**
     * Record names are DNS-1123 names, so texts hold no quotes; a long one is cut to the limit
     * (in UTF-8 bytes, ending in "...") rather than making nft refuse the whole script.
     */
    private static String quoted(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return "\"" + text + "\"";
        }
        String cut = text;
        while (cut.getBytes(StandardCharsets.UTF_8).length > maxBytes - 3) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        return "\"" + cut + "...\"";
    }
}
