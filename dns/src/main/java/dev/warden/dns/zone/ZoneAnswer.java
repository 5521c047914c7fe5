package dev.warden.dns.zone;

import dev.warden.dns.ResourceRecord;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a {@link Zone} says about one question.
 *
 * @param kind             the outcome; NODATA and NXDOMAIN are authoritative negative answers
 * @param answers          the answer section: CNAMEs first in chain order, then the records asked for
 * @param soa              for NODATA and NXDOMAIN, the apex SOA for the authority section, its TTL
 *                         already lowered to the negative-caching TTL; otherwise null
 * @param unresolvedTarget when a CNAME chain leaves the zone file, the name the caller should
 *                         resolve elsewhere and append; otherwise null
 */
public record ZoneAnswer(Kind kind, List<ResourceRecord> answers, ResourceRecord soa, String unresolvedTarget) {

    /** The outcome of a lookup. */
    public enum Kind {
        /** Records found (possibly only a CNAME chain to be continued at {@code unresolvedTarget}). */
        ANSWER,
        /** The name exists in an authoritative zone but has no records of the type asked for. */
        NODATA,
        /** The name does not exist in an authoritative zone. */
        NXDOMAIN,
        /** The zone file has nothing to say; resolve the question elsewhere. */
        NOT_IN_ZONE
    }

    private static final ZoneAnswer NOT_IN_ZONE = new ZoneAnswer(Kind.NOT_IN_ZONE, List.of(), null, null);

    public ZoneAnswer {
        answers = List.copyOf(answers);
    }

    public static ZoneAnswer answer(List<ResourceRecord> records) {
        return new ZoneAnswer(Kind.ANSWER, records, null, null);
    }

    /** The CNAMEs found so far, whose last target lies outside the zone file. */
    public static ZoneAnswer continueAt(List<ResourceRecord> cnames, String unresolvedTarget) {
        return new ZoneAnswer(Kind.ANSWER, cnames, null, unresolvedTarget);
    }

    /** {@code cnames} is empty unless the question was answered by a CNAME chain ending in NODATA. */
    public static ZoneAnswer nodata(List<ResourceRecord> cnames, ResourceRecord apexSoa) {
        return new ZoneAnswer(Kind.NODATA, cnames, negativeCaching(apexSoa), null);
    }

    /** {@code cnames} is empty unless a CNAME chain ended at a name that does not exist (RFC 6604). */
    public static ZoneAnswer nxdomain(List<ResourceRecord> cnames, ResourceRecord apexSoa) {
        return new ZoneAnswer(Kind.NXDOMAIN, cnames, negativeCaching(apexSoa), null);
    }

    public static ZoneAnswer notInZone() {
        return NOT_IN_ZONE;
    }

    /** RFC 2308 §3: a negative answer may be cached for the lesser of the SOA's TTL and its MINIMUM field. */
    private static ResourceRecord negativeCaching(ResourceRecord soa) {
        byte[] rdata = soa.rdata();
        long minimum = Integer.toUnsignedLong(ByteBuffer.wrap(rdata).getInt(rdata.length - Integer.BYTES));
        return soa.withTtl(Math.min(soa.ttl(), minimum));
    }
}
