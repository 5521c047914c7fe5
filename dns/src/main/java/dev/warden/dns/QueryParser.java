package dev.warden.dns;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads a query off the wire and refuses every shape a resolver should not act on, before any
 * policy or upstream work. The 12-byte header is read here rather than by Netty's
 * {@code DatagramDnsQueryDecoder}, because that decoder throws on malformed input and a FORMERR
 * answer needs the query's ID; the additional section is read with Netty's record decoder.
 */
public final class QueryParser {
    /** RFC 1035 §4.2.1: the UDP message size without EDNS; also the most an honest query needs. */
    public static final int MAX_QUERY_BYTES = 512;
    private static final int HEADER = 12;
    private static final int OPCODE_QUERY = 0;
    /** RFC 6891 §7: a version this server does not implement gets BADVERS. */
    private static final DnsResponseCode BADVERS = DnsResponseCode.valueOf(16);

    private QueryParser() {}

    /** What to do with one received message. */
    public sealed interface Outcome {}

    /** A query to answer. */
    public record Accepted(Query query) implements Outcome {}

    /**
     * A message answered with {@code rcode} and nothing else, because of {@code reason}.
     * {@code query} is set when the question was read (so the response can echo it).
     */
    public record Rejected(int id, int opcode, boolean recursionDesired, DnsResponseCode rcode, String reason,
            Query query) implements Outcome {}

    /** A message not answered at all: too short to carry an ID, or itself a response; {@code tag}
     * names the case in metrics. */
    public record Ignored(String tag, String reason) implements Outcome {}

    /** Parses the message in {@code in} (from its reader index; the buffer is not released). */
    public static Outcome parse(ByteBuf in) {
        int start = in.readerIndex();
        int length = in.readableBytes();
        if (length < HEADER) {
            return new Ignored("short", "a message of " + length + " bytes is shorter than a DNS header");
        }
        int id = in.getUnsignedShort(start);
        int flags = in.getUnsignedShort(start + 2);
        if ((flags & 0x8000) != 0) {
            // Answering responses would let two resolvers bounce packets between them forever.
            return new Ignored("response", "the message is a response, not a query");
        }
        int opcode = (flags >> 11) & 0xF;
        boolean recursionDesired = (flags & 0x0100) != 0;
        int questions = in.getUnsignedShort(start + 4);
        int answers = in.getUnsignedShort(start + 6);
        int authorities = in.getUnsignedShort(start + 8);
        int additionals = in.getUnsignedShort(start + 10);
        if (opcode != OPCODE_QUERY) {
            return new Rejected(id, opcode, recursionDesired, DnsResponseCode.NOTIMP,
                    "opcode " + opcode + " is not supported; only QUERY (0) is", null);
        }
        if (length > MAX_QUERY_BYTES) {
            return new Rejected(id, opcode, recursionDesired, DnsResponseCode.FORMERR,
                    "a query of " + length + " bytes is larger than " + MAX_QUERY_BYTES, null);
        }
        if (questions != 1) {
            return new Rejected(id, opcode, recursionDesired, DnsResponseCode.FORMERR,
                    questions + " questions in one query; exactly one is allowed", null);
        }
        if (answers != 0 || authorities != 0) {
            return new Rejected(id, opcode, recursionDesired, DnsResponseCode.FORMERR,
                    "a query carries no answer or authority records", null);
        }
        QuestionName name = readQuestionName(in, start + HEADER, start + length);
        if (name.problem != null) {
            return new Rejected(id, opcode, recursionDesired, DnsResponseCode.FORMERR, name.problem, null);
        }
        int offset = name.end;
        if (start + length - offset < 4) {
            return new Rejected(id, opcode, recursionDesired, DnsResponseCode.FORMERR,
                    "the question ends before its type and class", null);
        }
        DnsRecordType type = DnsRecordType.valueOf(in.getUnsignedShort(offset));
        int dnsClass = in.getUnsignedShort(offset + 2);
        offset += 4;
        byte[] question = new byte[offset - start - HEADER];
        in.getBytes(start + HEADER, question);
        Query query = new Query(id, recursionDesired, (flags & 0x0010) != 0, name.text, name.hostLike, type, dnsClass,
                question, -1);
        return readAdditionals(in, offset, start + length, additionals, query, opcode);
    }

