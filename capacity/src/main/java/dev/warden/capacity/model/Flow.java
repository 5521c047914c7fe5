package dev.warden.capacity.model;

import dev.warden.capacity.scenario.Destination;
import dev.warden.capacity.scenario.Workload;
import java.util.List;

/**
 * One pod's steady traffic to one destination tuple (one resolved address): new connections per
 * second, connections open at once, and how long each new connection stays open. Ports held at a
 * hop that keeps a port {@code hold} seconds after close follow Little's law:
 * {@code open + newPerSecond x hold} (that is, new connections per second x (time open + hold)).
 */
public record Flow(Workload workload, Destination destination, double newPerSecond, double open, double openSeconds,
        List<String> notes) {

    public Flow {
        notes = List.copyOf(notes);
    }

    /** Ports one pod holds on this tuple at a hop that keeps a closed connection's port {@code hold} seconds. */
    public double held(double hold) {
        return open + newPerSecond * hold;
    }

    /** Seconds each new connection holds its port at such a hop: time open + hold after close. */
    public double portSeconds(double hold) {
        return openSeconds + hold;
    }
}
