package dev.warden.registry.explain;

/**
 * One cell of the comparison for one record: what the path gives, what the record needs, and
 * why. {@code needed} is {@link Grade#NONE} when the record does not care.
 */
public record Assessment(Dimension dimension, Grade given, Grade needed, String why) {

    /** True when the record needs more than the path gives (or, for costs, tolerates less). */
    public boolean isGap() {
        if (needed == Grade.NONE) {
            return false;
        }
        return dimension.moreIsBetter() ? given.compareTo(needed) < 0 : given.compareTo(needed) > 0;
    }
}
