package dev.warden.capacity.metrics;

import dev.warden.capacity.model.Flow;
import dev.warden.capacity.model.Limits;
import dev.warden.capacity.preset.Numbers;
import dev.warden.capacity.scenario.Connections;
import dev.warden.capacity.scenario.Destination;
import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts a running gateway's observed connections in place of the scenario's computed ones. The
 * gauge read is {@value #OPEN}{@code {rule, destination_ip, destination_port}}: upstream
 * connections open now, per registry record and destination tuple, as the gateway exports it. A
 * sample counts for a destination when its port is the destination's and its address is one of
 * the destination's {@code ips}, or, when the scenario names no addresses, when its {@code rule}
 * is the destination's {@code record} (or its name). When no sample of that gauge exists (a
 * gateway from before it) and the scenario has one destination, {@value #TUNNELS} (every CONNECT
 * tunnel open now) stands for it. The demand of each matched destination is scaled so its open
 * connections equal what was observed: per-request workloads by their request rate, pooled
 * workloads by their pool size.
 */
public final class Observed {
    public static final String OPEN = "warden_upstream_connections_open";
    public static final String TUNNELS = "warden_tunnels_active";

    private Observed() {}

    /** The scenario with observed demand, and one sentence per destination saying what was used. */
    public record Applied(Scenario scenario, List<String> observations) {}

    /**
     * {@code samples} from {@code scrapes} scrapes (one per gateway replica scraped); when the
     * scenario's gateway has more replicas than were scraped, the observed value is scaled up to
     * all of them.
     */
    public static Applied apply(Scenario scenario, List<Sample> samples, int scrapes) {
        List<String> observations = new ArrayList<>();
        boolean perDestination = samples.stream().anyMatch(sample -> sample.name().equals(OPEN));
        int replicas = scenario.gateway() == null ? scrapes : scenario.gateway().replicas();
        double scale = scrapes > 0 && replicas > scrapes ? (double) replicas / scrapes : 1;
        List<Workload> workloads = new ArrayList<>(scenario.workloads());
        for (Destination destination : scenario.destinations()) {
            double observed = 0;
            int matched = 0;
            String metric = OPEN;
            if (perDestination) {
                for (Sample sample : samples) {
                    if (sample.name().equals(OPEN) && matches(sample, destination) && Double.isFinite(sample.value())) {
                        observed += sample.value();
                        matched++;
                    }
                }
            } else if (scenario.destinations().size() == 1) {
                metric = TUNNELS;
                for (Sample sample : samples) {
                    if (sample.name().equals(TUNNELS) && Double.isFinite(sample.value())) {
                        observed += sample.value();
                        matched++;
                    }
                }
            }
            if (matched == 0) {
                observations.add(destination.name() + ": no " + (perDestination ? OPEN + " sample for "
                        + destination.host() + ":" + destination.port() : OPEN + " in the scrape") + "; computed demand kept");
                continue;
            }
            observed *= scale;
            double computed = computedOpen(scenario, destination);
            double factor = computed > 0 ? observed / computed : Double.NaN;
            workloads = rescale(workloads, destination, observed, factor);
            observations.add(destination.name() + ": " + Numbers.count(observed) + " open connections observed (" + metric
                    + (scale > 1 ? ", " + scrapes + " of " + replicas + " replicas scraped, scaled up" : "")
                    + ") in place of " + Numbers.count(computed) + " computed"
                    + (Double.isNaN(factor) ? "" : "; demand x" + String.format(Locale.ROOT, "%.2f", factor)));
        }
        return new Applied(scenario.withWorkloads(workloads), observations);
    }

    static boolean matches(Sample sample, Destination destination) {
        if (!String.valueOf(destination.port()).equals(sample.label("destination_port"))) {
            return false;
        }
        if (!destination.ips().isEmpty()) {
            return destination.ips().contains(sample.label("destination_ip"));
        }
        String rule = sample.label("rule");
        return rule != null && (rule.equals(destination.record()) || rule.equals(destination.name()));
    }

    /** Connections the scenario says are open towards all of the destination's addresses. */
    static double computedOpen(Scenario scenario, Destination destination) {
        double open = 0;
        for (Flow flow : Limits.flows(scenario, destination)) {
            open += flow.workload().replicas() * flow.open() * destination.addresses();
        }
        return open;
    }

    private static List<Workload> rescale(List<Workload> workloads, Destination destination, double observed,
            double factor) {
        List<Workload> out = new ArrayList<>();
        int callers = (int) workloads.stream().filter(w -> w.destination().equals(destination.name())).count();
        for (Workload workload : workloads) {
            if (!workload.destination().equals(destination.name())) {
                out.add(workload);
                continue;
            }
            Connections connections = workload.connections();
            if (connections.pooled()) {
                int pool = Double.isNaN(factor) ? (int) Math.ceil(observed / callers / workload.replicas())
                        : (int) Math.round(connections.poolSize() * factor);
                out.add(workload.withConnections(new Connections(connections.reuse(), connections.lifetime(),
                        Math.max(1, pool), connections.idleTimeout(), connections.keepAlive(), connections.requestDuration(),
                        connections.closedBy())));
            } else {
                double rate = Double.isNaN(factor)
                        ? observed / callers / workload.replicas() / Math.max(1e-9, connections.lifetime())
                        : workload.requestsPerSecond() * factor;
                out.add(workload.withRate(rate));
            }
        }
        return out;
    }
}
