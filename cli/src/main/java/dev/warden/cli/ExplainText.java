package dev.warden.cli;

import dev.warden.model.registry.EgressPath;
import dev.warden.registry.explain.Assessment;
import dev.warden.registry.explain.Explanation;
import dev.warden.registry.explain.Grade;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders an {@link Explanation} for people (a table) and for tools (a JSON-ready map). */
final class ExplainText {
    private ExplainText() {}

    static String render(Explanation explanation) {
        StringBuilder out = new StringBuilder();
        out.append(explanation.dependency()).append(": chosen path ").append(explanation.chosen()).append('\n');
        if (explanation.recommended().isEmpty()) {
            out.append("  recommended: none, the dependency should not leave the cluster\n");
        } else {
            out.append("  recommended: ").append(paths(explanation.recommended()))
                    .append(explanation.chosenIsRecommended() ? " (the chosen path is one of them)" : " (the chosen path is not)")
                    .append('\n');
        }
        explanation.reasons().forEach(reason -> out.append("    - ").append(reason).append('\n'));
        out.append("  what ").append(explanation.chosen()).append(" gives this dependency:\n");
        out.append(String.format("    %-22s %-7s %-7s %s%n", "dimension", "gives", "needs", "because"));
        for (Assessment cell : explanation.chosenProfile()) {
            out.append(String.format("    %-22s %-7s %-7s %s%s%n", cell.dimension().label(), cell.given().label(),
                    cell.needed() == Grade.NONE ? "-" : cell.needed().label(), cell.why(), cell.isGap() ? "  <- gap" : ""));
        }
        if (!explanation.chosenIsRecommended() && !explanation.recommendedProfile().isEmpty()) {
            EgressPath better = explanation.recommended().getFirst();
            List<Assessment> closed = explanation.recommendedProfile().stream()
                    .filter(cell -> !cell.isGap())
                    .filter(cell -> explanation.gaps().stream().anyMatch(gap -> gap.dimension() == cell.dimension()))
                    .toList();
            closed.forEach(cell -> out.append("  ").append(better).append(" would close the ")
                    .append(cell.dimension().label()).append(" gap: ").append(cell.why()).append('\n'));
        }
        out.append('\n');
        return out.toString();
    }

    static Map<String, Object> json(Explanation explanation) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dependency", explanation.dependency());
        json.put("chosen", explanation.chosen().wireName());
        json.put("recommended", explanation.recommended().stream().map(EgressPath::wireName).toList());
        json.put("chosenIsRecommended", explanation.chosenIsRecommended());
        json.put("reasons", explanation.reasons());
        json.put("chosenProfile", explanation.chosenProfile().stream().map(ExplainText::cellJson).toList());
        json.put("recommendedProfile", explanation.recommendedProfile().stream().map(ExplainText::cellJson).toList());
        return json;
    }

    private static Map<String, Object> cellJson(Assessment cell) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dimension", cell.dimension().label());
        json.put("gives", cell.given().label());
        json.put("needs", cell.needed().label());
        json.put("gap", cell.isGap());
        json.put("why", cell.why());
        return json;
    }

    private static String paths(List<EgressPath> paths) {
        return paths.stream().map(EgressPath::wireName).collect(Collectors.joining(", "));
    }
}
