package dev.warden.capacity.advice;

import dev.warden.capacity.model.Analysis;
import dev.warden.capacity.model.Limit;
import dev.warden.capacity.model.Limits;
import dev.warden.capacity.model.Resource;
import dev.warden.capacity.model.Storm;
import dev.warden.capacity.preset.AwsNatGateway;
import dev.warden.capacity.preset.AzureLoadBalancerOutbound;
import dev.warden.capacity.preset.AzureNatGateway;
import dev.warden.capacity.preset.Close;
import dev.warden.capacity.preset.GcpCloudNat;
import dev.warden.capacity.preset.LinuxMasquerade;
import dev.warden.capacity.preset.NatPreset;
import dev.warden.capacity.preset.Numbers;
import dev.warden.capacity.preset.WardenGateway;
import dev.warden.capacity.scenario.Connections;
import dev.warden.capacity.scenario.Destination;
import dev.warden.capacity.scenario.RetryPolicy;
import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What each remedy of §20 and §24.5 buys, measured by running the same model on the changed
 * scenario: how many NAT IPs to add, the ports per VM to set, pooling, sharding, retry caps with
 * backoff and jitter, a gateway budget, a shorter hold, a private endpoint. Ranked by what is left:
 * a storm that still exhausts the path ranks last, then the highest utilisation left, then the
 * cheaper change first.
 */
public final class Advisor {
    /** The most NAT IPs the search tries on presets without a documented maximum. */
    static final int SEARCH_LIMIT = 4096;

    private Advisor() {}

    public static List<Recommendation> advise(Analysis analysis) {
        Scenario scenario = analysis.scenario();
        if (analysis.limits().isEmpty()) {
            return List.of();
        }
        Outcome now = Outcome.of(scenario);
        if (now.utilisation <= target(scenario) && !now.stormExhausted && now.peakUtilisation <= 1) {
            return List.of();
        }
        List<Recommendation> all = new ArrayList<>();
        Optional<Recommendation> ips = natIps(scenario, now);
        ips.ifPresent(all::add);
        portsPerVm(scenario, now).ifPresent(all::add);
        pooling(scenario, now).ifPresent(all::add);
        retryCaps(scenario, now).ifPresent(all::add);
        gatewayBudget(scenario, now).ifPresent(all::add);
        shorterHold(scenario, now).ifPresent(all::add);
        boolean ipsSuffice = ips.isPresent() && ips.get().kind() == Recommendation.Kind.ADD_NAT_IPS
                && !ips.get().change().contains("gateways") && !ips.get().title().startsWith("more NAT IPs help");
        if (!ipsSuffice) {
            shard(scenario, now).ifPresent(all::add);
        }
        privateEndpoint(scenario, now).ifPresent(all::add);
        all.sort(Comparator.comparing(Recommendation::conditional)
                .thenComparing(Recommendation::stormExhaustedAfter)
                .thenComparingDouble(recommendation -> Math.round(recommendation.after() * 1000) / 1000.0)
                .thenComparing(recommendation -> recommendation.kind().ordinal()));
        return all;
    }

    /** The highest utilisation allowed: 1 - minHeadroom. */
    static double target(Scenario scenario) {
        return 1 - scenario.settings().minHeadroom();
    }

    /** The model's verdict on one version of the scenario. */
    record Outcome(double utilisation, Limit worst, boolean stormExhausted, double peakUtilisation,
            List<Storm.Result> storms) {
        static Outcome of(Scenario scenario) {
            List<Limit> limits = Limits.compute(scenario);
            Limit worst = limits.stream().max(Comparator.comparingDouble(Limit::utilisation)).orElse(null);
            List<Storm.Result> storms = Storm.all(scenario);
            boolean exhausted = storms.stream().anyMatch(Storm.Result::exhausted);
            double peak = storms.stream().mapToDouble(storm -> storm.peakHeld() / storm.capacity()).max().orElse(0);
            return new Outcome(worst == null ? 0 : worst.utilisation(), worst, exhausted, peak, storms);
        }

        boolean fits(Scenario scenario) {
            return utilisation <= target(scenario) && !stormExhausted;
        }

        String storm() {
            if (storms.isEmpty()) {
                return "";
            }
            Storm.Result storm = storms.stream().filter(Storm.Result::exhausted).findFirst().orElse(storms.get(0));
            return storm.exhausted()
                    ? "the storm exhausts ports after " + Numbers.seconds(storm.exhaustedAfter())
                    : "the storm peaks at " + Numbers.count(storm.peakHeld()) + " of " + Numbers.count(storm.capacity())
                            + " ports (" + Numbers.percent(storm.peakHeld() / storm.capacity()) + ")";
        }
    }

