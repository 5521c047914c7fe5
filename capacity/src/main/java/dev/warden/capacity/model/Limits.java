package dev.warden.capacity.model;

import dev.warden.capacity.preset.AwsNatGateway;
import dev.warden.capacity.preset.AzureLoadBalancerOutbound;
import dev.warden.capacity.preset.AzureNatGateway;
import dev.warden.capacity.preset.Close;
import dev.warden.capacity.preset.GcpCloudNat;
import dev.warden.capacity.preset.LinuxMasquerade;
import dev.warden.capacity.preset.NatPreset;
import dev.warden.capacity.preset.Numbers;
import dev.warden.capacity.preset.Sources;
import dev.warden.capacity.preset.WardenGateway;
import dev.warden.capacity.scenario.Destination;
import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every limit on the path and how much of it the scenario uses, and the load at which each runs
 * out. Pure functions of the scenario.
 *
 * <p>Sources: with a Warden gateway in front, the NAT sees the gateway replicas (one per node)
 * as its VMs and every destination's connections spread evenly over them; without one, each
 * workload's pods fill {@code podsPerNode} to a node and the busiest node is the one measured.
 * Connections spread evenly over a NAT's IPs and over a destination's addresses.
 */
public final class Limits {
    /** The load factors searched: from a thousandth of the scenario's rate to a million times it. */
    static final double MIN_FACTOR = 1e-3;
    static final double MAX_FACTOR = 1e6;
    private static final double GRID_RATIO = 1.1;
    private static final int BISECTIONS = 50;

    private Limits() {}

    /** The limits with the load factor at which each runs out. */
    public static List<Limit> of(Scenario scenario) {
        List<Limit> limits = compute(scenario);
        List<Double> grid = new ArrayList<>();
        for (double k = MIN_FACTOR; k <= MAX_FACTOR; k *= GRID_RATIO) {
            grid.add(k);
        }
        List<Map<String, Limit>> evaluated = new ArrayList<>(grid.size());
        for (double k : grid) {
            evaluated.add(byKey(compute(scaled(scenario, k))));
        }
        // A destination's tuples are symmetric: one search serves all of them.
        Map<String, Double> memo = new LinkedHashMap<>();
        List<Limit> result = new ArrayList<>();
        for (Limit limit : limits) {
            String shape = limit.resource() + "|" + limit.destination() + "|" + (limit.tuple() == null ? "" : "tuple");
            double factor = memo.computeIfAbsent(shape, key -> loadFactor(scenario, limit, grid, evaluated));
            result.add(limit.withLoadFactor(factor));
        }
        return result;
    }

    /** The limit that runs out at the lowest load; ties go to the most used one. */
    public static Optional<Limit> firstToRunOut(List<Limit> limits) {
        return limits.stream().filter(limit -> limit.loadFactor() < Double.POSITIVE_INFINITY)
                .min(Comparator.comparingDouble(Limit::loadFactor)
                        .thenComparing(Comparator.comparingDouble(Limit::utilisation).reversed()));
    }

    /** The scenario with every workload's request rate multiplied by {@code factor}. */
    public static Scenario scaled(Scenario scenario, double factor) {
        return scenario.withWorkloads(scenario.workloads().stream()
                .map(workload -> workload.withRate(workload.requestsPerSecond() * factor)).toList());
    }

    private static double loadFactor(Scenario scenario, Limit limit, List<Double> grid, List<Map<String, Limit>> evaluated) {
        double below = 0;
        for (int i = 0; i < grid.size(); i++) {
            Limit at = evaluated.get(i).get(limit.key());
            if (at != null && at.exhausted()) {
                if (i == 0) {
                    return 0;
                }
                double low = below;
                double high = grid.get(i);
                for (int step = 0; step < BISECTIONS; step++) {
                    double middle = (low + high) / 2;
                    Limit probe = byKey(compute(scaled(scenario, middle))).get(limit.key());
                    if (probe != null && probe.exhausted()) {
                        high = middle;
                    } else {
                        low = middle;
                    }
                }
                return high;
            }
            below = grid.get(i);
        }
        return Double.POSITIVE_INFINITY;
    }

    private static Map<String, Limit> byKey(List<Limit> limits) {
        Map<String, Limit> map = new LinkedHashMap<>();
        limits.forEach(limit -> map.put(limit.key(), limit));
        return map;
    }

    /** Seconds the first hop that translates addresses keeps a port after {@code close}. */
    public static double portHold(Scenario scenario, Close close) {
        return scenario.nat() != null ? scenario.nat().holdAfter(close) : scenario.gateway().holdAfter(close);
    }

