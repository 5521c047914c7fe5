package dev.warden.capacity.model;

import dev.warden.capacity.preset.AwsNatGateway;
import dev.warden.capacity.preset.AzureLoadBalancerOutbound;
import dev.warden.capacity.preset.AzureNatGateway;
import dev.warden.capacity.preset.Close;
import dev.warden.capacity.preset.GcpCloudNat;
import dev.warden.capacity.preset.LinuxMasquerade;
import dev.warden.capacity.preset.NatPreset;
import dev.warden.capacity.preset.WardenGateway;
import dev.warden.capacity.scenario.Connections;
import dev.warden.capacity.scenario.Destination;
import dev.warden.capacity.scenario.Failure;
import dev.warden.capacity.scenario.RetryPolicy;
import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A retry storm on one destination tuple, as a deterministic time-stepped model of expected
 * values (no random numbers; the same scenario always gives the same curve).
 *
 * <p>Time runs in steps of {@code step} seconds. In each step every workload sends its fresh
 * requests plus the retries that fall due; while the destination fails, each attempt fails with
 * the failure's probability. An attempt that needs a new connection asks the path for a port: the
 * Warden gateway's budgets (new connections per second, open connections) come first and refuse
 * the excess at once with 503; then the NAT grants ports while it has capacity for the tuple, and
 * an attempt it cannot give a port fails after the connect timeout. A failed attempt is retried
 * after its backoff while attempts remain: the n-th retry waits min(maxBackoff, backoff x
 * multiplier^(n-1)); full jitter spreads that retry's expected mass evenly over [0, d], equal
 * jitter over [d/2, d], no jitter puts it at d; a retry budget caps retries at a share of fresh
 * requests. Ports are counted by Little's law on the arrivals: an attempt started at time s holds
 * its port until s + (time open + the hop's hold after close), with attempts spread evenly within
 * their step, so a steady flow holds exactly rate x hold. Before time 0 the flow is taken as having
 * run steadily forever, so the curve starts at the steady state. Pooled workloads hold their pool
 * throughout; only a failed request costs them a new connection (the broken one lingers for the
 * hold after close).
 */
public final class Storm {
    public static final int MAX_ATTEMPTS = 20;
    static final int MAX_STEPS = 20_000;
    /** The connect timeout assumed for an attempt the NAT has no port for, when the workload states no failure. */
    public static final double DEFAULT_CONNECT_TIMEOUT = 2;

    private Storm() {}

    /** One instant of the storm, at the end of a step; rates are per second. */
    public record Point(double time, double held, double open, double attempts, double fresh, double failed,
            double denied, double refused) {}

    /**
     * The storm on one tuple of {@code destination}. {@code exhaustedAfter}: seconds from the
     * failure's start until the path first had no port for an attempt (NaN: never; 0 when it was
     * out of ports before the failure). {@code recoveredAfter}: seconds from the failure's end until
     * the path serves every attempt again (none without a port, none refused) with no retry pending.
     * {@code drainedAfter}: seconds from the failure's end until, in addition, the ports held are
     * back within half a port of the steady state. Both NaN when not within the horizon or when the
     * failure never ends.
     */
    public record Result(String destination, String tuple, double capacity, String capacityLabel, double baseline,
            double failureStart, double failureEnd, double step, List<Point> curve, double exhaustedAfter,
            double recoveredAfter, double drainedAfter, double peakHeld, double peakAttempts, double freshRate,
            double refusedAfter, double gaveUp) {

        public Result {
            curve = List.copyOf(curve);
        }

        public boolean exhausted() {
            return !Double.isNaN(exhaustedAfter);
        }

        /** Peak attempts per second over fresh requests per second: how much retries multiplied the load. */
        public double amplification() {
            return freshRate <= 0 ? 1 : peakAttempts / freshRate;
        }
    }

    /** The storm for the first failing workload's destination, if any workload has a failure. */
    public static List<Result> all(Scenario scenario) {
        List<Result> results = new ArrayList<>();
        for (Destination destination : scenario.destinations()) {
            simulate(scenario, destination).ifPresent(results::add);
        }
        return results;
    }

    public static Optional<Result> simulate(Scenario scenario, Destination destination) {
        List<Workload> workloads = scenario.workloadsTo(destination);
        Failure failure = workloads.stream().map(Workload::failure).filter(f -> f != null).findFirst().orElse(null);
        if (failure == null) {
            return Optional.empty();
        }
        return Optional.of(new Run(scenario, destination, workloads).run());
    }

    /** The horizon and step: as the scenario sets them, else long enough to see the recovery. */
    static double[] clock(Scenario scenario, List<Workload> workloads, double hold) {
        double window = 0;
        double start = Double.POSITIVE_INFINITY;
        double end = 0;
        for (Workload workload : workloads) {
            Failure failure = workload.failure();
            RetryPolicy retry = workload.retry();
            double attempt = failure == null ? DEFAULT_CONNECT_TIMEOUT : failure.attemptDuration();
            double delays = 0;
            for (int n = 1; n < retry.maxAttempts(); n++) {
                delays += retry.delay(n) + attempt;
            }
            double busy = workload.connections().pooled() ? 0 : Math.min(workload.connections().busy(), 3600);
            window = Math.max(window, busy + hold + attempt + delays);
            if (failure != null) {
                start = Math.min(start, failure.startsAt());
                end = Math.max(end, Double.isInfinite(failure.duration()) ? failure.startsAt() + Math.max(600, 3 * window)
                        : failure.endsAt());
            }
        }
        double horizon = scenario.settings().horizon();
        if (Double.isNaN(horizon)) {
            horizon = Math.min(7 * 86_400, end + Math.max(120, 3 * window));
        }
        double step = scenario.settings().step();
        if (Double.isNaN(step)) {
            step = Math.max(1, horizon / MAX_STEPS);
        }
        step = Math.max(step, horizon / MAX_STEPS);
        return new double[] {horizon, step};
    }

    /** Seconds the first translating hop keeps a port after {@code close}. */
    private static double hold(Scenario scenario, Close close) {
        return Limits.portHold(scenario, close);
    }

    /** The state of one workload's flow to the tuple during the run. */
    private static final class FlowState {
        final Workload workload;
        final boolean pooled;
        final double fresh;
        final double baseline;
        final double baselineOpen;
        final double successHold;
        final double successOpen;
        final double failureHold;
        final double failureOpen;
        final double attemptDuration;
        final double preSuccessRate;
        final double capacity;
        final int attempts;
        final double[] successCum;
        final double[] failureCum;
        final double[][] due;
        final double[][] dueSlope;
        final double[] running;
        double pending;

        FlowState(Scenario scenario, Destination destination, Workload workload, int steps, double step, double capacity) {
            this.workload = workload;
            Connections connections = workload.connections();
            Failure failure = workload.failure();
            pooled = connections.pooled();
            double perTuple = workload.replicas() * workload.requestsPerSecond() / destination.addresses();
            fresh = perTuple * step;
            Flow steady = SteadyState.flow(workload, destination, Limits.idleTimeout(scenario));
            double closeHold = Limits.portHold(scenario, connections.closedBy(), destination);
            baseline = pooled ? workload.replicas() * steady.held(closeHold) : 0;
            baselineOpen = pooled ? workload.replicas() * steady.open() : 0;
            successOpen = steady.openSeconds();
            successHold = successOpen + closeHold;
            preSuccessRate = pooled ? 0 : workload.replicas() * steady.newPerSecond();
            attemptDuration = failure == null ? DEFAULT_CONNECT_TIMEOUT : failure.attemptDuration();
            failureOpen = attemptDuration;
            failureHold = attemptDuration + Limits.portHold(scenario, failure == null ? Close.TIMEOUT : failure.closedBy(),
                    destination);
            this.capacity = capacity;
            attempts = workload.retry().maxAttempts();
            successCum = new double[steps + 1];
            failureCum = new double[steps + 1];
            due = new double[attempts + 1][steps + 2];
            dueSlope = new double[attempts + 1][steps + 2];
            running = new double[attempts + 1];
        }

        double failureRate(double time) {
            Failure failure = workload.failure();
            return failure != null && failure.active(time) ? failure.rate() : 0;
        }
    }

    private static final class Run {
        final Scenario scenario;
        final Destination destination;
        final double horizon;
        final double step;
        final int steps;
        final List<FlowState> flows = new ArrayList<>();
        double sharedCapacity = Double.POSITIVE_INFINITY;
        String capacityLabel;
        double openCapacity = Double.POSITIVE_INFINITY;
        double rateCapacity = Double.POSITIVE_INFINITY;
        final double failureStart;
        final double failureEnd;

        Run(Scenario scenario, Destination destination, List<Workload> workloads) {
            this.scenario = scenario;
            this.destination = destination;
            double maxHold = 0;
            for (Close close : Close.values()) {
                maxHold = Math.max(maxHold, hold(scenario, close));
            }
            double[] clock = clock(scenario, workloads, maxHold);
            horizon = clock[0];
            step = clock[1];
            steps = (int) Math.ceil(horizon / step);
            double start = Double.POSITIVE_INFINITY;
            double end = 0;
            for (Workload workload : workloads) {
                if (workload.failure() != null) {
                    start = Math.min(start, workload.failure().startsAt());
                    end = Math.max(end, workload.failure().endsAt());
                }
            }
            failureStart = start;
            failureEnd = end;
            NatPreset nat = scenario.nat();
            WardenGateway gateway = scenario.gateway();
            int addresses = destination.addresses();
            if (gateway != null) {
                if (gateway.connectionsPerSecond() != null) {
                    rateCapacity = gateway.connectionsPerSecond() * gateway.replicas() / addresses * step;
                }
                if (gateway.maxConnections() != null) {
                    openCapacity = (double) gateway.maxConnections() * gateway.replicas() / addresses;
                }
            }
            for (Workload workload : workloads) {
                double own = Double.POSITIVE_INFINITY;
                if (nat != null && gateway == null) {
                    double perVm = perVmCapacity(nat, scenario);
                    if (!Double.isNaN(perVm)) {
                        own = perVm * workload.nodes();
                    }
                }
                flows.add(new FlowState(scenario, destination, workload, steps, step, own));
            }
            if (nat == null) {
                sharedCapacity = (double) gateway.ephemeralPorts() * gateway.replicas();
                capacityLabel = Resource.GATEWAY_PORTS.label() + " (" + gateway.replicas() + " replicas)";
            } else {
                switch (nat) {
                    case AwsNatGateway aws -> {
                        sharedCapacity = aws.connectionsPerDestination();
                        capacityLabel = Resource.CONNECTIONS_PER_DESTINATION.label() + " (55,000 x " + aws.natIps() + ")";
                    }
                    case AzureNatGateway azure -> {
                        sharedCapacity = azure.connectionsPerDestination();
                        capacityLabel = Resource.CONNECTIONS_PER_DESTINATION.label() + " (50,000 x " + azure.publicIps() + ")";
                    }
                    default -> {
                        double perVm = perVmCapacity(nat, scenario);
                        if (gateway != null) {
                            sharedCapacity = perVm * gateway.replicas();
                            capacityLabel = Resource.PORTS_PER_VM.label() + " (" + gateway.replicas() + " gateway VMs)";
                        } else {
                            double all = 0;
                            for (FlowState flow : flows) {
                                all += flow.capacity;
                            }
                            sharedCapacity = all;
                            capacityLabel = Resource.PORTS_PER_VM.label() + " (" + Limits.sourceVms(scenario) + " VMs)";
                        }
                    }
                }
            }
        }

        static double perVmCapacity(NatPreset nat, Scenario scenario) {
            return switch (nat) {
                case GcpCloudNat gcp -> gcp.portsPerVmPerDestination();
                case AzureLoadBalancerOutbound lb -> lb.portsPerInstance(Limits.poolSize(lb, scenario));
                case LinuxMasquerade linux -> (double) linux.portsPerAddress() * linux.addressesPerNode();
                default -> Double.NaN;
            };
        }

        /** Attempts of one class started before {@code time}: the cumulative, linear within a step, steady before 0. */
        double started(double[] cum, double preRate, double time, int known) {
            if (time <= 0) {
                return preRate == 0 ? 0 : preRate * time;
            }
            double position = time / step;
            int index = (int) Math.floor(position);
            if (index >= known) {
                return cum[known];
            }
            return cum[index] + (cum[index + 1] - cum[index]) * (position - index);
        }

        double inSystem(double[] cum, double preRate, double time, double hold, int known) {
            return started(cum, preRate, time, known) - started(cum, preRate, time - hold, known);
        }

        double held(FlowState flow, double time, int known) {
            return flow.baseline + inSystem(flow.successCum, flow.preSuccessRate, time, flow.successHold, known)
                    + inSystem(flow.failureCum, 0, time, flow.failureHold, known);
        }

        double open(FlowState flow, double time, int known) {
            return inSystem(flow.successCum, flow.preSuccessRate, time, flow.successOpen, known)
                    + inSystem(flow.failureCum, 0, time, flow.failureOpen, known) + flow.baselineOpen;
        }

        /** The share of a step's attempts still holding at its end, for a hold of {@code hold} seconds. */
        double remaining(double hold) {
            return Math.min(1, hold / step);
        }

        /**
         * Schedules {@code mass} retries (attempt number {@code attempt}) for failures at {@code time};
         * what would fall in a step already run goes to step {@code next}.
         */
        void schedule(FlowState flow, int attempt, double mass, double time, int next) {
            if (mass <= 0 || attempt > flow.attempts) {
                return;
            }
            RetryPolicy retry = flow.workload.retry();
            double delay = retry.delay(attempt - 1);
            double from;
            double to;
            switch (retry.jitter()) {
                case FULL -> {
                    from = time;
                    to = time + delay;
                }
                case EQUAL -> {
                    from = time + delay / 2;
                    to = time + delay;
                }
                default -> {
                    from = time + delay;
                    to = from;
                }
            }
            flow.pending += mass;
            double earliest = next * step;
            if (to <= earliest) {
                flow.due[attempt][Math.min(steps + 1, next)] += mass;
                return;
            }
            if (from < earliest) {
                double early = mass * (earliest - from) / (to - from);
                flow.due[attempt][next] += early;
                mass -= early;
                from = earliest;
            }
            spread(flow.due[attempt], flow.dueSlope[attempt], mass, from, to);
        }

        /** Adds {@code mass} spread evenly over [from, to] to per-step totals; full inner steps go to a difference array. */
        void spread(double[] due, double[] slope, double mass, double from, double to) {
            int last = steps + 1;
            if (to - from < 1e-9) {
                due[Math.min(last, (int) Math.floor(from / step))] += mass;
                return;
            }
            double density = mass / (to - from);
            int first = (int) Math.floor(from / step);
            int end = (int) Math.floor(to / step);
            if (first >= last) {
                due[last] += mass;
                return;
            }
            if (first == end) {
                due[first] += mass;
                return;
            }
            due[first] += density * ((first + 1) * step - from);
            double tail = density * (to - end * step);
            if (end < last) {
                due[end] += tail;
            } else {
                due[last] += tail + density * step * Math.max(0, end - last);
            }
            int innerEnd = Math.min(end, last);
            if (first + 1 < innerEnd) {
                slope[first + 1] += density * step;
                slope[innerEnd] -= density * step;
            }
        }

        Result run() {
            List<Point> curve = new ArrayList<>(steps + 1);
            double baseline = 0;
            for (FlowState flow : flows) {
                baseline += held(flow, 0, 0);
            }
            double openBaseline = 0;
            for (FlowState flow : flows) {
                openBaseline += open(flow, 0, 0);
            }
            double freshRate = 0;
            for (FlowState flow : flows) {
                freshRate += flow.fresh / step;
            }
            curve.add(new Point(0, baseline, openBaseline, freshRate, freshRate, 0, 0, 0));
            double exhaustedAt = Double.NaN;
            double refusedAt = Double.NaN;
            double recoveredAt = Double.NaN;
            double drainedAt = Double.NaN;
            double peakHeld = baseline;
            double peakAttempts = freshRate;
            double gaveUp = 0;
            for (int i = 0; i < steps; i++) {
                double start = i * step;
                double end = start + step;
                double middle = start + step / 2;
                int count = flows.size();
                double[][] byAttempt = new double[count][];
                double[] attempts = new double[count];
                double[] wanted = new double[count];
                double[] failRate = new double[count];
                double[] portShare = new double[count];
                double[] openShare = new double[count];
                double wantedAll = 0;
                for (int f = 0; f < count; f++) {
                    FlowState flow = flows.get(f);
                    double[] a = new double[flow.attempts + 1];
                    a[1] = flow.fresh;
                    double retries = 0;
                    for (int k = 2; k <= flow.attempts; k++) {
                        flow.running[k] += flow.dueSlope[k][i];
                        a[k] = flow.due[k][i] + flow.running[k];
                        retries += a[k];
                    }
                    flow.pending -= retries;
                    RetryPolicy retry = flow.workload.retry();
                    if (retry.hasBudget() && retries > retry.budgetPercent() / 100 * flow.fresh) {
                        double keep = retry.budgetPercent() / 100 * flow.fresh / retries;
                        gaveUp += retries * (1 - keep);
                        for (int k = 2; k <= flow.attempts; k++) {
                            a[k] *= keep;
                        }
                    }
                    double total = 0;
                    for (int k = 1; k <= flow.attempts; k++) {
                        total += a[k];
                    }
                    byAttempt[f] = a;
                    attempts[f] = total;
                    double p = flow.failureRate(middle);
                    failRate[f] = p;
                    wanted[f] = flow.pooled ? total * p : total;
                    portShare[f] = flow.pooled ? remaining(flow.failureHold)
                            : (1 - p) * remaining(flow.successHold) + p * remaining(flow.failureHold);
                    openShare[f] = flow.pooled ? remaining(flow.failureOpen)
                            : (1 - p) * remaining(flow.successOpen) + p * remaining(flow.failureOpen);
                    wantedAll += wanted[f];
                }
                // The gateway first: new connections per second, then open connections.
                double rateShare = wantedAll > rateCapacity ? rateCapacity / wantedAll : 1;
                double openUse = 0;
                double openOld = 0;
                for (int f = 0; f < count; f++) {
                    openUse += wanted[f] * rateShare * openShare[f];
                    openOld += open(flows.get(f), end, i);
                }
                double openRoom = Math.max(0, openCapacity - openOld);
                double openFactor = openUse > openRoom ? openRoom / openUse : 1;
                // Then the NAT: each flow's own VMs, then the tuple's shared capacity.
                double[] passed = new double[count];
                double[] granted = new double[count];
                double portUse = 0;
                double heldOld = 0;
                for (int f = 0; f < count; f++) {
                    FlowState flow = flows.get(f);
                    passed[f] = wanted[f] * rateShare * openFactor;
                    double old = held(flow, end, i);
                    heldOld += old;
                    double room = Math.max(0, flow.capacity - old);
                    granted[f] = portShare[f] > 0 ? Math.min(passed[f], room / portShare[f]) : passed[f];
                    portUse += granted[f] * portShare[f];
                }
                double sharedRoom = Math.max(0, sharedCapacity - heldOld);
                double sharedFactor = portUse > sharedRoom ? sharedRoom / portUse : 1;
                double deniedAll = 0;
                double refusedAll = 0;
                double failedAll = 0;
                double attemptsAll = 0;
                for (int f = 0; f < count; f++) {
                    FlowState flow = flows.get(f);
                    granted[f] *= sharedFactor;
                    double p = failRate[f];
                    double denied = passed[f] - granted[f];
                    double refused = wanted[f] - passed[f];
                    double realFailures = flow.pooled ? granted[f] : granted[f] * p;
                    if (flow.pooled) {
                        flow.failureCum[i + 1] = flow.failureCum[i] + granted[f];
                        flow.successCum[i + 1] = flow.successCum[i];
                    } else {
                        flow.successCum[i + 1] = flow.successCum[i] + granted[f] * (1 - p);
                        flow.failureCum[i + 1] = flow.failureCum[i] + granted[f] * p;
                    }
                    double failed = realFailures + denied + refused;
                    deniedAll += denied;
                    refusedAll += refused;
                    failedAll += failed;
                    attemptsAll += attempts[f];
                    if (attempts[f] > 0 && failed > 0) {
                        double[] a = byAttempt[f];
                        for (int k = 1; k <= flow.attempts; k++) {
                            double share = a[k] / attempts[f];
                            if (k == flow.attempts) {
                                gaveUp += failed * share;
                                continue;
                            }
                            schedule(flow, k + 1, (realFailures + denied) * share, middle + flow.attemptDuration, i + 1);
                            schedule(flow, k + 1, refused * share, middle, i + 1);
                        }
                    }
                }
                double heldNow = 0;
                double openNow = 0;
                double pending = 0;
                for (FlowState flow : flows) {
                    heldNow += held(flow, end, i + 1);
                    openNow += open(flow, end, i + 1);
                    pending += flow.pending;
                }
                curve.add(new Point(end, heldNow, openNow, attemptsAll / step, freshRate, failedAll / step,
                        deniedAll / step, refusedAll / step));
                peakHeld = Math.max(peakHeld, heldNow);
                peakAttempts = Math.max(peakAttempts, attemptsAll / step);
                if (Double.isNaN(exhaustedAt) && deniedAll > 1e-9 * (1 + wantedAll)) {
                    exhaustedAt = start;
                }
                if (Double.isNaN(refusedAt) && refusedAll > 1e-9 * (1 + wantedAll)) {
                    refusedAt = start;
                }
                boolean quiet = deniedAll <= 1e-9 * (1 + wantedAll) && refusedAll <= 1e-9 * (1 + wantedAll);
                boolean served = end >= failureEnd && quiet && pending < 0.5 && attemptsAll / step <= freshRate + 0.5;
                if (Double.isNaN(recoveredAt) && served) {
                    recoveredAt = end;
                }
                if (Double.isNaN(drainedAt) && served && heldNow <= baseline + 0.5) {
                    drainedAt = end;
                }
            }
            double exhaustedAfter = Double.isNaN(exhaustedAt) ? Double.NaN : Math.max(0, exhaustedAt - failureStart);
            double refusedAfter = Double.isNaN(refusedAt) ? Double.NaN : Math.max(0, refusedAt - failureStart);
            double recoveredAfter = Double.isInfinite(failureEnd) || Double.isNaN(recoveredAt) ? Double.NaN
                    : recoveredAt - failureEnd;
            double drainedAfter = Double.isInfinite(failureEnd) || Double.isNaN(drainedAt) ? Double.NaN
                    : drainedAt - failureEnd;
            double capacity = Math.min(sharedCapacity, flows.stream().mapToDouble(flow -> flow.capacity).sum());
            return new Result(destination.name(), destination.tuple(0), capacity, capacityLabel, baseline, failureStart,
                    failureEnd, step, curve, exhaustedAfter, recoveredAfter, drainedAfter, peakHeld, peakAttempts, freshRate,
                    refusedAfter, gaveUp);
        }
    }
}
