package dev.warden.analyze.reach;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix, as ipBlock's {@code cidr} and {@code except} write it — lenient about
 * host bits as Kubernetes is, unlike the registry's strict {@code Cidr}.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code address/prefix}. Host bits are ignored, as Kubernetes' own parsing of
     * ipBlock does.
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR (no /prefix): " + text);
        }
        byte[] address = parseAddress(text.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR prefix length: " + text, e);
        }
        if (prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("CIDR prefix length out of range: " + text);
        }
        return new Cidr(address, prefix);
    }

    /**
     * The bytes of an IPv4 (4) or IPv6 (16) literal. Never resolves a name: a string that is not
     * a literal is rejected.
     */
    static byte[] parseAddress(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        // Only hex digits, colons and dots reach InetAddress, and the brackets make it insist on
        // an IPv6 literal: together they keep it from falling back to a DNS lookup.
        if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            // an IPv4-mapped literal comes back as 4 bytes, so it matches IPv4 blocks, as in Go
            return InetAddress.getByName("[" + text + "]").getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** Whether every address of {@code other} is in this prefix. */
    public boolean covers(Cidr other) {
        return other.prefix >= prefix && contains(other.network);
    }

    /** Whether this is every address of its family ({@code 0.0.0.0/0}, {@code ::/0}). */
    public boolean isEverything() {
        return prefix == 0;
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    /** Whether the address is in this prefix; an address of the other family never is. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        if (!Arrays.equals(network, 0, full, address, 0, full)) {
            return false;
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (network[full] & mask) == (address[full] & mask);
    }
}
