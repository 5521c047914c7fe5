package dev.warden.bench;

import dev.warden.model.decision.Decision;
import dev.warden.model.decision.Verdict;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.AddressClass;
import dev.warden.model.net.Cidr;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.Destination;
import dev.warden.model.registry.Registry;
import dev.warden.policy.EgressRequest;
import dev.warden.policy.PolicyIndex;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PolicyIndex#decide} against a registry of 100,000 records over 1,000 namespaces (see
 * {@link SyntheticRegistry} for the mix), one decision per invocation. Every benchmark rotates
 * over 1,024 different precomputed requests (different namespaces, service accounts, names,
 * addresses), so neither the hash lookups nor the branch predictor see the same key twice in a
 * row. Setup checks that every precomputed request gets the verdict the benchmark claims to
 * measure.
 *
 * <p>Host names are parsed once in setup: the benchmark measures the decision, not
 * {@link Hostname#parse} (which the gateway runs once per request before deciding).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseG1GC"})
public class PolicyIndexBenchmark {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final int REQUESTS = 1_024;
    static final IpAddress SOURCE = IpAddress.parse("10.244.1.17");

    @Param("100000")
    public int records;

    @Param("1000")
    public int namespaces;

    Registry registry;
    PolicyIndex index;

    EgressRequest[] allowedExact;
    EgressRequest[] deniedUnlisted;
    EgressRequest[] wildcard;
    EgressRequest[] ipInCidr;
    EgressRequest[] resolvedName;

    /** Per-thread position in the request arrays. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            return next++ & (REQUESTS - 1);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        long t0 = System.nanoTime();
        registry = SyntheticRegistry.load(records, namespaces);
        long t1 = System.nanoTime();
        index = PolicyIndex.compile(registry, TODAY);
        long t2 = System.nanoTime();
        System.out.printf("%n[setup] %,d records over %,d namespaces: generated+loaded from YAML in %.1f s, compiled in %.0f ms%n",
                registry.dependencies().size(), namespaces, (t1 - t0) / 1e9, (t2 - t1) / 1e6);

        SplittableRandom random = new SplittableRandom(7);
        List<EgressDependency> withHosts = select(d -> !d.spec().destination().hosts().isEmpty()
                && d.spec().destination().allowPrivate().isEmpty());
        List<EgressDependency> withWildcards = select(d -> !d.spec().destination().wildcards().isEmpty());
        List<EgressDependency> withCidrs = select(d -> !d.spec().destination().cidrs().isEmpty());
        List<EgressDependency> privateEndpoints = select(d -> !d.spec().destination().allowPrivate().isEmpty()
                && !d.spec().destination().hosts().isEmpty());

        allowedExact = requests(Verdict.ALLOW, random, withHosts, (d) -> EgressRequest.toName(callerOf(d, random),
                SOURCE, pick(d.spec().destination().hosts(), random), firstPort(d)));
        wildcard = requests(Verdict.ALLOW, random, withWildcards, (d) -> EgressRequest.toName(callerOf(d, random),
                SOURCE, Hostname.parse("tenant-" + random.nextInt(100_000) + "."
                        + pick(d.spec().destination().wildcards(), random).pattern().suffix().ascii()), firstPort(d)));
        ipInCidr = requests(Verdict.ALLOW, random, withCidrs, (d) -> EgressRequest.toAddress(callerOf(d, random),
                SOURCE, addressIn(pick(d.spec().destination().cidrs(), random), random), firstPort(d)));
        // The SSRF guard step: the name was allowed, now with the address it resolved to. One in
        // ten goes to a private endpoint whose allowPrivate range must admit the address.
        resolvedName = requests(Verdict.ALLOW, random, withHosts, (d) -> {
            EgressDependency target = random.nextInt(10) == 0 ? pick(privateEndpoints, random) : d;
            Destination destination = target.spec().destination();
            IpAddress address = destination.allowPrivate().isEmpty()
                    ? publicAddress(random)
                    : addressIn(destination.allowPrivate().getFirst().cidr(), random);
            return EgressRequest.toName(callerOf(target, random), SOURCE, pick(destination.hosts(), random), firstPort(target))
                    .resolvedTo(address);
        });
        // A real caller (its namespace has records) asking for a name no record lists; callers
        // that an anyPublic record selects would be allowed, so they are skipped.
        List<EgressDependency> all = registry.dependencies();
        deniedUnlisted = requests(Verdict.DENY, random, all, (d) -> EgressRequest.toName(callerOf(d, random), SOURCE,
                Hostname.parse("www.unlisted-" + random.nextInt(1_000_000) + ".example"), 443));
        // Loading leaves gigabytes of YAML trees behind; collect them now rather than during
        // the first measured iterations.
        System.gc();
    }

    private List<EgressDependency> select(Predicate<EgressDependency> filter) {
        List<EgressDependency> found = registry.dependencies().stream().filter(filter).toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("the synthetic registry has no record of a needed kind");
        }
        return found;
    }

    /**
     * {@link #REQUESTS} requests built from random records of {@code pool}, each checked to get
     * {@code expected}; a request that does not (e.g. an unlisted name asked by a caller that an
     * anyPublic record covers) is replaced by another.
     */
    private EgressRequest[] requests(Verdict expected, SplittableRandom random, List<EgressDependency> pool,
            Function<EgressDependency, EgressRequest> build) {
        EgressRequest[] out = new EgressRequest[REQUESTS];
        int tries = 0;
        for (int i = 0; i < REQUESTS; tries++) {
            if (tries > REQUESTS * 20) {
                throw new IllegalStateException("cannot find " + REQUESTS + " requests with verdict " + expected);
            }
            EgressRequest request = build.apply(pick(pool, random));
            Decision decision = index.decide(request);
            if (decision.verdict() == expected) {
                out[i++] = request;
            }
        }
        return out;
    }

    /** A pod that the record selects: its namespace and service account, with the matching app label. */
    static WorkloadIdentity callerOf(EgressDependency dependency, SplittableRandom random) {
        EgressDependency.Source source = dependency.spec().source();
        String sa = source.serviceAccount();
        return new WorkloadIdentity(source.namespace(), sa + "-" + random.nextInt(1 << 20), sa, sa,
                "node-" + random.nextInt(50), Map.of("app", sa, "pod-template-hash", "7d9f" + random.nextInt(1000)));
    }

    static int firstPort(EgressDependency dependency) {
        return dependency.spec().destination().ports().getFirst().port();
    }

    static <T> T pick(List<T> list, SplittableRandom random) {
        return list.get(random.nextInt(list.size()));
    }

    static IpAddress addressIn(Cidr cidr, SplittableRandom random) {
        byte[] network = cidr.network().bytes();
        byte[] bytes = network.clone();
        for (int bit = cidr.prefixLength(); bit < bytes.length * 8; bit++) {
            if (random.nextBoolean()) {
                bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
            }
        }
        return IpAddress.of(bytes);
    }

    static IpAddress publicAddress(SplittableRandom random) {
        while (true) {
            IpAddress address = IpAddress.of(new byte[] {
                    (byte) (1 + random.nextInt(223)), (byte) random.nextInt(256), (byte) random.nextInt(256),
                    (byte) (1 + random.nextInt(254))});
            if (AddressClass.classify(address) == AddressClass.PUBLIC) {
                return address;
            }
        }
    }

    /** An exact name listed for the caller: the common case. */
    @Benchmark
    public Decision allowedExactName(Cursor cursor) {
        return index.decide(allowedExact[cursor.advance()]);
    }

    /** A known caller asking for a name no record lists (the reason string is built too). */
    @Benchmark
    public Decision deniedUnlistedName(Cursor cursor) {
        return index.decide(deniedUnlisted[cursor.advance()]);
    }

    /** A name one label below a reviewed wildcard. */
    @Benchmark
    public Decision wildcardMatch(Cursor cursor) {
        return index.decide(wildcard[cursor.advance()]);
    }

    /** An IP literal inside one of the record's CIDRs: the per-namespace trie walk. */
    @Benchmark
    public Decision ipLiteralInCidr(Cursor cursor) {
        return index.decide(ipInCidr[cursor.advance()]);
    }

    /** The SSRF guard: an allowed name together with the address it resolved to. */
    @Benchmark
    public Decision resolvedNameCheck(Cursor cursor) {
        return index.decide(resolvedName[cursor.advance()]);
    }

    /** Compiling the whole registry, as the gateway does on every registry (re)load. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public PolicyIndex compile() {
        return PolicyIndex.compile(registry, TODAY);
    }
}
