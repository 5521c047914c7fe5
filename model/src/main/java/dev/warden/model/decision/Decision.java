package dev.warden.model.decision;

import dev.warden.model.registry.EgressDependency;

/**
 * What the registry says about one attempt to leave: the verdict, the record that decided it
 * ({@code rule}, null when no record did; {@code dependency} is that record), and a reason a
 * human can act on. The same object whether the gateway, the DNS resolver, the compiler or the
 * analyzer asks.
 */
public record Decision(Verdict verdict, String rule, String reason, EgressDependency dependency) {

    public static Decision allow(EgressDependency dependency, String reason) {
        return new Decision(Verdict.ALLOW, dependency.name(), reason, dependency);
    }

    public static Decision reportOnly(EgressDependency dependency, String reason) {
        return new Decision(Verdict.ALLOW_REPORT_ONLY, dependency.name(), reason, dependency);
    }

    /** An allow that needs no record: the cluster's own names, which the posture declares. */
    public static Decision allowByPosture(String reason) {
        return new Decision(Verdict.ALLOW, null, reason, null);
    }

    /** A denial; {@code dependency} is the record that refused, or null when none applied. */
    public static Decision deny(EgressDependency dependency, String reason) {
        return new Decision(Verdict.DENY, dependency == null ? null : dependency.name(), reason, dependency);
    }

    public boolean admits() {
        return verdict.admits();
    }
}
