package dev.warden.analyze.reach;

import java.util.List;

/**
 * A prefix less the prefixes left out of it: an ipBlock with its {@code except}, a Cilium
 * {@code toCIDRSet} entry likewise. An except outside its prefix leaves nothing out, which is what
 * it would mean.
 */
record CidrBlock(Cidr cidr, List<Cidr> except) {
    CidrBlock {
        except = List.copyOf(except);
    }

    /** @throws IllegalArgumentException for a malformed prefix */
    static CidrBlock parse(String cidr, List<String> except) {
        return new CidrBlock(Cidr.parse(cidr), except.stream().map(Cidr::parse).toList());
    }

    boolean contains(byte[] address) {
        if (!cidr.contains(address)) {
            return false;
        }
        for (Cidr excluded : except) {
            if (excluded.contains(address)) {
                return false;
            }
        }
        return true;
    }
}
