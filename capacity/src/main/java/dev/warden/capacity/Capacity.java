package dev.warden.capacity;

import dev.warden.capacity.advice.Advisor;
import dev.warden.capacity.advice.Recommendation;
import dev.warden.capacity.model.Analysis;
import dev.warden.capacity.scenario.Scenario;
import java.util.List;

/** {@code warden capacity} in one call: the model's analysis of a scenario and the ranked advice. */
public final class Capacity {
    private Capacity() {}

    /** The analysis and the recommendations, ranked by what each buys. */
    public record Report(Analysis analysis, List<Recommendation> recommendations, List<String> observations) {
        public Report {
            recommendations = List.copyOf(recommendations);
            observations = List.copyOf(observations);
        }

        public boolean withinCapacity() {
            return analysis.withinCapacity();
        }
    }

    public static Report run(Scenario scenario) {
        return run(scenario, List.of());
    }

    /** {@code observations} say where measured values replaced computed ones (from --from-metrics). */
    public static Report run(Scenario scenario, List<String> observations) {
        Analysis analysis = Analysis.of(scenario);
        return new Report(analysis, Advisor.advise(analysis), observations);
    }
}