    private static Outcome readAdditionals(ByteBuf in, int offset, int end, int count, Query query, int opcode) {
        int udpSize = -1;
        int savedReader = in.readerIndex();
        try {
            in.readerIndex(offset);
            for (int i = 0; i < count; i++) {
                DnsRecord record = DnsRecordDecoder.DEFAULT.decodeRecord(in);
                if (record == null) {
                    return rejected(query, opcode, DnsResponseCode.FORMERR, "the additional section is cut short", null);
                }
                try {
                    if (!record.type().equals(DnsRecordType.OPT)) {
                        continue; // e.g. a TSIG this server does not verify: the query is answered unsigned
                    }
                    if (udpSize >= 0) {
                        return rejected(query, opcode, DnsResponseCode.FORMERR, "more than one OPT record (RFC 6891 §6.1.1)",
                                null);
                    }
                    udpSize = Math.max(MAX_QUERY_BYTES, record.dnsClass());
                    int version = (int) (record.timeToLive() >> 16) & 0xFF;
                    if (version != 0) {
                        Query withEdns = withEdns(query, udpSize);
                        return rejected(withEdns, opcode, BADVERS, "EDNS version " + version + " is not supported; use 0",
                                withEdns);
                    }
                } finally {
                    ReferenceCountUtil.release(record);
                }
            }
            if (in.readerIndex() != end) {
                return rejected(query, opcode, DnsResponseCode.FORMERR,
                        (end - in.readerIndex()) + " bytes follow the last record", null);
            }
        } catch (Exception e) {
            return rejected(query, opcode, DnsResponseCode.FORMERR, "the additional section is malformed", null);
        } finally {
            in.readerIndex(savedReader);
        }
        return new Accepted(udpSize < 0 ? query : withEdns(query, udpSize));
    }

    private static Rejected rejected(Query query, int opcode, DnsResponseCode rcode, String reason, Query echo) {
        return new Rejected(query.id(), opcode, query.recursionDesired(), rcode, reason, echo);
    }

    private static Query withEdns(Query query, int udpSize) {
        return new Query(query.id(), query.recursionDesired(), query.checkingDisabled(), query.name(), query.hostLike(),
                query.type(), query.dnsClass(), query.question(), udpSize);
    }

    private record QuestionName(String text, boolean hostLike, int end, String problem) {
        static QuestionName problem(String problem) {
            return new QuestionName(null, false, -1, problem);
        }
    }

    /** Walks the labels at {@code offset}, enforcing RFC 1035 limits; a question has no pointers. */
    private static QuestionName readQuestionName(ByteBuf in, int offset, int end) {
        StringBuilder text = new StringBuilder();
        boolean hostLike = true;
        int wireLength = 0;
        while (true) {
            if (offset >= end) {
                return QuestionName.problem("the question name runs past the end of the message");
            }
            int labelLength = in.getUnsignedByte(offset);
            if ((labelLength & 0xC0) == 0xC0) {
                return QuestionName.problem("the question name uses a compression pointer, which nothing precedes");
            }
            if ((labelLength & 0xC0) != 0) {
                return QuestionName.problem("label type 0x" + Integer.toHexString(labelLength & 0xC0)
                        + " is not supported (labels are at most 63 octets)");
            }
            wireLength += 1 + labelLength;
            if (wireLength > WireNames.MAX_NAME) {
                return QuestionName.problem("the question name is longer than 255 octets");
            }
            offset++;
            if (labelLength == 0) {
                return new QuestionName(text.toString(), hostLike && !text.isEmpty(), offset, null);
            }
            if (offset + labelLength > end) {
                return QuestionName.problem("a label of the question name runs past the end of the message");
            }
            if (!text.isEmpty()) {
                text.append('.');
            }
            for (int i = 0; i < labelLength; i++) {
                int octet = in.getUnsignedByte(offset + i);
                char c = Character.toLowerCase((char) octet);
                boolean hostChar = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*';
                hostLike &= hostChar;
                if (hostChar) {
                    text.append(c);
                } else if (octet > 0x20 && octet < 0x7F && octet != '.' && octet != '\\') {
                    text.append(c);
                } else {
                    text.append('\\').append(String.format("%03d", octet));
                }
            }
            offset += labelLength;
        }
    }
}
