package dev.warden.gateway.http;

import dev.warden.model.net.IpAddress;
import java.math.BigInteger;

/**
 * The WHATWG URL Standard's IPv4 parser, which is also what inet_aton and curl accept: one to
 * four dot-separated parts, each decimal, octal (leading 0) or hexadecimal (0x), the last part
 * filling the remaining bytes. "127.1", "2130706433", "0x7f.0.0.1" and "0177.0.0.1" all mean
 * 127.0.0.1. An SSRF guard that reads these differently from the client checks the wrong address.
 */
final class Ipv4Literal {
    private Ipv4Literal() {}

    /** The address {@code host} denotes, or null when it is not an IPv4 literal in any form. */
    static IpAddress parse(String host) {
        String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (text.isEmpty()) {
            return null;
        }
        String[] parts = text.split("\\.", -1);
        String last = parts[parts.length - 1];
        if (parts.length > 4 || parseNumber(last) == null) {
            return null; // "ends in a number" is what makes a host an IPv4 literal
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            BigInteger number = parseNumber(parts[i]);
            if (number == null) {
                return null;
            }
            boolean isLast = i == parts.length - 1;
            BigInteger limit = BigInteger.ONE.shiftLeft(isLast ? 8 * (5 - parts.length) : 8);
            if (number.compareTo(limit) >= 0) {
                return null;
            }
            numbers[i] = number.longValue();
        }
        long value = numbers[parts.length - 1];
        for (int i = 0; i < parts.length - 1; i++) {
            value |= numbers[i] << (8 * (3 - i));
        }
        return IpAddress.of(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static BigInteger parseNumber(String part) {
        if (part.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return BigInteger.ZERO;
            }
        } else if (part.length() >= 2 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        return new BigInteger(digits, radix);
    }
}
