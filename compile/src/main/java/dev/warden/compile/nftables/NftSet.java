package dev.warden.compile.nftables;

import java.util.List;

/**
 * One named set of table {@code inet warden}.
 *
 * @param why the script comment above the declaration
 * @param compiled whether the registry decides the elements: such sets are flushed and refilled on
 *     every load, while the others (filled by the deployment or by {@code warden dns}) keep theirs
 */
record NftSet(String name, IpFamily family, Flag flag, List<String> elements, String why, boolean compiled) {
    /** {@code interval} for ranges; {@code timeout} for the resolver's sets, whose elements expire with DNS TTLs. */
    enum Flag {
        INTERVAL("interval"),
        TIMEOUT("timeout");

        final String keyword;

        Flag(String keyword) {
            this.keyword = keyword;
        }
    }

    NftSet {
        elements = List.copyOf(elements);
    }

    /** The declaration without elements, for creating the set before it is flushed. */
    String emptyDeclaration() {
        return "set " + name + " { type " + family.addressType + "; flags " + flag.keyword + "; }";
    }

    /**
     * The declaration with its elements. The type and flags must stay exactly those
     * {@code warden dns} writes for the resolver's sets, because nft refuses to redeclare a
     * set differently.
     */
    String declaration() {
        if (elements.isEmpty()) {
            return emptyDeclaration();
        }
        return "set " + name + " { type " + family.addressType + "; flags " + flag.keyword + "; elements = { "
                + String.join(", ", elements) + " } }";
    }
}
