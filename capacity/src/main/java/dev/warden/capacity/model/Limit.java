package dev.warden.capacity.model;

import dev.warden.capacity.preset.Source;

/**
 * One resource on the path with how much of it the scenario uses. {@code scope} says what one
 * unit of capacity is counted over ("per VM", "per replica", "per destination tuple");
 * {@code destination} and {@code tuple} are null for resources shared by every destination.
 * {@code loadFactor} is the multiple of the scenario's request rate at which demand reaches
 * capacity (infinite when more requests never exhaust it, as with a fixed connection pool).
 */
public record Limit(Resource resource, String destination, String tuple, String scope, double capacity, double demand,
        double loadFactor, Source source, String basis) {

    public double utilisation() {
        return capacity <= 0 ? Double.POSITIVE_INFINITY : demand / capacity;
    }

    public double headroom() {
        return capacity - demand;
    }

    public boolean exhausted() {
        return demand >= capacity;
    }

    public Limit withLoadFactor(double factor) {
        return new Limit(resource, destination, tuple, scope, capacity, demand, factor, source, basis);
    }

    /** A stable key: the same limit in a scaled or changed scenario has the same key. */
    public String key() {
        return resource + "|" + destination + "|" + tuple;
    }
}
