package dev.warden.capacity.model;

import dev.warden.capacity.preset.Numbers;
import dev.warden.capacity.scenario.Destination;
import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the model says about a scenario: per destination tuple the ports in use and the
 * limit that binds it, every limit with the load at which it runs out, the first to run out, and
 * the retry storm for each destination that has a failure.
 */
public record Analysis(Scenario scenario, List<TupleRow> tuples, List<Limit> limits, Optional<Limit> first,
        List<Storm.Result> storms, List<String> notes) {

    public Analysis {
        tuples = List.copyOf(tuples);
        limits = List.copyOf(limits);
        storms = List.copyOf(storms);
        notes = List.copyOf(notes);
    }

    /**
     * One destination tuple: new connections per second towards it, seconds each holds its port,
     * ports in use, and the most used per-tuple limit (its capacity, utilisation and headroom are
     * counted in that limit's scope, e.g. per VM).
     */
    public record TupleRow(String destination, String tuple, double newPerSecond, double portSeconds, double portsInUse,
            Limit binding) {}

    public static Analysis of(Scenario scenario) {
        List<Limit> limits = Limits.of(scenario);
        List<TupleRow> tuples = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        for (Destination destination : scenario.destinations()) {
            List<Flow> flows = Limits.flows(scenario, destination);
            if (flows.isEmpty()) {
                notes.add("destination " + destination.name() + " has no workload calling it");
                continue;
            }
            double opened = 0;
            double portSeconds = 0;
            for (Flow flow : flows) {
                Workload workload = flow.workload();
                opened += workload.replicas() * flow.newPerSecond();
                notes.addAll(flow.notes());
            }
            double held = Limits.portsInUse(scenario, destination);
            portSeconds = opened > 0 ? held / opened : Double.POSITIVE_INFINITY;
            for (int i = 0; i < destination.addresses(); i++) {
                String tuple = destination.tuple(i);
                Limit binding = limits.stream().filter(limit -> tuple.equals(limit.tuple())
                                && destination.name().equals(limit.destination()))
                        .max(Comparator.comparingDouble(Limit::utilisation)).orElse(null);
                tuples.add(new TupleRow(destination.name(), tuple, opened, portSeconds, held, binding));
            }
        }
        if (scenario.nat() != null && scenario.nat().maxNatIps() > 0 && scenario.nat().natIps() > 2
                && scenario.nat().id().equals("aws-nat-gateway")) {
            notes.add("AWS allows 2 Elastic IP addresses per NAT gateway by default; " + scenario.nat().natIps()
                    + " needs a quota increase (NAT gateway basics)");
        }
        for (Limit limit : limits) {
            if (limit.resource() == Resource.NAT_IP_ALLOCATION && limit.exhausted()) {
                notes.add("the NAT cannot give every VM its ports: " + Numbers.count(limit.demand()) + " ports needed, "
                        + Numbers.count(limit.capacity()) + " available; VMs beyond that get no NAT at all");
            }
        }
        return new Analysis(scenario, tuples, limits, Limits.firstToRunOut(limits), Storm.all(scenario),
                new ArrayList<>(notes));
    }

    /** Everything that makes the verdict "over capacity", as sentences; empty when within capacity. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        double threshold = 1 - scenario.settings().minHeadroom();
        for (Limit limit : limits) {
            String where = limit.destination() == null ? "" : " for " + (limit.tuple() != null ? limit.tuple()
                    : limit.destination());
            if (limit.exhausted()) {
                problems.add(limit.resource().label() + where + " is exhausted: " + Numbers.count(limit.demand()) + " of "
                        + Numbers.count(limit.capacity()) + " " + limit.resource().unit() + " (" + limit.scope() + ")");
            } else if (limit.utilisation() > threshold) {
                problems.add(limit.resource().label() + where + " is at " + Numbers.percent(limit.utilisation())
                        + ", above the " + Numbers.percent(threshold) + " threshold (minHeadroom "
                        + Numbers.percent(scenario.settings().minHeadroom()) + ")");
            }
        }
        for (Storm.Result storm : storms) {
            if (storm.exhausted()) {
                problems.add("a failure of " + storm.destination() + " exhausts the " + storm.capacityLabel() + " "
                        + Numbers.seconds(storm.exhaustedAfter()) + " after it starts");
            }
        }
        return problems;
    }

    public boolean withinCapacity() {
        return problems().isEmpty();
    }

    /** All requests per second the scenario sends, for "runs out at N requests per second". */
    public double requestsPerSecond() {
        return scenario.workloads().stream().mapToDouble(w -> w.replicas() * w.requestsPerSecond()).sum();
    }
}