    /** The hold for a flow to {@code destination}: a UDP flow has no close and is forgotten at the UDP idle timeout. */
    public static double portHold(Scenario scenario, Close close, Destination destination) {
        if (destination.protocol() == Destination.Protocol.UDP) {
            return scenario.nat() != null ? scenario.nat().udpHold() : scenario.gateway().udpHold();
        }
        return portHold(scenario, close);
    }

    public static double idleTimeout(Scenario scenario) {
        return scenario.nat() != null ? scenario.nat().idleTimeout() : scenario.gateway().idleTimeout();
    }

    /** Every workload's flow to one address of its destination, in scenario order. */
    public static List<Flow> flows(Scenario scenario, Destination destination) {
        double idle = idleTimeout(scenario);
        return scenario.workloadsTo(destination).stream().map(w -> SteadyState.flow(w, destination, idle)).toList();
    }

    /** Ports held on one tuple of {@code destination} in all, at the NAT (or the gateway when there is no NAT). */
    public static double portsInUse(Scenario scenario, Destination destination) {
        double total = 0;
        for (Flow flow : flows(scenario, destination)) {
            total += flow.workload().replicas() * flow.held(portHold(scenario, flow.workload().connections().closedBy(), flow.destination()));
        }
        return total;
    }

    /** Nodes (VMs) whose addresses the NAT translates. */
    public static int sourceVms(Scenario scenario) {
        if (scenario.gateway() != null) {
            return scenario.gateway().replicas();
        }
        return nodesByWorkload(scenario).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Pods of one workload name share nodes, whatever destinations they call. */
    private static Map<String, Integer> nodesByWorkload(Scenario scenario) {
        Map<String, Integer> nodes = new LinkedHashMap<>();
        for (Workload workload : scenario.workloads()) {
            nodes.merge(workload.name(), workload.nodes(), Math::max);
        }
        return nodes;
    }

    /** The limits at the scenario's own load, without searching for the load that exhausts them. */
    public static List<Limit> compute(Scenario scenario) {
        List<Limit> limits = new ArrayList<>();
        NatPreset nat = scenario.nat();
        WardenGateway gateway = scenario.gateway();
        for (Destination destination : scenario.destinations()) {
            List<Flow> flows = flows(scenario, destination);
            if (flows.isEmpty()) {
                continue;
            }
            double held = portsInUse(scenario, destination);
            double busiestVm = busiestVm(scenario, flows);
            String basis = basis(scenario, flows);
            for (int i = 0; i < destination.addresses(); i++) {
                String tuple = destination.tuple(i);
                if (nat != null) {
                    limits.add(tupleLimit(nat, scenario, destination, tuple, held, busiestVm, basis));
                }
                if (gateway != null) {
                    double perReplica = 0;
                    for (Flow flow : flows) {
                        perReplica += flow.workload().replicas()
                                * flow.held(gateway.holdAfter(flow.workload().connections().closedBy()));
                    }
                    limits.add(new Limit(Resource.GATEWAY_PORTS, destination.name(), tuple, "per gateway replica",
                            gateway.ephemeralPorts(), perReplica / gateway.replicas(), Double.NaN, Sources.LINUX_IP_SYSCTL,
                            "connections per replica x (time open + " + Numbers.seconds(gateway.timeWait())
                                    + " TIME_WAIT when the gateway closes)"));
                }
            }
            if (gateway != null) {
                double open = 0;
                double opened = 0;
                for (Flow flow : flows) {
                    open += flow.workload().replicas() * flow.open() * destination.addresses();
                    opened += flow.workload().replicas() * flow.newPerSecond() * destination.addresses();
                }
                if (gateway.maxConnections() != null) {
                    limits.add(new Limit(Resource.GATEWAY_CONNECTIONS, destination.name(), null,
                            "per record, " + gateway.replicas() + " replicas", (double) gateway.maxConnections()
                                    * gateway.replicas(), open, Double.NaN, Sources.WARDEN_REGISTRY,
                            "open connections = new connections/s x time open"));
                }
                if (gateway.connectionsPerSecond() != null) {
                    limits.add(new Limit(Resource.GATEWAY_RATE, destination.name(), null,
                            "per destination, " + gateway.replicas() + " replicas", gateway.connectionsPerSecond()
                                    * gateway.replicas(), opened, Double.NaN, Sources.WARDEN_REGISTRY,
                            "new connections per second"));
                }
            }
        }
        if (nat != null) {
            globalLimits(scenario, nat, limits);
        }
        return limits;
    }

    private static String basis(Scenario scenario, List<Flow> flows) {
        Flow flow = flows.get(0);
        double hold = portHold(scenario, flow.workload().connections().closedBy(), flow.destination());
        return "Little's law: " + Numbers.count(flow.newPerSecond()) + " new connections/s per pod x ("
                + Numbers.seconds(flow.openSeconds()) + " open + " + Numbers.seconds(hold) + " hold after close)"
                + (flow.workload().connections().pooled() ? " + pooled connections" : "");
    }

    /** Ports one source VM holds on one tuple: a full node of pods, or a gateway replica's share. */
    private static double busiestVm(Scenario scenario, List<Flow> flows) {
        if (scenario.gateway() != null) {
            double total = 0;
            for (Flow flow : flows) {
                total += flow.workload().replicas() * flow.held(portHold(scenario, flow.workload().connections().closedBy(), flow.destination()));
            }
            return total / scenario.gateway().replicas();
        }
        double busiest = 0;
        for (Flow flow : flows) {
            Workload workload = flow.workload();
            int podsOnNode = Math.min(workload.podsPerNode(), workload.replicas());
            busiest = Math.max(busiest, podsOnNode * flow.held(portHold(scenario, workload.connections().closedBy(), flow.destination())));
        }
        return busiest;
    }

    private static Limit tupleLimit(NatPreset nat, Scenario scenario, Destination destination, String tuple, double held,
            double busiestVm, String basis) {
        return switch (nat) {
            case AwsNatGateway aws -> new Limit(Resource.CONNECTIONS_PER_DESTINATION, destination.name(), tuple,
                    "55,000 per NAT IP x " + aws.natIps(), aws.connectionsPerDestination(), held, Double.NaN,
                    Sources.AWS_BASICS, basis);
            case AzureNatGateway azure -> new Limit(Resource.CONNECTIONS_PER_DESTINATION, destination.name(), tuple,
                    "50,000 per public IP x " + azure.publicIps(), azure.connectionsPerDestination(), held, Double.NaN,
                    Sources.AZURE_NAT, basis);
            case GcpCloudNat gcp -> new Limit(Resource.PORTS_PER_VM, destination.name(), tuple,
                    "per VM (node), " + (gcp.dynamicPortAllocation() ? "dynamic allocation up to maxPortsPerVm"
                            : "minPortsPerVm"), gcp.portsPerVmPerDestination(), busiestVm, Double.NaN, Sources.GCP_PORTS,
                    basis);
            case AzureLoadBalancerOutbound lb -> new Limit(Resource.PORTS_PER_VM, destination.name(), tuple,
                    "per backend instance, " + (lb.allocatedOutboundPorts() > 0 ? "allocatedOutboundPorts"
                            : "default allocation for a pool of " + poolSize(lb, scenario)),
                    lb.portsPerInstance(poolSize(lb, scenario)), busiestVm, Double.NaN, Sources.AZURE_LB, basis);
            case LinuxMasquerade linux -> new Limit(Resource.PORTS_PER_VM, destination.name(), tuple,
                    "per node, " + linux.addressesPerNode() + " address(es) x " + Numbers.count(linux.portsPerAddress())
                            + " ports", (double) linux.portsPerAddress() * linux.addressesPerNode(), busiestVm, Double.NaN,
                    Sources.IPTABLES_SNAT, basis);
        };
    }

    static int poolSize(AzureLoadBalancerOutbound lb, Scenario scenario) {
        return lb.backendPoolSize() > 0 ? lb.backendPoolSize() : Math.max(1, sourceVms(scenario));
    }

    private static void globalLimits(Scenario scenario, NatPreset nat, List<Limit> limits) {
        int vms = sourceVms(scenario);
        switch (nat) {
            case GcpCloudNat gcp -> {
                double allocated = 0;
                for (Map.Entry<String, Double> vm : perVmNeed(scenario).entrySet()) {
                    double need = vm.getValue();
                    int perVm = gcp.minPortsPerVm();
                    if (gcp.dynamicPortAllocation()) {
                        int grown = GcpCloudNat.roundUpToPowerOfTwo((int) Math.min(Integer.MAX_VALUE / 2, Math.ceil(need)));
                        perVm = Math.max(gcp.minPortsPerVm(), Math.min(gcp.maxPortsPerVm(), grown));
                    }
                    allocated += (double) perVm * vmCount(scenario, vm.getKey());
                }
                limits.add(new Limit(Resource.NAT_IP_ALLOCATION, null, null,
                        "64,512 per NAT IP x " + gcp.natIps() + "; " + vms + " VMs", (double) GcpCloudNat.PORTS_PER_IP
                                * gcp.natIps(), allocated, Double.NaN, Sources.GCP_PORTS,
                        gcp.dynamicPortAllocation() ? "each VM's allocation grows in powers of two from minPortsPerVm"
                                : "VMs x minPortsPerVm (" + gcp.minPortsPerVm() + "); "
                                        + Numbers.count(gcp.vmsPerNatIp()) + " VMs per NAT IP"));
            }
            case AzureLoadBalancerOutbound lb -> {
                int pool = poolSize(lb, scenario);
                limits.add(new Limit(Resource.NAT_IP_ALLOCATION, null, null,
                        "64,000 per frontend IP x " + lb.frontendIps() + "; " + pool + " instances",
                        lb.frontendPorts(), (double) pool * lb.portsPerInstance(pool), Double.NaN, Sources.AZURE_LB,
                        "instances x ports per instance (" + lb.portsPerInstance(pool) + ")"));
            }
            case AzureNatGateway azure -> {
                double all = 0;
                for (Destination destination : scenario.destinations()) {
                    all += portsInUse(scenario, destination) * destination.addresses();
                }
                limits.add(new Limit(Resource.NAT_CONNECTIONS, null, null, "per NAT gateway",
                        AzureNatGateway.MAX_CONNECTIONS, all, Double.NaN, Sources.AZURE_NAT,
                        "every destination's connections, counted by 5-tuple"));
            }
            case LinuxMasquerade linux -> {
                double busiest = 0;
                String which = null;
                for (Map.Entry<String, Double> node : perNodeEntries(scenario).entrySet()) {
                    if (node.getValue() > busiest) {
                        busiest = node.getValue();
                        which = node.getKey();
                    }
                }
                limits.add(new Limit(Resource.CONNTRACK, null, null,
                        "per node" + (which == null ? "" : " (busiest: " + which + ")"), linux.conntrackMax(), busiest,
                        Double.NaN, linux.conntrackMaxSet() > 0 || !linux.kubeProxy() ? Sources.LINUX_CONNTRACK
                                : Sources.KUBE_PROXY, "every flow through the node until its conntrack timeout"));
            }
            case AwsNatGateway aws -> {
                // AWS documents no total beyond the per-destination limit.
            }
        }
    }

    private static int vmCount(Scenario scenario, String source) {
        if (scenario.gateway() != null) {
            return scenario.gateway().replicas();
        }
        return nodesByWorkload(scenario).getOrDefault(source, 1);
    }

    /** Per source group (a workload's nodes, or the gateway replicas): the most ports one VM needs for one tuple. */
    private static Map<String, Double> perVmNeed(Scenario scenario) {
        Map<String, Double> need = new LinkedHashMap<>();
        for (Destination destination : scenario.destinations()) {
            for (Flow flow : flows(scenario, destination)) {
                Workload workload = flow.workload();
                double held = flow.held(portHold(scenario, workload.connections().closedBy(), flow.destination()));
                if (scenario.gateway() != null) {
                    need.merge("gateway|" + destination.name(), workload.replicas() * held / scenario.gateway().replicas(),
                            Double::sum);
                } else {
                    need.merge(workload.name(), Math.min(workload.podsPerNode(), workload.replicas()) * held, Math::max);
                }
            }
        }
        if (scenario.gateway() != null) {
            double most = need.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            Map<String, Double> gateway = new LinkedHashMap<>();
            gateway.put("gateway", most);
            return gateway;
        }
        return need;
    }

    /** Conntrack entries per node: every tuple the node's pods use. */
    private static Map<String, Double> perNodeEntries(Scenario scenario) {
        Map<String, Double> entries = new LinkedHashMap<>();
        for (Destination destination : scenario.destinations()) {
            for (Flow flow : flows(scenario, destination)) {
                Workload workload = flow.workload();
                double held = flow.held(portHold(scenario, workload.connections().closedBy(), flow.destination())) * destination.addresses();
                if (scenario.gateway() != null) {
                    entries.merge("a gateway node", workload.replicas() * held / scenario.gateway().replicas(), Double::sum);
                } else {
                    entries.merge(workload.name(), Math.min(workload.podsPerNode(), workload.replicas()) * held,
                            Double::sum);
                }
            }
        }
        return entries;
    }
}
