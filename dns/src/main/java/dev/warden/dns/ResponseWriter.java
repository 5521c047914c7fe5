package dev.warden.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.util.List;

/**
 * Writes responses in wire format. Records are Warden's own self-contained {@link
 * ResourceRecord}s, so writing them is a copy; an owner name equal to the question name is a
 * pointer to the question (RFC 1035 §4.1.4), which keeps typical answers small.
 */
public final class ResponseWriter {
    /** The EDNS payload size Warden offers: the DNS Flag Day 2020 value, below common path MTUs. */
    public static final int EDNS_PAYLOAD = 1232;
    public static final int TCP_MAX = 65_535;
    private static final int QUESTION_POINTER = 0xC00C;

    private ResponseWriter() {}

    /** The largest response {@code query} may get over UDP (RFC 1035 §4.2.1, RFC 6891 §6.2.5). */
    public static int udpLimit(Query query) {
        return query.hasEdns() ? Math.min(Math.max(query.ednsUdpSize(), QueryParser.MAX_QUERY_BYTES), EDNS_PAYLOAD)
                : QueryParser.MAX_QUERY_BYTES;
    }

    /**
     * The response to {@code query}; when it would exceed {@code limit} bytes it is sent with the
     * TC bit and no records, so the client asks again over TCP (RFC 7766 §5).
     */
    public static ByteBuf answer(ByteBufAllocator alloc, Query query, DnsResponseCode rcode, boolean authoritative,
            List<ResourceRecord> answers, List<ResourceRecord> authority, int limit) {
        ByteBuf out = alloc.buffer(128);
        writeHeader(out, query.id(), 0, query.recursionDesired(), query.checkingDisabled(), authoritative, false,
                rcode.intValue(), 1, answers.size(), authority.size(), query.hasEdns() ? 1 : 0);
        out.writeBytes(query.question());
        for (ResourceRecord record : answers) {
            writeRecord(out, record, query.name());
        }
        for (ResourceRecord record : authority) {
            writeRecord(out, record, query.name());
        }
        if (query.hasEdns()) {
            writeOpt(out, rcode.intValue());
        }
        if (out.readableBytes() <= limit) {
            return out;
        }
        out.clear();
        writeHeader(out, query.id(), 0, query.recursionDesired(), query.checkingDisabled(), authoritative, true,
                rcode.intValue(), 1, 0, 0, query.hasEdns() ? 1 : 0);
        out.writeBytes(query.question());
        if (query.hasEdns()) {
            writeOpt(out, rcode.intValue());
        }
        return out;
    }

    /** A response carrying only {@code rcode}, for a query refused before or while reading it. */
    public static ByteBuf rejection(ByteBufAllocator alloc, QueryParser.Rejected rejected) {
        Query query = rejected.query();
        if (query != null) {
            return answer(alloc, query, rejected.rcode(), false, List.of(), List.of(), udpLimit(query));
        }
        ByteBuf out = alloc.buffer(12);
        writeHeader(out, rejected.id(), rejected.opcode(), rejected.recursionDesired(), false, false, false,
                rejected.rcode().intValue(), 0, 0, 0, 0);
        return out;
    }

    private static void writeHeader(ByteBuf out, int id, int opcode, boolean recursionDesired, boolean checkingDisabled,
            boolean authoritative, boolean truncated, int rcode, int questions, int answers, int authorities,
            int additionals) {
        int flags = 0x8000 | (opcode << 11) | 0x0080; // QR, and recursion available
        flags |= authoritative ? 0x0400 : 0;
        flags |= truncated ? 0x0200 : 0;
        flags |= recursionDesired ? 0x0100 : 0;
        flags |= checkingDisabled ? 0x0010 : 0;
        flags |= rcode & 0xF;
        out.writeShort(id).writeShort(flags).writeShort(questions).writeShort(answers).writeShort(authorities)
                .writeShort(additionals);
    }

    private static void writeRecord(ByteBuf out, ResourceRecord record, String questionName) {
        String owner = record.name();
        if (owner.length() == questionName.length() + 1 && owner.startsWith(questionName) && !questionName.isEmpty()) {
            out.writeShort(QUESTION_POINTER);
        } else {
            out.writeBytes(WireNames.encode(owner));
        }
        out.writeShort(record.type().intValue()).writeShort(1).writeInt((int) record.ttl());
        record.writeRdata(out);
    }

    /** RFC 6891 §6.1.3: the upper 8 bits of a 12-bit response code ride in the OPT TTL. */
    private static void writeOpt(ByteBuf out, int rcode) {
        out.writeByte(0).writeShort(DnsRecordType.OPT.intValue()).writeShort(EDNS_PAYLOAD)
                .writeByte(rcode >> 4).writeByte(0).writeShort(0).writeShort(0);
    }
}
