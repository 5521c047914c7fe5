package dev.warden.dns;

import io.netty.handler.codec.dns.DnsRecordType;

/**
 * A query that passed {@link QueryParser}: one question, opcode QUERY.
 *
 * @param name the question name, lower-case, without the trailing dot ("" for the root); bytes
 *     outside printable ASCII are written as {@code \DDD}, as dig does
 * @param hostLike whether every label is letters, digits, '-', '_' or '*': the only names a
 *     record can allow
 * @param question the question section exactly as received, echoed in the response so a
 *     client's 0x20 case randomisation checks out
 * @param ednsUdpSize the UDP payload size the client advertised in an OPT record, or -1 without one
 */
public record Query(
        int id,
        boolean recursionDesired,
        boolean checkingDisabled,
        String name,
        boolean hostLike,
        DnsRecordType type,
        int dnsClass,
        byte[] question,
        int ednsUdpSize) {

    public boolean hasEdns() {
        return ednsUdpSize >= 0;
    }

    /** The name as dig prints it: absolute, with the trailing dot. */
    public String absoluteName() {
        return name + ".";
    }
}
