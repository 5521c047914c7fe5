package dev.warden.model.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address, immutable.
 *
 * <p>Parsing accepts only the strict textual forms: four decimal octets for IPv4 and RFC 4291
 * section 2.2 for IPv6. Anything a resolver might read in more than one way (leading zeros, fewer
 * than four parts, hexadecimal octets, zone IDs, brackets) is refused, because a policy engine and
 * the resolver behind it must agree on which address a rule means.
 *
 * <p>Ordered IPv4 before IPv6, then numerically.
 */
public final class IpAddress implements Comparable<IpAddress> {

    private static final int IPV4_BYTES = 4;
    private static final int IPV6_BYTES = 16;
    private static final int IPV6_GROUPS = 8;
    private static final String FORM_HINT =
            "write IPv4 as four decimal octets such as 192.0.2.1, or IPv6 such as 2001:db8::1";

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses a dotted-quad IPv4 address or an RFC 4291 IPv6 address.
     *
     * @throws InvalidValueException if the text is not exactly one of those forms
     */
    public static IpAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidValueException("is empty; " + FORM_HINT);
        }
        if (text.indexOf('/') >= 0) {
            throw new InvalidValueException(
                    "has a prefix length; write a single address here, without /N");
        }
        if (text.indexOf(':') >= 0 || text.indexOf('[') >= 0) {
            return new IpAddress(parseIpv6(text));
        }
        return new IpAddress(parseIpv4(text));
    }

    /**
     * Wraps 4 (IPv4) or 16 (IPv6) bytes in network order; the array is copied.
     *
     * @throws InvalidValueException for any other length
     */
    public static IpAddress of(byte[] bytes) {
        if (bytes.length != IPV4_BYTES && bytes.length != IPV6_BYTES) {
            throw new InvalidValueException("has " + bytes.length
                    + " bytes; an IP address has 4 (IPv4) or 16 (IPv6)");
        }
        return new IpAddress(bytes.clone());
    }

    /**
     * Converts a JDK address without any DNS lookup. An IPv6 scope ID, if present, is dropped:
     * policy applies to the address, not to the interface it is reached through.
     */
    public static IpAddress of(InetAddress address) {
        return new IpAddress(address.getAddress());
    }

    /** Whether this is an IPv4 address. */
    public boolean isV4() {
        return bytes.length == IPV4_BYTES;
    }

    /** 32 for IPv4, 128 for IPv6. */
    public int bitLength() {
        return bytes.length * Byte.SIZE;
    }

    /** The address in network byte order, as a fresh copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The JDK form of this address, made without DNS. An IPv4-mapped IPv6 address stays an
     * {@link Inet6Address} (plain {@code InetAddress.getByAddress} would turn it into IPv4).
     */
    public InetAddress toInetAddress() {
        try {
            return isV4() ? InetAddress.getByAddress(bytes.clone())
                    : Inet6Address.getByAddress(null, bytes.clone(), -1);
        } catch (UnknownHostException impossible) {
            // Only thrown for a wrong array length, which every factory method rules out.
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether the first {@code prefixLength} bits of both addresses are equal; false across families. */
    boolean samePrefix(IpAddress other, int prefixLength) {
        if (bytes.length != other.bytes.length) {
            return false;
        }
        int whole = prefixLength / Byte.SIZE;
        if (!Arrays.equals(bytes, 0, whole, other.bytes, 0, whole)) {
            return false;
        }
        int partial = prefixLength % Byte.SIZE;
        return partial == 0 || ((bytes[whole] ^ other.bytes[whole]) & prefixMask(partial)) == 0;
    }

    /** This address with every bit from {@code prefixLength} onward cleared ({@code set} false) or set. */
    IpAddress withHostBits(int prefixLength, boolean set) {
        byte[] result = bytes.clone();
        for (int i = prefixLength / Byte.SIZE; i < result.length; i++) {
            int keep = i == prefixLength / Byte.SIZE ? prefixMask(prefixLength % Byte.SIZE) : 0;
            result[i] = (byte) (set ? result[i] | ~keep : result[i] & keep);
        }
        return new IpAddress(result);
    }

    /** This address with bit {@code index} set, counting from the most significant bit as 0. */
    IpAddress withBitSet(int index) {
        byte[] result = bytes.clone();
        result[index / Byte.SIZE] |= (byte) (0x80 >>> (index % Byte.SIZE));
        return new IpAddress(result);
    }

    /** This address with every bit inverted. */
    IpAddress complement() {
        byte[] result = bytes.clone();
        for (int i = 0; i < result.length; i++) {
            result[i] = (byte) ~result[i];
        }
        return new IpAddress(result);
    }

    /** A byte mask with the top {@code bits} bits set. */
    private static int prefixMask(int bits) {
        return (0xff00 >>> bits) & 0xff;
    }

    /** Bytes {@code from} (inclusive) to {@code to} (exclusive) as an address, e.g. an embedded IPv4. */
    IpAddress slice(int from, int to) {
        return new IpAddress(Arrays.copyOfRange(bytes, from, to));
    }

    @Override
    public int compareTo(IpAddress other) {
        int byFamily = Integer.compare(bytes.length, other.bytes.length);
        return byFamily != 0 ? byFamily : Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress address && Arrays.equals(bytes, address.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Dotted quad for IPv4; RFC 5952 canonical text for IPv6. */
    @Override
    public String toString() {
        return isV4() ? dotted(bytes, 0) : rfc5952(bytes);
    }

    private static byte[] parseIpv4(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && !isDecimalDigit(c)) {
                throw new InvalidValueException("is not an IP address; " + FORM_HINT);
            }
        }
        String[] octets = text.split("\\.", -1);
        if (octets.length == 1) {
            throw new InvalidValueException("is a single number, which some resolvers read as an IPv4 address;"
                    + " write four decimal octets such as 192.0.2.1");
        }
        if (octets.length != IPV4_BYTES) {
            throw new InvalidValueException("has " + octets.length
                    + " dot-separated parts; an IPv4 address has exactly four, such as 192.0.2.1");
        }
        for (int i = 0; i < octets.length; i++) {
            if (octets[i].isEmpty()) {
                throw new InvalidValueException("has an empty octet " + (i + 1)
                        + "; an IPv4 address has four decimal octets such as 192.0.2.1");
            }
        }
        String[] decimal = new String[IPV4_BYTES];
        for (int i = 0; i < octets.length; i++) {
            decimal[i] = octets[i].replaceFirst("^0+(?=.)", "");
        }
        if (!Arrays.equals(octets, decimal)) {
            throw new InvalidValueException("has an octet with a leading zero, which some resolvers read as octal; "
                    + (allOctetsInRange(decimal) ? "write " + String.join(".", decimal) + " if you mean decimal"
                            : "write each octet as a decimal number 0 to 255 without leading zeros"));
        }
        byte[] result = new byte[IPV4_BYTES];
        for (int i = 0; i < octets.length; i++) {
            if (!octetInRange(octets[i])) {
                throw new InvalidValueException("has " + octets[i] + " as octet " + (i + 1)
                        + "; each octet is 0 to 255");
            }
            result[i] = (byte) Integer.parseInt(octets[i]);
        }
        return result;
    }

    private static boolean allOctetsInRange(String[] octets) {
        return Arrays.stream(octets).allMatch(IpAddress::octetInRange);
    }

    private static boolean octetInRange(String octet) {
        return octet.length() <= 3 && Integer.parseInt(octet) <= 255;
    }

    private static boolean isDecimalDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDecimalDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static byte[] parseIpv6(String text) {
        if (text.indexOf('[') >= 0 || text.indexOf(']') >= 0) {
            throw new InvalidValueException("is wrapped in brackets; write the address without [ ], such as 2001:db8::1");
        }
        int percent = text.indexOf('%');
        if (percent >= 0) {
            throw new InvalidValueException("has a zone ID (" + text.substring(percent)
                    + "), which only means something on one machine; write the address without it");
        }
        if (text.contains(":::")) {
            throw new InvalidValueException("has ':::'; use '::' for one run of zero groups");
        }
        int compression = text.indexOf("::");
        if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
            throw new InvalidValueException(
                    "uses '::' more than once; only one run of zero groups may be compressed");
        }
        if (text.startsWith(":") && compression != 0) {
            throw new InvalidValueException("starts with a single ':'; write '::' to compress leading zero groups");
        }
        if (text.endsWith(":") && compression != text.length() - 2) {
            throw new InvalidValueException("ends with a single ':'; write '::' to compress trailing zero groups");
        }
        List<Integer> head;
        List<Integer> tail;
        if (compression < 0) {
            head = parseGroups(text, 1);
            tail = List.of();
            if (head.size() != IPV6_GROUPS) {
                throw new InvalidValueException("has " + head.size()
                        + " groups; write all eight, or use '::' for a run of zero groups");
            }
        } else {
            String before = text.substring(0, compression);
            head = before.isEmpty() ? List.of() : parseGroups(before, 1);
            String after = text.substring(compression + 2);
            tail = after.isEmpty() ? List.of() : parseGroups(after, before.split(":").length + 1);
            if (head.size() + tail.size() >= IPV6_GROUPS) {
                throw new InvalidValueException("has '::' as well as " + (head.size() + tail.size())
                        + " groups; '::' must stand for at least one zero group, so remove it or a group");
            }
        }
        byte[] result = new byte[IPV6_BYTES];
        for (int i = 0; i < head.size(); i++) {
            putGroup(result, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            putGroup(result, IPV6_GROUPS - tail.size() + i, tail.get(i));
        }
        return result;
    }

    /**
     * Parses colon-separated hex groups; a final dotted IPv4 part counts as two groups.
     * {@code firstNumber} numbers the groups as the user sees them in the whole address.
     */
    private static List<Integer> parseGroups(String part, int firstNumber) {
        String[] pieces = part.split(":", -1);
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (piece.indexOf('.') >= 0) {
                if (i != pieces.length - 1) {
                    throw new InvalidValueException("has an embedded IPv4 part before the end;"
                            + " dotted IPv4 may only be the last 32 bits, as in ::ffff:192.0.2.1");
                }
                byte[] ipv4 = parseEmbeddedIpv4(piece);
                groups.add(((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff));
                groups.add(((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff));
            } else {
                groups.add(parseGroup(piece, firstNumber + i));
            }
        }
        return groups;
    }

    private static byte[] parseEmbeddedIpv4(String piece) {
        try {
            return parseIpv4(piece);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("has an invalid embedded IPv4 part: it " + e.getMessage());
        }
    }

    private static int parseGroup(String piece, int number) {
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            if (!isHexDigit(c)) {
                throw new InvalidValueException("contains '" + c
                        + "', which is not a hex digit; IPv6 groups use 0-9 and a-f, as in 2001:db8::1");
            }
        }
        if (piece.length() > 4) {
            throw new InvalidValueException("has more than four hex digits in group " + number
                    + "; each group is 16 bits, 0 to ffff");
        }
        return Integer.parseInt(piece, 16);
    }

    private static void putGroup(byte[] bytes, int index, int group) {
        bytes[2 * index] = (byte) (group >>> 8);
        bytes[2 * index + 1] = (byte) group;
    }

    private static String dotted(byte[] bytes, int from) {
        return (bytes[from] & 0xff) + "." + (bytes[from + 1] & 0xff) + "."
                + (bytes[from + 2] & 0xff) + "." + (bytes[from + 3] & 0xff);
    }

    private static String rfc5952(byte[] bytes) {
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        if (isIpv4Mapped(groups)) {
            // RFC 5952 section 5: mixed notation for the well-known IPv4-mapped prefix.
            return "::ffff:" + dotted(bytes, 12);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is never compressed (RFC 5952 section 4.2.2)
        for (int start = 0; start < IPV6_GROUPS; start++) {
            int length = 0;
            while (start + length < IPV6_GROUPS && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) { // strictly longer, so the leftmost run wins a tie
                bestStart = start;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }
}
