package dev.warden.model.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.time.Period;

/** How often a dependency's record must be reviewed again (§19 review cadence, §27). */
public enum ReviewCadence implements WireName {
    MONTHLY("monthly", Period.ofMonths(1)),
    QUARTERLY("quarterly", Period.ofMonths(3)),
    SEMIANNUAL("semiannual", Period.ofMonths(6)),
    ANNUAL("annual", Period.ofYears(1));

    private final String wireName;
    private final Period interval;

    ReviewCadence(String wireName, Period interval) {
        this.wireName = wireName;
        this.interval = interval;
    }

    /** The day by which the next review is due after a review on {@code lastReviewed}. */
    public LocalDate nextDue(LocalDate lastReviewed) {
        return lastReviewed.plus(interval);
    }

    @JsonValue
    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
