package dev.warden.capacity.scenario;

import dev.warden.capacity.preset.Close;

/**
 * How a pod uses connections. {@code PER_REQUEST}: every request opens a connection that stays
 * open {@code lifetime} seconds. {@code POOLED}: the pod keeps {@code poolSize} connections to the
 * destination, replaced after {@code lifetime} seconds (infinite: never) and closed after
 * {@code idleTimeout} seconds unused (infinite: never); {@code keepAlive} is the TCP keepalive
 * interval (infinite: none), which keeps an idle connection known to the NAT; each request takes
 * {@code requestDuration} seconds. {@code closedBy} is how connections normally end.
 */
public record Connections(Reuse reuse, double lifetime, int poolSize, double idleTimeout, double keepAlive,
        double requestDuration, Close closedBy) {

    public enum Reuse { PER_REQUEST, POOLED }

    public static Connections perRequest(double lifetime) {
        return new Connections(Reuse.PER_REQUEST, lifetime, 0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                lifetime, Close.FIN);
    }

    public static Connections pooled(int poolSize, double requestDuration) {
        return new Connections(Reuse.POOLED, Double.POSITIVE_INFINITY, poolSize, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, requestDuration, Close.FIN);
    }

    public boolean pooled() {
        return reuse == Reuse.POOLED;
    }

    /** Seconds a request keeps its connection busy. */
    public double busy() {
        return reuse == Reuse.PER_REQUEST ? lifetime : requestDuration;
    }
}
