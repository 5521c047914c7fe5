package dev.warden.dns;

import dev.warden.dns.Resolution.Source;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Upstream answers by (name, type), shared by every workload — policy is applied to each query
 * after the cache, so one workload's lookup never widens another's access. Positive answers live
 * for their smallest TTL, held between a floor and a ceiling; negative answers (NXDOMAIN, or
 * NOERROR without data) for the SOA's TTL or MINIMUM, whichever is less (RFC 2308 §5), and not
 * at all without an SOA. Failures are never cached.
 */
public final class AnswerCache {
    private record Entry(Resolution resolution, long storedNanos, long expiresNanos) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long floorSeconds;
    private final long ceilingSeconds;
    private final long negativeCeilingSeconds;
    private final int capacity;
    private final LongSupplier nanoTime;

    public AnswerCache(Duration floor, Duration ceiling, Duration negativeCeiling, int capacity, LongSupplier nanoTime) {
        this.floorSeconds = floor.toSeconds();
        this.ceilingSeconds = ceiling.toSeconds();
        this.negativeCeilingSeconds = negativeCeiling.toSeconds();
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    private static String key(String name, DnsRecordType type) {
        return name + '/' + type.intValue();
    }

    /** The cached answer with TTLs counted down to what is left, or null. */
    public Resolution get(String name, DnsRecordType type) {
        String key = key(name, type);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        long now = nanoTime.getAsLong();
        if (now >= entry.expiresNanos) {
            entries.remove(key, entry);
            return null;
        }
        long remaining = Math.max(1, (entry.expiresNanos - now) / 1_000_000_000L);
        Resolution stored = entry.resolution;
        List<ResourceRecord> answers = new ArrayList<>(stored.answers().size());
        for (ResourceRecord record : stored.answers()) {
            answers.add(record.withTtl(Math.min(record.ttl(), remaining)));
        }
        ResourceRecord soa = stored.soa() == null ? null : stored.soa().withTtl(Math.min(stored.soa().ttl(), remaining));
        return new Resolution(stored.rcode(), answers, soa, false, Source.CACHE);
    }

    /**
     * Stores {@code resolution} when it may be cached, and returns it as it should be answered
     * now: positive TTLs held between the floor and the ceiling, the SOA's TTL the negative TTL.
     */
    public Resolution put(String name, DnsRecordType type, Resolution resolution) {
        boolean positive = resolution.rcode().equals(DnsResponseCode.NOERROR) && !resolution.answers().isEmpty();
        boolean negative = resolution.rcode().equals(DnsResponseCode.NXDOMAIN)
                || (resolution.rcode().equals(DnsResponseCode.NOERROR) && resolution.answers().isEmpty());
        Resolution answered;
        long ttl;
        if (positive) {
            long smallest = resolution.answers().stream().mapToLong(ResourceRecord::ttl).min().orElseThrow();
            ttl = Math.min(Math.max(smallest, floorSeconds), ceilingSeconds);
            answered = withTtls(resolution, ttl, null);
        } else if (negative && resolution.soa() != null) {
            ttl = Math.min(negativeTtl(resolution.soa()), negativeCeilingSeconds);
            answered = withTtls(resolution, ttl, resolution.soa().withTtl(ttl));
        } else {
            return resolution;
        }
        if (ttl > 0) {
            makeRoom();
            long now = nanoTime.getAsLong();
            entries.put(key(name, type), new Entry(answered, now, now + ttl * 1_000_000_000L));
        }
        return answered;
    }

    /** RFC 2308 §5: the lesser of the SOA record's own TTL and its MINIMUM field. */
    static long negativeTtl(ResourceRecord soa) {
        byte[] rdata = soa.rdata();
        long minimum = Integer.toUnsignedLong(ByteBuffer.wrap(rdata, rdata.length - 4, 4).getInt());
        return Math.min(soa.ttl(), minimum);
    }

    private static Resolution withTtls(Resolution resolution, long ttl, ResourceRecord soa) {
        List<ResourceRecord> answers = resolution.answers().stream().map(record -> record.withTtl(ttl)).toList();
        return new Resolution(resolution.rcode(), answers, soa, resolution.authoritative(), resolution.source());
    }

    /** Keeps the cache bounded: expired entries go first, then arbitrary ones. */
    private void makeRoom() {
        if (entries.size() < capacity) {
            return;
        }
        long now = nanoTime.getAsLong();
        entries.values().removeIf(entry -> now >= entry.expiresNanos);
        Iterator<String> keys = entries.keySet().iterator();
        int excess = entries.size() - capacity + Math.max(1, capacity / 10);
        while (excess-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    public int size() {
        return entries.size();
    }
}