    private static Recommendation recommendation(Recommendation.Kind kind, String title, String change, String buys,
            Outcome before, Outcome after, boolean conditional) {
        return new Recommendation(kind, title, change, buys, before.utilisation, after.utilisation, before.storm(),
                after.storm(), after.stormExhausted, conditional);
    }

    private static String utilisation(Outcome before, Outcome after) {
        String storm = after.storm();
        return "highest utilisation " + Numbers.percent(before.utilisation) + " -> " + Numbers.percent(after.utilisation)
                + (before.storms.isEmpty() || storm.isEmpty() ? "" : "; " + storm);
    }

    /** The fewest NAT IPs that keep every limit under the headroom threshold and the storm short of exhaustion. */
    static Optional<Recommendation> natIps(Scenario scenario, Outcome now) {
        NatPreset nat = scenario.nat();
        if (nat == null || nat instanceof LinuxMasquerade || now.worst == null || !natBound(now.worst.resource())) {
            return Optional.empty();
        }
        int current = nat.natIps();
        int ceiling = nat.maxNatIps() > 0 ? nat.maxNatIps() * 64 : SEARCH_LIMIT;
        int found = -1;
        Outcome best = null;
        for (int count = current + 1; count <= ceiling; count = count < current + 64 ? count + 1 : count * 2) {
            Outcome outcome = Outcome.of(withIps(scenario, nat, count));
            if (outcome.fits(scenario)) {
                found = count;
                best = outcome;
                break;
            }
        }
        if (found < 0) {
            Outcome more = Outcome.of(withIps(scenario, nat, Math.min(ceiling, current * 2)));
            if (more.utilisation >= now.utilisation - 1e-9) {
                return Optional.empty();
            }
            return Optional.of(recommendation(Recommendation.Kind.ADD_NAT_IPS, "more NAT IPs help, but no count up to "
                    + ceiling + " is enough", "add NAT IPs and combine with the changes below",
                    "doubling to " + Math.min(ceiling, current * 2) + ": " + utilisation(now, more), now, more, false));
        }
        String shards = "";
        if (nat.maxNatIps() > 0 && found > nat.maxNatIps()) {
            int gateways = (found + nat.maxNatIps() - 1) / nat.maxNatIps();
            shards = "; one " + nat.id() + " takes at most " + nat.maxNatIps() + " addresses, so that is " + gateways
                    + " gateways, with the workloads split across subnets";
        }
        String quota = nat instanceof AwsNatGateway && found > AwsNatGateway.DEFAULT_ELASTIC_IP_QUOTA
                ? " (above 2 Elastic IPs needs a quota increase)" : "";
        return Optional.of(recommendation(Recommendation.Kind.ADD_NAT_IPS, "add " + (found - current) + " NAT IP"
                        + (found - current == 1 ? "" : "s") + " (" + found + " in all)",
                "natIps: " + found + quota + shards, capacityChange(scenario, withIps(scenario, nat, found)) + "; "
                        + utilisation(now, best), now, best, false));
    }

    private static boolean natBound(Resource resource) {
        return resource == Resource.CONNECTIONS_PER_DESTINATION || resource == Resource.NAT_IP_ALLOCATION
                || resource == Resource.PORTS_PER_VM || resource == Resource.NAT_CONNECTIONS;
    }

