package dev.warden.dns;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What each workload has resolved from names it may reach: address → name, until the answer's
 * TTL runs out. An L3 layer turns these into address sets, as Cilium does for toFQDNs, and the
 * gateway uses them to attribute a CONNECT to an IP literal to the name the caller looked up.
 */
public final class Observations implements ResolvedNames {
    /** One learnt address: the name it answered, the record that allowed it, and until when. */
    public record Observation(String workload, Hostname name, IpAddress address, String rule, Instant expires) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The longest element timeout written. nftables refuses timeouts beyond about three years
     * and one bad element fails the whole script; the resolver rewrites the file long before a
     * day is over, so a day loses nothing.
     */
    static final long MAX_ELEMENT_TIMEOUT_SECONDS = 86_400;
    private static final int MAX_SET_NAME = 255;
    /** An expiry moves only by at least this much, so repeated answers do not rewrite the sets. */
    private static final Duration RENEWAL_GRANULARITY = Duration.ofSeconds(10);

    private final Map<String, Map<IpAddress, Observation>> byWorkload = new ConcurrentHashMap<>();
    private final Supplier<Instant> now;
    private final AtomicLong version = new AtomicLong();

    public Observations(Supplier<Instant> now) {
        this.now = now;
    }

    /** The key observations are filed under: {@code namespace/workload}, or the source address. */
    static String workloadKey(WorkloadIdentity caller, IpAddress source) {
        return caller == null ? "unidentified/" + source : caller.displayName();
    }

    /** Remembers that {@code caller} was answered {@code addresses} for {@code name}, for {@code ttlSeconds}. */
    public void recordAnswer(WorkloadIdentity caller, IpAddress source, Hostname name, List<IpAddress> addresses,
            String rule, long ttlSeconds) {
        record(workloadKey(caller, source), name, addresses, rule, ttlSeconds);
    }

    void record(String workload, Hostname name, List<IpAddress> addresses, String rule, long ttlSeconds) {
        if (addresses.isEmpty()) {
            return;
        }
        Instant expires = now.get().plusSeconds(ttlSeconds);
        Map<IpAddress, Observation> learnt = byWorkload.computeIfAbsent(workload, key -> new ConcurrentHashMap<>());
        boolean changed = false;
        for (IpAddress address : addresses) {
            Observation known = learnt.get(address);
            // A cached answer repeats the same observation many times a second: only news counts.
            if (known != null && known.name().equals(name) && Objects.equals(known.rule(), rule)
                    && !expires.isAfter(known.expires().plus(RENEWAL_GRANULARITY))) {
                continue;
            }
            learnt.put(address, new Observation(workload, name, address, rule, expires));
            changed = true;
        }
        if (changed) {
            version.incrementAndGet();
        }
    }

    @Override
    public Hostname nameFor(WorkloadIdentity caller, IpAddress source, IpAddress address) {
        Map<IpAddress, Observation> learnt = byWorkload.get(workloadKey(caller, source));
        Observation observation = learnt == null ? null : learnt.get(address);
        return observation == null || !observation.expires().isAfter(now.get()) ? null : observation.name();
    }

    /** Forgets expired observations, and workloads left with none. */
    public void prune() {
        Instant at = now.get();
        byWorkload.values().forEach(learnt -> learnt.values().removeIf(observation -> !observation.expires().isAfter(at)));
        byWorkload.values().removeIf(Map::isEmpty);
    }

    /** Every observation still valid, by workload, then name, then address. */
    public List<Observation> current() {
        prune();
        List<Observation> live = new ArrayList<>();
        byWorkload.values().forEach(learnt -> live.addAll(learnt.values()));
        live.sort(Comparator.comparing(Observation::workload).thenComparing(o -> o.name().ascii())
                .thenComparing(o -> o.address().toString()));
        return live;
    }

    /** Every observation still valid as a JSON array, for the admin endpoint. */
    public String json() {
        var array = JSON.createArrayNode();
        for (Observation observation : current()) {
            array.addObject()
                    .put("workload", observation.workload())
                    .put("name", observation.name().ascii())
                    .put("address", observation.address().toString())
                    .put("rule", observation.rule())
                    .put("expires", observation.expires().toString());
        }
        return array.toPrettyString() + "\n";
    }

    /** Changes whenever an observation is added, so writers can skip unchanged output. */
    long version() {
        return version.get();
    }

    /**
     * The observations as an nftables script: one timeout set per record and address family
     * ({@code fqdn4_<record>}, {@code fqdn6_<record>}) in table {@code inet warden}, flushed and
     * refilled in one transaction, each element expiring with its answer's TTL.
     */
    public String nftables() {
        Instant at = now.get();
        Map<String, List<Observation>> bySet = new TreeMap<>();
        for (Observation observation : current()) {
            if (observation.rule() == null) {
                continue; // a cluster-domain name: the node firewall allows the service range itself
            }
            String set = setName(observation.rule(), observation.address().isV4());
            bySet.computeIfAbsent(set, key -> new ArrayList<>()).add(observation);
        }
        StringBuilder out = new StringBuilder("# written by warden dns: addresses workloads resolved from names their records allow\n");
        out.append("table inet warden {\n");
        bySet.keySet().forEach(set -> out.append("    set ").append(set).append(" { type ")
                .append(set.startsWith("fqdn4_") ? "ipv4_addr" : "ipv6_addr").append("; flags timeout; }\n"));
        out.append("}\n");
        bySet.forEach((set, observations) -> {
            out.append("flush set inet warden ").append(set).append('\n');
            Map<IpAddress, Long> longest = new TreeMap<>(Comparator.comparing(IpAddress::toString));
            observations.forEach(o -> longest.merge(o.address(),
                    Math.min(MAX_ELEMENT_TIMEOUT_SECONDS,
                            Math.max(1, o.expires().getEpochSecond() - at.getEpochSecond())), Math::max));
            StringBuilder elements = new StringBuilder();
            longest.forEach((address, seconds) -> elements.append(elements.isEmpty() ? "" : ", ")
                    .append(address).append(" timeout ").append(seconds).append('s'));
            out.append("add element inet warden ").append(set).append(" { ").append(elements).append(" }\n");
        });
        return out.toString();
    }

    /**
     * nftables identifiers take letters, digits, underscores and dots, at most 255 characters;
     * record names use hyphens and may be 253 long, so a long one keeps its start and a hash.
     */
    public static String setName(String rule, boolean ipv4) {
        String name = (ipv4 ? "fqdn4_" : "fqdn6_") + rule.replace('-', '_');
        if (name.length() <= MAX_SET_NAME) {
            return name;
        }
        return name.substring(0, MAX_SET_NAME - 9) + "_" + String.format("%08x", rule.hashCode());
    }
}
