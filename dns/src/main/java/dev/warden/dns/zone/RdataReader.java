package dev.warden.dns.zone;

import dev.warden.dns.WireNames;
import io.netty.handler.codec.dns.DnsRecordType;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the data fields of one record from their text form into wire format: RFC 1035 §3.3
 * (A, CNAME, NS, PTR, MX, TXT, SOA), RFC 3596 (AAAA), RFC 2782 (SRV) and RFC 8659 (CAA).
 */
final class RdataReader {

    /** The record types a zone file may hold, each with a sample line for error messages. */
    enum Syntax {
        A("A 192.0.2.1"),
        AAAA("AAAA 2001:db8::1"),
        CNAME("CNAME target.example."),
        NS("NS ns1.example."),
        PTR("PTR host.example."),
        MX("MX 10 mail.example."),
        TXT("TXT \"some text\" \"more text\""),
        SRV("SRV 10 5 5060 sip.example."),
        SOA("SOA ns1.example. hostmaster.example. 2024010101 1h 15m 1w 5m"),
        CAA("CAA 0 issue \"letsencrypt.org\"");

        final String example;

        Syntax(String example) {
            this.example = example;
        }

        DnsRecordType type() {
            return DnsRecordType.valueOf(name());
        }
    }

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]+[wdhms])+", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)([wdhms])", Pattern.CASE_INSENSITIVE);
    private static final Pattern CAA_TAG = Pattern.compile("[A-Za-z0-9]{1,15}");
    private static final List<String> SOA_TIMERS = List.of("serial", "refresh", "retry", "expire", "minimum");
    private static final long MAX_U16 = 0xFFFF;
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    /** Above every field maximum yet small enough that multiplying by a week cannot overflow. */
    private static final long DECIMAL_CAP = 1L << 40;

    private final Syntax syntax;
    private final Token typeToken;
    private final List<Token> fields;
    private final String origin;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int next;

    private RdataReader(Syntax syntax, Token typeToken, List<Token> fields, String origin) {
        this.syntax = syntax;
        this.typeToken = typeToken;
        this.fields = fields;
        this.origin = origin;
    }

    static Syntax syntax(Token typeToken) {
        try {
            return Syntax.valueOf(typeToken.text().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw typeToken.problem("unsupported record type '" + typeToken + "'; use one of "
                    + String.join(", ", Arrays.stream(Syntax.values()).map(Syntax::name).toList()));
        }
    }

    /** The wire-format rdata of {@code fields}, which follow the type token of a record. */
    static byte[] read(Syntax syntax, Token typeToken, List<Token> fields, String origin) {
        RdataReader reader = new RdataReader(syntax, typeToken, fields, origin);
        reader.readFields();
        if (reader.next < fields.size()) {
            throw fields.get(reader.next).problem("unexpected '" + fields.get(reader.next) + "' after the "
                    + syntax + " data; write it like '" + syntax.example + "'");
        }
        return reader.out.toByteArray();
    }

    private void readFields() {
        switch (syntax) {
            case A -> ipv4(next("IPv4 address"));
            case AAAA -> ipv6(next("IPv6 address"));
            case CNAME, NS, PTR -> name("target name");
            case MX -> {
                number("preference", MAX_U16, 2);
                name("mail server name");
            }
            case TXT -> {
                do {
                    characterString(next("text"));
                } while (next < fields.size());
            }
            case SRV -> {
                number("priority", MAX_U16, 2);
                number("weight", MAX_U16, 2);
                number("port", MAX_U16, 2);
                name("target name");
            }
            case SOA -> {
                name("primary name server");
                name("responsible mailbox");
                for (String timer : SOA_TIMERS) {
                    writeUnsigned(duration(next(timer), "SOA " + timer, MAX_U32), 4);
                }
            }
            case CAA -> {
                number("flags", 0xFF, 1);
                caaTag(next("tag"));
                out.writeBytes(unescape(next("value")));
            }
        }
    }

    private Token next(String what) {
        if (next == fields.size()) {
            throw typeToken.problem(syntax + " record is missing its " + what + "; write it like '" + syntax.example + "'");
        }
        return fields.get(next++);
    }

    private void ipv4(Token token) {
        if (!token.quoted() && IPV4.matcher(token.text()).matches()) {
            String[] parts = token.text().split("\\.");
            if (Arrays.stream(parts).allMatch(part -> Integer.parseInt(part) <= 255)) {
                Arrays.stream(parts).forEach(part -> out.write(Integer.parseInt(part)));
                return;
            }
        }
        throw token.problem("A record needs an IPv4 address like 192.0.2.1, got '" + token + "'");
    }

    private void ipv6(Token token) {
        // InetAddress takes text that starts with a hex digit or ':' and holds a ':' as a literal,
        // never as a host name to look up; anything else is refused before it gets there.
        if (!token.quoted() && IPV6_LITERAL.matcher(token.text()).matches()) {
            try {
                byte[] address = InetAddress.getByName(token.text()).getAddress();
                out.writeBytes(address.length == 16 ? address : ipv4Mapped(address));
                return;
            } catch (UnknownHostException notAnAddress) {
                // reported below, the same as text that is not even shaped like an address
            }
        }
        throw token.problem("AAAA record needs an IPv6 address like 2001:db8::1, got '" + token + "'");
    }

    /** The JDK hands back {@code ::ffff:a.b.c.d} as an {@link Inet4Address}; AAAA keeps all 16 bytes. */
    private static byte[] ipv4Mapped(byte[] ipv4) {
        byte[] address = new byte[16];
        address[10] = (byte) 0xFF;
        address[11] = (byte) 0xFF;
        System.arraycopy(ipv4, 0, address, 12, 4);
        return address;
    }

    private void name(String what) {
        out.writeBytes(WireNames.encode(ZoneNames.absolute(next(what), origin, false)));
    }

    private void number(String what, long max, int octets) {
        Token token = next(what);
        if (token.quoted() || !DIGITS.matcher(token.text()).matches() || cappedDecimal(token.text()) > max) {
            throw token.problem(syntax + " " + what + " must be a whole number from 0 to " + max + ", got '" + token + "'");
        }
        writeUnsigned(cappedDecimal(token.text()), octets);
    }

    private void writeUnsigned(long value, int octets) {
        for (int shift = 8 * (octets - 1); shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    private void characterString(Token token) {
        byte[] text = unescape(token);
        if (text.length > 255) {
            throw token.problem("TXT string is " + text.length + " octets long; a string may have at most 255,"
                    + " so split it into several quoted strings");
        }
        out.write(text.length);
        out.writeBytes(text);
    }

    private void caaTag(Token token) {
        if (token.quoted() || !CAA_TAG.matcher(token.text()).matches()) {
            throw token.problem("CAA tag must be 1 to 15 letters or digits, like issue, issuewild or iodef, got '" + token + "'");
        }
        out.write(token.text().length());
        out.writeBytes(token.text().getBytes(StandardCharsets.US_ASCII));
    }

    /** The octets of a character-string, with {@code \X} and {@code \DDD} escapes (RFC 1035 §5.1) decoded. */
    private static byte[] unescape(Token token) {
        String text = token.text();
        ByteArrayOutputStream octets = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '\\') {
                if (i + 1 == text.length()) {
                    throw token.problem("'\\' at the end of " + token + " escapes nothing; write '\\\\' for a backslash");
                }
                if (text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '9') {
                    String digits = text.substring(i + 1, Math.min(i + 4, text.length()));
                    if (!DIGITS.matcher(digits).matches() || digits.length() < 3 || Integer.parseInt(digits) > 255) {
                        throw token.problem("escape '\\" + digits + "' in " + token
                                + " is not a byte; write \\DDD with three decimal digits from 000 to 255");
                    }
                    octets.write(Integer.parseInt(digits));
                    i += 4;
                    continue;
                }
                i++;
            }
            int codePoint = text.codePointAt(i);
            octets.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
            i += Character.charCount(codePoint);
        }
        return octets.toByteArray();
    }

    /**
     * Seconds written plainly ({@code 3600}) or with BIND's units, case-insensitive
     * ({@code 1h30m}, {@code 2d}, {@code 1w}), up to {@code max}.
     */
    static long duration(Token token, String what, long max) {
        String text = token.text();
        long seconds = 0;
        if (!token.quoted() && DIGITS.matcher(text).matches()) {
            seconds = cappedDecimal(text);
        } else if (!token.quoted() && DURATION.matcher(text).matches()) {
            Matcher parts = DURATION_PART.matcher(text);
            // Stopping once past max keeps a long run of parts from overflowing the sum.
            while (parts.find() && seconds <= max) {
                seconds += cappedDecimal(parts.group(1)) * unitSeconds(parts.group(2).charAt(0));
            }
        } else {
            throw token.problem(what + " must be a number, or a duration like 1h30m (units w, d, h, m, s),"
                    + " got '" + token + "'");
        }
        if (seconds > max) {
            throw token.problem(what + " '" + token + "' is over the maximum of " + max);
        }
        return seconds;
    }

    private static long unitSeconds(char unit) {
        return switch (Character.toLowerCase(unit)) {
            case 'w' -> 604_800;
            case 'd' -> 86_400;
            case 'h' -> 3_600;
            case 'm' -> 60;
            default -> 1;
        };
    }

    private static long cappedDecimal(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = Math.min(value * 10 + digits.charAt(i) - '0', DECIMAL_CAP);
        }
        return value;
    }
}
