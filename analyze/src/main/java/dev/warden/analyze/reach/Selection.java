package dev.warden.analyze.reach;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The policies that select one endpoint for one direction, worked out once per endpoint: every
 * connection it takes part in is checked against these rules only.
 *
 * @param allows the allow rules of the selecting policies that apply: of isolating NetworkPolicies,
 *     and of every selecting Cilium rule
 * @param denies Cilium deny rules, which win over any allow
 * @param isolatedBy ids of the policies that put the endpoint into default deny
 * @param selectedWithoutDefaultDenyBy ids of Cilium policies that select it with rules for this
 *     direction but without default deny
 * @param fqdnRules whether an allow rule has {@code toFQDNs}, which no address is matched against
 */
record Selection(
        List<PolicyRule> allows,
        List<PolicyRule> denies,
        List<String> isolatedBy,
        List<String> selectedWithoutDefaultDenyBy,
        boolean fqdnRules) {
    boolean isolated() {
        return !isolatedBy.isEmpty();
    }

    /** Collects what NetworkPolicies and Cilium policies each contribute. */
    static final class Builder {
        private final List<PolicyRule> allows = new ArrayList<>();
        private final List<PolicyRule> denies = new ArrayList<>();
        private final Set<String> isolatedBy = new LinkedHashSet<>();
        private final Set<String> selectedWithoutDefaultDenyBy = new LinkedHashSet<>();
        private boolean fqdnRules;

        void isolatedBy(String policyId) {
            isolatedBy.add(policyId);
        }

        void selectedWithoutDefaultDenyBy(String policyId) {
            selectedWithoutDefaultDenyBy.add(policyId);
        }

        void allows(List<? extends PolicyRule> rules) {
            allows.addAll(rules);
        }

        void denies(List<? extends PolicyRule> rules) {
            denies.addAll(rules);
        }

        void fqdnRules() {
            fqdnRules = true;
        }

        Selection build() {
            return new Selection(List.copyOf(allows), List.copyOf(denies), List.copyOf(isolatedBy),
                    List.copyOf(selectedWithoutDefaultDenyBy), fqdnRules);
        }
    }
}