    private static Scenario withIps(Scenario scenario, NatPreset nat, int count) {
        return scenario.withNat(nat.withNatIps(count));
    }

    private static String capacityChange(Scenario before, Scenario after) {
        Limit a = worstTuple(before);
        Limit b = worstTuple(after);
        if (a == null || b == null || a.capacity() == b.capacity()) {
            return "the same per-tuple capacity";
        }
        return "capacity per destination tuple " + Numbers.count(a.capacity()) + " -> " + Numbers.count(b.capacity())
                + " " + a.resource().unit();
    }

    private static Limit worstTuple(Scenario scenario) {
        return Limits.compute(scenario).stream().filter(limit -> limit.resource().portsPerTuple())
                .max(Comparator.comparingDouble(Limit::utilisation)).orElse(null);
    }

    /** GCP and Azure Load Balancer allocate ports per VM: the allocation to set and the IPs it needs. */
    static Optional<Recommendation> portsPerVm(Scenario scenario, Outcome now) {
        NatPreset nat = scenario.nat();
        if (now.worst == null || now.worst.resource() != Resource.PORTS_PER_VM) {
            return Optional.empty();
        }
        int vms = Limits.sourceVms(scenario);
        double need = now.worst.demand() / target(scenario);
        if (now.stormExhausted) {
            need = Math.max(need, now.peakUtilisation * now.worst.capacity() / target(scenario));
            for (Storm.Result storm : now.storms) {
                if (storm.exhausted()) {
                    // The storm would have wanted more than capacity; ask for its peak attempts' worth.
                    need = Math.max(need, now.worst.capacity() * storm.amplification() / target(scenario));
                }
            }
        }
        switch (nat) {
            case GcpCloudNat gcp -> {
                int ports = GcpCloudNat.roundUpToPowerOfTwo((int) Math.min(65_536, Math.ceil(need)));
                if (ports <= gcp.portsPerVmPerDestination()) {
                    return Optional.empty();
                }
                GcpCloudNat raised = new GcpCloudNat(gcp.natIps(), ports, false, gcp.maxPortsPerVm(), gcp.tcpTimeWait(),
                        gcp.tcpTransitoryIdle(), gcp.tcpEstablishedIdle(), gcp.configured());
                int ips = Math.max(gcp.natIps(), raised.natIpsNeeded(vms));
                raised = (GcpCloudNat) raised.withNatIps(ips);
                Outcome after = Outcome.of(scenario.withNat(raised));
                return Optional.of(recommendation(Recommendation.Kind.RAISE_PORTS_PER_VM, "set minPortsPerVm to " + ports
                                + " with " + ips + " NAT IP" + (ips == 1 ? "" : "s"),
                        "minPortsPerVm: " + ports + ", natIps: " + ips + " (ceil(" + vms + " VMs x " + ports
                                + " / 64,512)); or dynamicPortAllocation with maxPortsPerVm >= " + ports,
                        "each VM can hold " + ports + " connections to one destination instead of "
                                + gcp.portsPerVmPerDestination() + "; " + utilisation(now, after), now, after, false));
            }
            case AzureLoadBalancerOutbound lb -> {
                int ports = (int) Math.min(64_000, Math.ceil(need / 8) * 8);
                int pool = lb.backendPoolSize() > 0 ? lb.backendPoolSize() : Math.max(1, vms);
                if (ports <= lb.portsPerInstance(pool)) {
                    return Optional.empty();
                }
                int ips = (int) Math.max(lb.frontendIps(), Math.ceil((double) pool * ports
                        / AzureLoadBalancerOutbound.PORTS_PER_FRONTEND_IP));
                Scenario changed = scenario.withNat(lb.withAllocatedOutboundPorts(ports).withNatIps(ips));
                Outcome after = Outcome.of(changed);
                String title = need > 64_000 ? "even the most outbound ports per instance (64,000) are not enough; allocate"
                        + " them with " + ips + " frontend IP" + (ips == 1 ? "" : "s") + " and combine with the changes below"
                        : "allocate " + ports + " outbound ports per instance with " + ips + " frontend IP" + (ips == 1 ? "" : "s");
                return Optional.of(recommendation(Recommendation.Kind.RAISE_PORTS_PER_VM, title,
                        "an outbound rule with allocatedOutboundPorts: " + ports + " and " + ips + " frontend IPs ("
                                + pool + " instances x " + ports + " / 64,000); the default table gives "
                                + lb.portsPerInstance(pool),
                        utilisation(now, after), now, after, false));
            }
            case LinuxMasquerade linux -> {
                int addresses = (int) Math.ceil(need / linux.portsPerAddress());
                if (addresses <= linux.addressesPerNode()) {
                    return Optional.empty();
                }
                Outcome after = Outcome.of(scenario.withNat(linux.withNatIps(addresses)));
                return Optional.of(recommendation(Recommendation.Kind.RAISE_PORTS_PER_VM, "SNAT each node to "
                                + addresses + " addresses, or spread the pods over more nodes",
                        "SNAT --to-source with " + addresses + " addresses per node, or lower podsPerNode",
                        utilisation(now, after), now, after, false));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Per-request workloads switched to a pool sized for twice their concurrency, kept alive under the NAT's idle timeout. */
    static Optional<Recommendation> pooling(Scenario scenario, Outcome now) {
        List<Workload> changed = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        double idle = Limits.idleTimeout(scenario);
        double keepAlive = Double.isInfinite(idle) ? 60 : Math.max(1, Math.min(300, Math.floor(idle / 2)));
        for (Workload workload : scenario.workloads()) {
            Connections connections = workload.connections();
            boolean udp = scenario.destination(workload.destination())
                    .map(destination -> destination.protocol() == Destination.Protocol.UDP).orElse(false);
            if (connections.pooled() || udp) {
                changed.add(workload);
                continue;
            }
            int pool = (int) Math.max(2, Math.ceil(2 * workload.requestsPerSecond() * connections.lifetime()));
            changed.add(workload.withConnections(new Connections(Connections.Reuse.POOLED, Double.POSITIVE_INFINITY, pool,
                    Double.POSITIVE_INFINITY, keepAlive, connections.lifetime(), connections.closedBy())));
            sizes.add(workload.name() + ": poolSize " + pool);
        }
        if (sizes.isEmpty()) {
            return Optional.empty();
        }
        Scenario pooled = scenario.withWorkloads(changed);
        Outcome after = Outcome.of(pooled);
        double before = totalPorts(scenario);
        double later = totalPorts(pooled);
        return Optional.of(recommendation(Recommendation.Kind.POOLING, "pool connections instead of one per request",
                String.join(", ", sizes) + ", with a TCP keepalive of " + Numbers.seconds(keepAlive)
                        + " (under the egress idle timeout)",
                "ports in use " + Numbers.count(before) + " -> " + Numbers.count(later) + " ("
                        + Numbers.percent(before <= 0 ? 0 : 1 - later / before) + " fewer); " + utilisation(now, after),
                now, after, false));
    }

    private static double totalPorts(Scenario scenario) {
        double total = 0;
        for (Destination destination : scenario.destinations()) {
            total += Limits.portsInUse(scenario, destination) * destination.addresses();
        }
        return total;
    }

    /** At most 2 attempts, exponential backoff from 200 ms to 10 s with full jitter, retries within 10% of requests. */
    static Optional<Recommendation> retryCaps(Scenario scenario, Outcome now) {
        if (now.storms.isEmpty()) {
            return Optional.empty();
        }
        List<Workload> changed = new ArrayList<>();
        for (Workload workload : scenario.workloads()) {
            RetryPolicy retry = workload.retry();
            changed.add(workload.withRetry(new RetryPolicy(Math.min(2, retry.maxAttempts()), Math.max(0.2, retry.backoff()),
                    2, Math.min(10, Double.isInfinite(retry.maxBackoff()) ? 10 : Math.max(retry.maxBackoff(), 0.2)),
                    RetryPolicy.Jitter.FULL, retry.hasBudget() ? Math.min(10, retry.budgetPercent()) : 10)));
        }
        Outcome after = Outcome.of(scenario.withWorkloads(changed));
        Storm.Result before = now.storms.get(0);
        Storm.Result later = after.storms.get(0);
        return Optional.of(recommendation(Recommendation.Kind.RETRY_CAPS, "cap retries and back off with full jitter",
                "retry: {maxAttempts: 2, backoff: 200ms, multiplier: 2, maxBackoff: 10s, jitter: full, budgetPercent: 10}"
                        + " (the registry record's retry: {maxAttempts: 2, budgetPercent: 10})",
                "peak attempts " + Numbers.count(before.peakAttempts()) + "/s -> " + Numbers.count(later.peakAttempts())
                        + "/s (x" + Numbers.count(before.amplification()) + " -> x" + Numbers.count(later.amplification())
                        + " the request rate); " + utilisation(now, after), now, after, false));
    }

    /** A gateway budget that keeps the NAT's per-destination ports under the threshold, whatever the clients retry. */
    static Optional<Recommendation> gatewayBudget(Scenario scenario, Outcome now) {
        NatPreset nat = scenario.nat();
        if (!(nat instanceof AwsNatGateway) && !(nat instanceof AzureNatGateway) || now.storms.isEmpty()) {
            return Optional.empty();
        }
        WardenGateway gateway = scenario.gateway() != null ? scenario.gateway() : WardenGateway.of(2, null, null);
        double capacity = nat instanceof AwsNatGateway aws ? aws.connectionsPerDestination()
                : ((AzureNatGateway) nat).connectionsPerDestination();
        double longest = 0;
        for (Workload workload : scenario.workloads()) {
            double attempt = workload.failure() == null ? Storm.DEFAULT_CONNECT_TIMEOUT : workload.failure().attemptDuration();
            Close failedBy = workload.failure() == null ? Close.TIMEOUT : workload.failure().closedBy();
            longest = Math.max(longest, Math.max(workload.connections().busy() + nat.holdAfter(workload.connections()
                    .closedBy()), attempt + nat.holdAfter(failedBy)));
        }
        int addresses = scenario.destinations().stream().mapToInt(Destination::addresses).min().orElse(1);
        double perSecond = capacity * target(scenario) / longest * addresses / gateway.replicas();
        if (perSecond < 1) {
            return Optional.empty();
        }
        double rate = Math.floor(perSecond);
        Scenario budgeted = scenario.withGateway(gateway.withBudget(gateway.maxConnections(), rate));
        Outcome after = Outcome.of(budgeted);
        String how = scenario.gateway() != null ? "limits.connectionsPerSecond: " + Numbers.count(rate)
                + " on the destination's registry record" : "send the workload through the Warden gateway ("
                + gateway.replicas() + " replicas) with limits.connectionsPerSecond: " + Numbers.count(rate);
        return Optional.of(recommendation(Recommendation.Kind.GATEWAY_BUDGET, "let the gateway refuse what the NAT cannot hold",
                how + " per replica: " + Numbers.count(rate * gateway.replicas()) + " new connections/s x "
                        + Numbers.seconds(longest) + " each stays under " + Numbers.percent(target(scenario)) + " of "
                        + Numbers.count(capacity) + " ports",
                "excess attempts get 503 at once instead of a NAT port; " + utilisation(now, after), now, after, false));
    }

    /** Providers that let the hold after close be shortened. */
    static Optional<Recommendation> shorterHold(Scenario scenario, Outcome now) {
        if (scenario.nat() instanceof GcpCloudNat gcp && gcp.tcpTimeWait() > GcpCloudNat.NEW_GATEWAY_TCP_TIME_WAIT) {
            Outcome after = Outcome.of(scenario.withNat(gcp.withTcpTimeWait(GcpCloudNat.NEW_GATEWAY_TCP_TIME_WAIT)));
            return Optional.of(recommendation(Recommendation.Kind.SHORTER_HOLD, "shorten Cloud NAT's TCP TIME_WAIT to 30 s",
                    "gcloud compute routers nats update ... --tcp-time-wait-timeout=30s (the default for new gateways)",
                    "a closed connection frees its port after 30 s instead of " + Numbers.seconds(gcp.tcpTimeWait()) + "; "
                            + utilisation(now, after), now, after, false));
        }
        if (scenario.nat() instanceof LinuxMasquerade linux && linux.tcpTimeWait() > 30
                && now.worst != null && now.worst.resource() == Resource.CONNTRACK) {
            LinuxMasquerade shorter = new LinuxMasquerade(linux.addressesPerNode(), linux.conntrackMaxSet(), linux.cpuCores(),
                    linux.nodeMemoryBytes(), linux.kubeProxy(), linux.firstPort(), linux.lastPort(), 30, linux.tcpClose(),
                    linux.tcpSynSent(), linux.tcpEstablished(), linux.configured());
            Outcome after = Outcome.of(scenario.withNat(shorter));
            return Optional.of(recommendation(Recommendation.Kind.SHORTER_HOLD, "shorten conntrack's TIME_WAIT to 30 s",
                    "sysctl net.netfilter.nf_conntrack_tcp_timeout_time_wait=30", utilisation(now, after), now, after,
                    false));
        }
        return Optional.empty();
    }

    /** Splitting the callers over separate egress paths: the fewest shards that keep each one under the threshold. */
    static Optional<Recommendation> shard(Scenario scenario, Outcome now) {
        if (now.worst == null || now.worst.resource() == Resource.PORTS_PER_VM) {
            return Optional.empty();
        }
        for (int shards = 2; shards <= 64; shards++) {
            List<Workload> scaled = new ArrayList<>();
            for (Workload workload : scenario.workloads()) {
                scaled.add(workload.withReplicas(Math.max(1, (int) Math.ceil((double) workload.replicas() / shards))));
            }
            Outcome after = Outcome.of(scenario.withWorkloads(scaled));
            if (after.fits(scenario)) {
                String where = now.worst.destination() == null ? "" : " for " + now.worst.destination();
                return Optional.of(recommendation(Recommendation.Kind.SHARD, "shard egress" + where + " over " + shards
                                + " egress paths",
                        "give each of " + shards + " groups of pods (by namespace or app) its own NAT gateway or egress"
                                + " gateway with its own addresses",
                        "each path carries 1/" + shards + " of the connections; " + utilisation(now, after), now, after,
                        false));
            }
        }
        return Optional.empty();
    }

    /** The destination off the NAT entirely. */
    static Optional<Recommendation> privateEndpoint(Scenario scenario, Outcome now) {
        if (now.worst == null || now.worst.destination() == null || scenario.nat() == null) {
            return Optional.empty();
        }
        Destination destination = scenario.destination(now.worst.destination()).orElse(null);
        if (destination == null) {
            return Optional.empty();
        }
        List<Destination> others = scenario.destinations().stream().filter(d -> !d.equals(destination)).toList();
        List<Workload> remaining = scenario.workloads().stream()
                .filter(workload -> !workload.destination().equals(destination.name())).toList();
        Outcome after;
        if (remaining.isEmpty()) {
            after = new Outcome(0, null, false, 0, List.of());
        } else {
            after = Outcome.of(scenario.withDestinations(others).withWorkloads(remaining));
        }
        return Optional.of(recommendation(Recommendation.Kind.PRIVATE_ENDPOINT, destination.privateEndpoint()
                        ? "reach " + destination.host() + " through its private endpoint"
                        : "if " + destination.host() + " offers a private endpoint, reach it through that",
                "path: private-endpoint for the record (AWS PrivateLink, GCP Private Service Connect, Azure Private Link):"
                        + " no NAT port is used for it",
                "frees all " + Numbers.count(Limits.portsInUse(scenario, destination) * destination.addresses())
                        + " ports it holds; " + utilisation(now, after), now, after, !destination.privateEndpoint()));
    }
}
