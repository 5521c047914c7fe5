package dev.warden.dns;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Domain names in wire format (RFC 1035 §3.1), written without compression. */
public final class WireNames {
    /** RFC 1035 §2.3.4: a label is at most 63 octets, a name at most 255 including length bytes. */
    public static final int MAX_LABEL = 63;
    public static final int MAX_NAME = 255;

    private WireNames() {}

    /**
     * {@code name} (dotted, absolute or not; "." or "" for the root) as length-prefixed labels.
     *
     * @throws IllegalArgumentException for an empty label or one over 63 octets, or a name over 255
     */
    public static byte[] encode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 2);
        String dotted = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!dotted.isEmpty()) {
            for (String label : dotted.split("\\.", -1)) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                if (bytes.length == 0 || bytes.length > MAX_LABEL) {
                    throw new IllegalArgumentException("label '" + label + "' in " + name + " must be 1 to 63 octets");
                }
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
        }
        out.write(0);
        if (out.size() > MAX_NAME) {
            throw new IllegalArgumentException(name + " is longer than 255 octets");
        }
        return out.toByteArray();
    }

    /**
     * Reads a name at {@code in}'s reader index, following compression pointers within the
     * buffer; returns it absolute and lower-case ({@code "."} for the root).
     */
    public static String decode(ByteBuf in) {
        String name = DefaultDnsRecordDecoder.decodeName(in);
        return name.toLowerCase(Locale.ROOT);
    }
}
