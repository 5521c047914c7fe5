package dev.warden.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.Arrays;
import java.util.Objects;

/**
 * One answer record as Warden keeps it — in a zone file or the cache: class IN, the owner name
 * absolute and lower-case ({@code api.example.}), and self-contained rdata (names inside it are
 * written out in full, never compression pointers into another message). Immutable: the rdata
 * is copied in and out, and shared only between copies that differ in TTL.
 */
public final class ResourceRecord {
    private final String name;
    private final DnsRecordType type;
    private final long ttl;
    private final byte[] rdata;

    public ResourceRecord(String name, DnsRecordType type, long ttl, byte[] rdata) {
        this(name, type, ttl, rdata.clone(), true);
    }

    private ResourceRecord(String name, DnsRecordType type, long ttl, byte[] owned, boolean sharesRdata) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.ttl = ttl;
        this.rdata = owned;
    }

    public String name() {
        return name;
    }

    public DnsRecordType type() {
        return type;
    }

    public long ttl() {
        return ttl;
    }

    public byte[] rdata() {
        return rdata.clone();
    }

    /** Writes the rdata length and the rdata, without the copy {@link #rdata()} makes. */
    void writeRdata(ByteBuf out) {
        out.writeShort(rdata.length).writeBytes(rdata);
    }

    /** The same record with another TTL; a cache hit makes one per answer, so no copy of the rdata. */
    public ResourceRecord withTtl(long newTtl) {
        return newTtl == ttl ? this : new ResourceRecord(name, type, newTtl, rdata, true);
    }

    /** The record for Netty's encoder; the caller's message owns (and releases) it. */
    public DnsRecord toNetty() {
        return new DefaultDnsRawRecord(name, type, DnsRecord.CLASS_IN, ttl, Unpooled.wrappedBuffer(rdata));
    }

    /** The target of a CNAME record, absolute and lower-case. */
    public String cnameTarget() {
        if (!type.equals(DnsRecordType.CNAME)) {
            throw new IllegalStateException(type + " is not a CNAME");
        }
        return WireNames.decode(Unpooled.wrappedBuffer(rdata));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResourceRecord that && name.equals(that.name) && type.equals(that.type)
                && ttl == that.ttl && Arrays.equals(rdata, that.rdata);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type.hashCode()) * 31 + Arrays.hashCode(rdata);
    }

    @Override
    public String toString() {
        return name + " " + ttl + " IN " + type.name() + " (" + rdata.length + " bytes)";
    }
}
