package dev.warden.capacity.model;

import dev.warden.capacity.preset.Numbers;
import dev.warden.capacity.scenario.Connections;
import dev.warden.capacity.scenario.Destination;
import dev.warden.capacity.scenario.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * Steady state per pod and destination tuple, by Little's law (L = lambda x W): connections held
 * = new connections per second x seconds each holds its port. Requests are spread evenly over the
 * addresses the destination name resolves to.
 */
public final class SteadyState {
    private SteadyState() {}

    /** L = lambda x W. */
    public static double littlesLaw(double arrivalsPerSecond, double secondsInSystem) {
        return arrivalsPerSecond * secondsInSystem;
    }

    /** The arrival rate that keeps {@code held} in the system when each stays {@code seconds}: lambda = L / W. */
    public static double rateFor(double held, double seconds) {
        return seconds <= 0 ? Double.POSITIVE_INFINITY : held / seconds;
    }

    /**
     * One pod of {@code workload} towards one address of {@code destination}, where the NAT (or
     * the gateway) forgets an idle connection after {@code natIdleTimeout} seconds.
     */
    public static Flow flow(Workload workload, Destination destination, double natIdleTimeout) {
        Connections connections = workload.connections();
        double perTuple = workload.requestsPerSecond() / destination.addresses();
        List<String> notes = new ArrayList<>();
        if (!connections.pooled()) {
            double open = littlesLaw(perTuple, connections.lifetime());
            return new Flow(workload, destination, perTuple, open, connections.lifetime(), notes);
        }
        double pool = (double) connections.poolSize() / destination.addresses();
        double concurrency = littlesLaw(workload.requestsPerSecond(), connections.requestDuration());
        if (concurrency > connections.poolSize()) {
            notes.add(workload.name() + ": " + Numbers.count(concurrency) + " requests in flight per pod need more than its "
                    + connections.poolSize() + " pooled connections; requests queue for a connection");
        }
        // Seconds between uses of one pooled connection.
        double gap = workload.requestsPerSecond() <= 0 ? Double.POSITIVE_INFINITY : connections.poolSize()
                / workload.requestsPerSecond();
        boolean keptAliveAtNat = connections.keepAlive() < natIdleTimeout;
        if (gap > connections.idleTimeout()) {
            // The pool closes a connection after idleTimeout; nearly every request opens a new one.
            double openSeconds = connections.requestDuration() + connections.idleTimeout();
            double open = Math.min(pool, littlesLaw(perTuple, openSeconds));
            notes.add(workload.name() + ": a pooled connection is used every " + Numbers.seconds(gap)
                    + ", longer than the pool's idle timeout (" + Numbers.seconds(connections.idleTimeout())
                    + "); the pool reconnects for nearly every request");
            return new Flow(workload, destination, perTuple, open, openSeconds, notes);
        }
        if (gap > natIdleTimeout && !keptAliveAtNat) {
            // The NAT forgets the idle connection; its next use fails with a reset and the pool reconnects.
            double openSeconds = connections.requestDuration() + natIdleTimeout;
            double open = Math.min(pool, littlesLaw(perTuple, openSeconds));
            notes.add(workload.name() + ": a pooled connection sits idle " + Numbers.seconds(gap) + " between uses,"
                    + " longer than the egress idle timeout (" + Numbers.seconds(natIdleTimeout) + "); the NAT drops it and"
                    + " the next request on it fails. Set a TCP keepalive under " + Numbers.seconds(natIdleTimeout)
                    + " or a pool idle timeout under it");
            return new Flow(workload, destination, perTuple, open, openSeconds, notes);
        }
        double lifetime = connections.lifetime();
        double churn = Double.isInfinite(lifetime) ? 0 : pool / lifetime;
        return new Flow(workload, destination, churn, pool, lifetime, notes);
    }
}
