package dev.warden.model.net;

import java.util.Objects;

/**
 * A block of addresses: a network address and a prefix length, with all host bits zero.
 *
 * @param network the first address of the block
 * @param prefixLength how many leading bits are fixed, 0 to 32 for IPv4 and 0 to 128 for IPv6
 */
public record Cidr(IpAddress network, int prefixLength) {

    /**
     * @throws InvalidValueException if the prefix length is out of range for the family, or the
     *     network has host bits set (the message then names the network that was probably meant)
     */
    public Cidr {
        Objects.requireNonNull(network, "network");
        if (prefixLength < 0 || prefixLength > network.bitLength()) {
            throw prefixOutOfRange(String.valueOf(prefixLength), network);
        }
        IpAddress masked = network.withHostBits(prefixLength, false);
        if (!masked.equals(network)) {
            throw new InvalidValueException("has host bits set; the network is " + masked + "/" + prefixLength
                    + " (write " + network + "/" + network.bitLength() + " for the single address)");
        }
    }

    /**
     * Parses {@code address/length} with a decimal length, or a bare address meaning the single
     * address (/32 or /128).
     *
     * @throws InvalidValueException naming what is wrong and the form to write instead
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidValueException(
                    "is empty; write an address range such as 192.0.2.0/24 or 2001:db8::/32, or a single address");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            IpAddress address = IpAddress.parse(text);
            return new Cidr(address, address.bitLength());
        }
        IpAddress network = IpAddress.parse(text.substring(0, slash));
        return new Cidr(network, parsePrefixLength(text.substring(slash + 1), network));
    }

    /** Whether {@code address} is in this block; always false for the other address family. */
    public boolean contains(IpAddress address) {
        return network.samePrefix(address, prefixLength);
    }

    /** Whether every address of {@code other} is in this block (a block contains itself). */
    public boolean contains(Cidr other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    /** Whether the two blocks share any address; always false across address families. */
    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** The highest address in the block (for IPv4, the broadcast address of a subnet). */
    public IpAddress lastAddress() {
        return network.withHostBits(prefixLength, true);
    }

    /** The first and second half of this block, one bit longer; only for blocks of two or more addresses. */
    Cidr[] halves() {
        return new Cidr[] {
            new Cidr(network, prefixLength + 1),
            new Cidr(network.withBitSet(prefixLength), prefixLength + 1)
        };
    }

    /** Canonical {@code network/length}, e.g. {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }

    private static int parsePrefixLength(String digits, IpAddress network) {
        if (digits.isEmpty()) {
            throw new InvalidValueException("has nothing after '/'; write a prefix length from /0 to /"
                    + network.bitLength() + ", or drop the '/' for a single address");
        }
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("has a prefix length that is not a plain decimal number;"
                    + " write a number from 0 to " + network.bitLength() + " after the '/'");
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw new InvalidValueException("has a leading zero in the prefix length; write it as /"
                    + digits.replaceFirst("^0+(?=.)", ""));
        }
        if (digits.length() > 3) { // longer than any valid length, and possibly too long for an int
            throw prefixOutOfRange(digits, network);
        }
        return Integer.parseInt(digits);
    }

    private static InvalidValueException prefixOutOfRange(String prefixLength, IpAddress network) {
        return new InvalidValueException("has prefix length /" + prefixLength + ", but "
                + (network.isV4() ? "IPv4" : "IPv6") + " prefixes range from /0 to /" + network.bitLength());
    }
}
