package dev.warden.registry.explain;

/** How much of a {@link Dimension} a path gives (or, for risks and costs, how much it carries). */
public enum Grade {
    NONE,
    LOW,
    MEDIUM,
    HIGH;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
