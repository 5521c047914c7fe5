package dev.warden.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;

/** A lab's result: its steps in order. It passed only if every step did and there was at least one. */
public record LabReport(String lab, List<Step> steps) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int OBSERVED_WIDTH = 70;

    public LabReport {
        steps = List.copyOf(steps);
    }

    public boolean passed() {
        return !steps.isEmpty() && steps.stream().allMatch(Step::passed);
    }

    /** The table printed at the end: step, expected, observed, pass/fail; long observations are cut to one line. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "step", "expected", "observed", "result"});
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            rows.add(new String[] {String.valueOf(i + 1), step.name(), step.expected(), oneLine(step.observed()),
                    step.passed() ? "pass" : "FAIL"});
        }
        int[] widths = new int[5];
        rows.forEach(row -> {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == row.length - 1 ? row[c] : pad(row[c], widths[c])).append(c == row.length - 1 ? "" : "  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        long passed = steps.stream().filter(Step::passed).count();
        out.append(lab).append(": ").append(passed).append(" of ").append(steps.size()).append(" steps passed")
                .append(passed() ? "" : " — FAILED").append('\n');
        return out.toString();
    }

    /** {@code {"lab": ..., "passed": ..., "steps": [{name, expected, observed, passed}, ...]}}. */
    public String json() {
        try {
            return JSON.writeValueAsString(new Json(lab, passed(), steps)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Json(String lab, boolean passed, List<Step> steps) {}

    static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= OBSERVED_WIDTH ? line : line.substring(0, OBSERVED_WIDTH - 1) + "…";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
