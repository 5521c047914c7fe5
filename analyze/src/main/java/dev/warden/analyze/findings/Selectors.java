package dev.warden.analyze.findings;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Label selectors the findings meet outside NetworkPolicies: Kubernetes LabelSelectors
 * (PodDisruptionBudgets) and the plain label maps of Services and Istio resources.
 */
final class Selectors {
    private Selectors() {}

    /**
     * Whether a LabelSelector selects {@code labels}: matchLabels and matchExpressions all hold.
     * A null selector selects nothing, as policy/v1 defines it for PodDisruptionBudgets; an
     * unknown operator matches nothing, the API server having rejected such an object.
     */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        return containsAll(labels, selector.getMatchLabels())
                && (selector.getMatchExpressions() == null
                        || selector.getMatchExpressions().stream().allMatch(expression -> matches(expression, labels)));
    }

    /** Whether {@code labels} has every pair {@code required} names; a null or empty map requires nothing. */
    static boolean containsAll(Map<String, String> labels, Map<String, String> required) {
        return required == null
                || required.entrySet().stream().allMatch(want -> want.getValue().equals(labels.get(want.getKey())));
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case null, default -> false;
        };
    }
}
