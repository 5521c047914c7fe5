package dev.warden.capacity.scenario;

import dev.warden.capacity.preset.NatPreset;
import dev.warden.capacity.preset.WardenGateway;
import java.util.List;
import java.util.Optional;

/**
 * A capacity question (§20): who calls which destinations how, through which egress path. The
 * path is an optional Warden gateway followed by an optional NAT; at least one of them is set.
 * All times are in seconds; an absent limit is {@link Double#POSITIVE_INFINITY}.
 */
public record Scenario(String name, String file, List<Destination> destinations, List<Workload> workloads,
        WardenGateway gateway, NatPreset nat, Settings settings) {

    public Scenario {
        destinations = List.copyOf(destinations);
        workloads = List.copyOf(workloads);
        if (gateway == null && nat == null) {
            throw new IllegalArgumentException("the egress path needs a NAT preset or a Warden gateway");
        }
    }

    public Optional<Destination> destination(String name) {
        return destinations.stream().filter(destination -> destination.name().equals(name)).findFirst();
    }

    public List<Workload> workloadsTo(Destination destination) {
        return workloads.stream().filter(workload -> workload.destination().equals(destination.name())).toList();
    }

    public Scenario withNat(NatPreset preset) {
        return new Scenario(name, file, destinations, workloads, gateway, preset, settings);
    }

    public Scenario withGateway(WardenGateway preset) {
        return new Scenario(name, file, destinations, workloads, preset, nat, settings);
    }

    public Scenario withWorkloads(List<Workload> replaced) {
        return new Scenario(name, file, destinations, replaced, gateway, nat, settings);
    }

    public Scenario withDestinations(List<Destination> replaced) {
        return new Scenario(name, file, replaced, workloads, gateway, nat, settings);
    }

    /**
     * How the analysis runs: {@code minHeadroom} is the fraction of a limit that must stay free
     * (exit 1 below it); the storm runs for {@code horizon} seconds in steps of {@code step}
     * (NaN: chosen from the scenario).
     */
    public record Settings(double minHeadroom, double horizon, double step) {
        public static final double DEFAULT_MIN_HEADROOM = 0.2;

        public static Settings defaults() {
            return new Settings(DEFAULT_MIN_HEADROOM, Double.NaN, Double.NaN);
        }
    }
}
