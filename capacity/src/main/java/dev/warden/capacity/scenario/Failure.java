package dev.warden.capacity.scenario;

import dev.warden.capacity.preset.Close;

/**
 * The destination starts failing {@code startsAt} seconds into the simulation, for
 * {@code duration} seconds (infinite: it does not come back): each attempt fails with probability
 * {@code rate}, holding its port {@code attemptDuration} seconds (a connect timeout, or the time
 * to an error) and ending as {@code closedBy} says.
 */
public record Failure(double rate, double startsAt, double duration, double attemptDuration, Close closedBy) {

    public double endsAt() {
        return startsAt + duration;
    }

    public boolean active(double time) {
        return time >= startsAt && time < endsAt();
    }
}
