package dev.warden.capacity.report;

import dev.warden.capacity.Capacity;
import dev.warden.capacity.advice.Recommendation;
import dev.warden.capacity.model.Analysis;
import dev.warden.capacity.model.Limit;
import dev.warden.capacity.model.Storm;
import dev.warden.capacity.preset.Numbers;
import dev.warden.capacity.preset.Preset;
import dev.warden.capacity.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/** The terminal report: verdict, tuples, limits, storm, recommendations, the numbers used and their sources. */
public final class TextReport {
    private TextReport() {}

    public static String render(Capacity.Report report) {
        Analysis analysis = report.analysis();
        Scenario scenario = analysis.scenario();
        StringBuilder out = new StringBuilder();
        List<String> problems = analysis.problems();
        out.append("scenario ").append(scenario.name()).append(" (").append(scenario.file()).append(")\n");
        out.append("path: ").append(Describe.path(scenario)).append('\n');
        out.append("verdict: ").append(problems.isEmpty() ? "within capacity" : "OVER CAPACITY").append(" (minHeadroom ")
                .append(Numbers.percent(scenario.settings().minHeadroom())).append(")\n");
        problems.forEach(problem -> out.append("  - ").append(problem).append('\n'));
        report.observations().forEach(observation -> out.append("observed: ").append(observation).append('\n'));

        out.append("\nDestination tuples: ports in use = new connections/s x seconds each holds its port\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TUPLE", "NEW/S", "HOLD", "IN USE", "LIMIT", "CAPACITY", "USED", "HEADROOM"});
        for (Analysis.TupleRow row : analysis.tuples()) {
            Limit binding = row.binding();
            rows.add(new String[] {row.tuple(), Numbers.count(row.newPerSecond()), Numbers.seconds(row.portSeconds()),
                Numbers.count(row.portsInUse()), binding == null ? "-" : binding.resource().label() + " (" + binding.scope() + ")",
                binding == null ? "-" : Numbers.count(binding.capacity()),
                binding == null ? "-" : Numbers.percent(binding.utilisation()),
                binding == null ? "-" : Numbers.count(binding.headroom())});
        }
        table(out, rows);

        out.append("\nLimits, first to run out first\n");
        rows = new ArrayList<>();
        rows.add(new String[] {"RESOURCE", "WHERE", "SCOPE", "DEMAND", "CAPACITY", "USED", "RUNS OUT AT"});
        List<Limit> ordered = new ArrayList<>(analysis.limits());
        ordered.sort(java.util.Comparator.comparingDouble(Limit::loadFactor)
                .thenComparing(java.util.Comparator.comparingDouble(Limit::utilisation).reversed()));
        for (Limit limit : ordered) {
            rows.add(new String[] {limit.resource().label(), Describe.where(limit), limit.scope(),
                Numbers.count(limit.demand()), Numbers.count(limit.capacity()), Numbers.percent(limit.utilisation()),
                Describe.runsOutAt(limit, analysis)});
        }
        table(out, rows);
        analysis.first().ifPresentOrElse(first -> out.append("first to run out: ").append(first.resource().label())
                .append(" for ").append(Describe.where(first)).append(", at ").append(Describe.runsOutAt(first, analysis))
                .append('\n'), () -> out.append("first to run out: none; no request rate up to x1,000,000 exhausts a limit\n"));

        for (Storm.Result storm : analysis.storms()) {
            out.append("\nRetry storm on ").append(storm.destination()).append('\n');
            Describe.stormLines(storm, scenario).forEach(line -> out.append("  ").append(line).append('\n'));
            out.append("  ").append(Curves.sparkline(storm.curve(), 64, storm.capacity())).append("  ports held, 0 s to ")
                    .append(Numbers.seconds(storm.curve().get(storm.curve().size() - 1).time()))
                    .append(", full height = capacity\n");
        }

        out.append("\nRecommendations, ranked by what each buys\n");
        if (report.recommendations().isEmpty()) {
            out.append("  none needed\n");
        }
        int rank = 1;
        for (Recommendation recommendation : report.recommendations()) {
            out.append("  ").append(rank++).append(". ").append(recommendation.title()).append('\n');
            out.append("     change: ").append(recommendation.change()).append('\n');
            out.append("     buys: ").append(recommendation.buys()).append('\n');
        }

        if (!analysis.notes().isEmpty()) {
            out.append("\nNotes\n");
            analysis.notes().forEach(note -> out.append("  - ").append(note).append('\n'));
        }
        out.append("\nNumbers used\n");
        for (Preset preset : Describe.presets(scenario)) {
            out.append("  ").append(preset.id()).append('\n');
            preset.numbers().forEach(number -> out.append("    - ").append(Describe.number(number)).append('\n'));
        }
        return out.toString();
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
