package dev.warden.analyze.reach;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes label selector matching: matchLabels and matchExpressions, all ANDed. Also the plain
 * label maps Services and Istio resources select with.
 */
public final class LabelSelectors {
    private LabelSelectors() {}

    /**
     * Whether the labels satisfy the selector. An empty selector matches everything; callers
     * decide what an absent (null) selector means, since that differs by field.
     *
     * @throws IllegalArgumentException for an operator the API server would have rejected
     */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> matchLabels = selector.getMatchLabels();
        if (matchLabels != null) {
            for (Map.Entry<String, String> want : matchLabels.entrySet()) {
                if (!want.getValue().equals(labels.get(want.getKey()))) {
                    return false;
                }
            }
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        if (expressions != null) {
            for (LabelSelectorRequirement requirement : expressions) {
                if (!matches(requirement, labels)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code labels} has every pair {@code required} names; a null or empty map requires nothing. */
    public static boolean containsAll(Map<String, String> labels, Map<String, String> required) {
        return required == null
                || required.entrySet().stream().allMatch(want -> want.getValue().equals(labels.get(want.getKey())));
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            // NotIn also matches pods without the label at all, as Kubernetes defines it
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case null, default -> throw new IllegalArgumentException(
                    "unknown label selector operator: " + requirement.getOperator());
        };
    }
}
