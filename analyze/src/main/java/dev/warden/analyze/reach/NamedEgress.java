package dev.warden.analyze.reach;

/**
 * A DNS name a workload's egress policy allows by name.
 *
 * @param policyId the allowing policy, as {@link Side#policies()} names it
 * @param name a {@code matchName} as written, or a {@code matchPattern} with its {@code *}
 */
public record NamedEgress(String policyId, String name) {
    /** Whether {@link #name()} is a pattern rather than one name. */
    public boolean isPattern() {
        return name.contains("*");
    }
}
