package dev.warden.capacity.preset;

import static dev.warden.capacity.preset.Sources.LINUX_IP_SYSCTL;
import static dev.warden.capacity.preset.Sources.LINUX_TCP_H;
import static dev.warden.capacity.preset.Sources.WARDEN_REGISTRY;

import java.util.ArrayList;
import java.util.List;

/**
 * Warden's own gateway in front of the NAT (§9, §20). Each replica enforces the record's
 * {@code limits} on its own: at most {@code maxConnections} upstream connections of the record
 * open at once and {@code connectionsPerSecond} new ones per destination; the excess is refused
 * with 503 and Retry-After before it takes a NAT port. The gateway dials from its own address, so
 * each replica has the kernel's ip_local_port_range (32768-60999: 28,232 ports) per destination
 * tuple, and a socket it closes first stays in TIME_WAIT for 60 s.
 */
public record WardenGateway(int replicas, Integer maxConnections, Double connectionsPerSecond, int firstPort,
        int lastPort, double timeWait) implements Preset {
    public static final String ID = "warden-gateway";
    public static final double TIME_WAIT = 60;

    public WardenGateway {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1");
        }
    }

    public static WardenGateway of(int replicas, Integer maxConnections, Double connectionsPerSecond) {
        return new WardenGateway(replicas, maxConnections, connectionsPerSecond, LinuxMasquerade.LOCAL_PORT_RANGE_FIRST,
                LinuxMasquerade.LOCAL_PORT_RANGE_LAST, TIME_WAIT);
    }

    public WardenGateway withBudget(Integer maxConnections, Double connectionsPerSecond) {
        return new WardenGateway(replicas, maxConnections, connectionsPerSecond, firstPort, lastPort, timeWait);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double holdAfter(Close close) {
        return close == Close.FIN ? timeWait : 0;
    }

    /** The gateway relays TCP only; UDP does not pass through it. */
    @Override
    public double udpHold() {
        return 0;
    }

    @Override
    public double idleTimeout() {
        return Double.POSITIVE_INFINITY;
    }

    /** Local ports per replica for one destination tuple. */
    public int ephemeralPorts() {
        return lastPort - firstPort + 1;
    }

    @Override
    public List<DocumentedNumber> numbers() {
        List<DocumentedNumber> numbers = new ArrayList<>();
        numbers.add(DocumentedNumber.of("replicas", String.valueOf(replicas), null));
        numbers.add(DocumentedNumber.of("limits.maxConnections: open upstream connections per record, per replica",
                maxConnections == null ? "no limit" : Numbers.count(maxConnections), WARDEN_REGISTRY));
        numbers.add(DocumentedNumber.of("limits.connectionsPerSecond: new connections per destination, per replica",
                connectionsPerSecond == null ? "no limit" : Numbers.count(connectionsPerSecond), WARDEN_REGISTRY));
        numbers.add(DocumentedNumber.of("local ports per replica per destination tuple (ip_local_port_range)",
                firstPort + "-" + lastPort + " (" + Numbers.count(ephemeralPorts()) + ")", LINUX_IP_SYSCTL));
        numbers.add(DocumentedNumber.of("TIME_WAIT of a socket the gateway closes first", "60 s", LINUX_TCP_H));
        return numbers;
    }
}
