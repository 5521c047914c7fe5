package dev.warden.analyze.findings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 prefix, just enough to tell whether an ipBlock's {@code except} list covers a
 * range. Parsing never resolves names.
 */
record Prefix(byte[] network, int length) {
    /** The prefix {@code text} writes, or empty when it is not a CIDR (the reach evaluation reports those). */
    static Optional<Prefix> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String address = text.substring(0, slash);
        // only a dotted quad, or hex digits, dots and colons in brackets (which make it insist on an
        // IPv6 literal) reach InetAddress, so it never falls back to a DNS lookup
        boolean literal = address.indexOf(':') < 0
                ? address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                : address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        if (!literal) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(address.indexOf(':') < 0 ? address : "[" + address + "]").getAddress();
            int length = Integer.parseInt(text.substring(slash + 1));
            return length < 0 || length > bytes.length * 8 ? Optional.empty() : Optional.of(new Prefix(bytes, length));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether every address of {@code other} is in this prefix. */
    boolean covers(Prefix other) {
        if (other.network.length != network.length || other.length < length) {
            return false;
        }
        for (int bit = 0; bit < length; bit++) {
            if (bit(network, bit) != bit(other.network, bit)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this is every address of its family ({@code 0.0.0.0/0}, {@code ::/0}). */
    boolean isEverything() {
        return length == 0;
    }

    boolean isIpv4() {
        return network.length == 4;
    }

    private static int bit(byte[] bytes, int index) {
        return (bytes[index / 8] >> (7 - index % 8)) & 1;
    }
}
