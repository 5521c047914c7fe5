package dev.warden.dns;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How one DNS resolver runs.
 *
 * @param listen the address for both UDP and TCP
 * @param upstream the resolver allowed queries are forwarded to, or null for the servers in
 *     /etc/resolv.conf
 * @param zoneFile an RFC 1035 master file answered locally before anything is forwarded, or null
 * @param log where query lines go: a file path (size-rotated), "-" for standard output
 * @param denied what a refused name gets: REFUSED (the default: the client stops and says so) or
 *     NXDOMAIN (for clients that retry other resolvers on REFUSED)
 * @param anyQueries what a query of type ANY gets (RFC 8482 lets resolvers decline them)
 * @param ttlFloor the shortest TTL answered and cached, so addresses an L3 layer learnt from an
 *     answer outlive a client's connection set-up (as Cilium's tofqdns-min-ttl)
 * @param ttlCeiling the longest TTL answered and cached
 * @param negativeTtlCeiling the longest a negative answer is cached (RFC 2308 §5)
 * @param upstreamTimeout how long to wait for the upstream before answering SERVFAIL
 * @param cacheEntries how many answers the cache holds at most
 * @param nftablesFile where observed name→address pairs are written as nftables set elements, or null
 */
public record DnsConfig(
        InetSocketAddress listen,
        InetSocketAddress upstream,
        Path zoneFile,
        String log,
        String observerName,
        DeniedAnswer denied,
        AnyQueries anyQueries,
        Duration ttlFloor,
        Duration ttlCeiling,
        Duration negativeTtlCeiling,
        Duration upstreamTimeout,
        int cacheEntries,
        int logQueueCapacity,
        long logFileMaxBytes,
        int logFilesKept,
        Path nftablesFile) {

    public DnsConfig {
        if (ttlFloor.compareTo(ttlCeiling) > 0) {
            throw new IllegalArgumentException("the TTL floor " + ttlFloor + " is above the ceiling " + ttlCeiling);
        }
    }

    /** The response code a denied name gets. */
    public enum DeniedAnswer {
        REFUSED,
        NXDOMAIN
    }

    /** What a query of type ANY gets. */
    public enum AnyQueries {
        /** REFUSED, sent without asking the upstream. */
        REFUSE,
        /** NOTIMP, sent without asking the upstream. */
        NOTIMP,
        /** Treated as any other type: forwarded when the name is allowed. */
        FORWARD
    }

    /** The defaults of {@code warden dns}, listening on {@code listen}. */
    public static DnsConfig defaults(InetSocketAddress listen) {
        return new DnsConfig(listen, null, null, "-", "warden-dns", DeniedAnswer.REFUSED, AnyQueries.REFUSE,
                Duration.ZERO, Duration.ofDays(1), Duration.ofHours(1), Duration.ofSeconds(5), 100_000, 65_536,
                100L * 1024 * 1024, 5, null);
    }
}
