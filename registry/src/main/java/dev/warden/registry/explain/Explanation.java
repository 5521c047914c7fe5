package dev.warden.registry.explain;

import dev.warden.model.registry.EgressPath;
import java.util.List;

/**
 * Why a path is recommended for one dependency, and what the chosen path gives and lacks.
 * {@code recommended} is empty for dependencies that should not leave at all (class unknown).
 */
public record Explanation(
        String dependency,
        EgressPath chosen,
        List<EgressPath> recommended,
        List<String> reasons,
        List<Assessment> chosenProfile,
        List<Assessment> recommendedProfile) {

    public boolean chosenIsRecommended() {
        return recommended.contains(chosen);
    }

    public List<Assessment> gaps() {
        return chosenProfile.stream().filter(Assessment::isGap).toList();
    }
}
