package dev.warden.capacity.report;

import static dev.warden.capacity.report.SvgChart.escape;

import dev.warden.capacity.Capacity;
import dev.warden.capacity.advice.Recommendation;
import dev.warden.capacity.model.Analysis;
import dev.warden.capacity.model.Limit;
import dev.warden.capacity.model.Storm;
import dev.warden.capacity.preset.DocumentedNumber;
import dev.warden.capacity.preset.Numbers;
import dev.warden.capacity.preset.Preset;
import dev.warden.capacity.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One self-contained page (no script, no external resource): verdict, tuples, limits, an SVG
 * chart of ports held over time for each storm, recommendations, and the numbers with their
 * sources. It is well-formed XML, so tests parse it.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em; color: #1d2330; max-width: 70em; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
            table { border-collapse: collapse; margin: 0.5em 0; }
            th, td { border-bottom: 1px solid #d8dce4; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .over { color: #a4161a; font-weight: bold; } .ok { color: #2b7a0b; font-weight: bold; }
            .chart .axis, .chart .tick { stroke: #1d2330; } .chart .grid { stroke: #e3e6ec; }
            .chart text { font-size: 11px; fill: #1d2330; } .chart .chart-title { font-size: 13px; font-weight: bold; }
            .chart .held { stroke: #1f5fbf; stroke-width: 2; } .chart .capacity { stroke: #a4161a; stroke-dasharray: 6 4; }
            .chart .baseline { stroke: #6b7280; stroke-dasharray: 2 3; } .chart .band { fill: #fde2e2; }
            .chart .line-label { font-size: 10px; } small { color: #555; }
            """;

    private HtmlReport() {}

    public static String render(Capacity.Report report) {
        Analysis analysis = report.analysis();
        Scenario scenario = analysis.scenario();
        List<String> problems = analysis.problems();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>warden capacity: ")
                .append(escape(scenario.name())).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>warden capacity: ").append(escape(scenario.name())).append("</h1>\n");
        html.append("<p>").append(escape(scenario.file())).append(" &#8212; ").append(escape(Describe.path(scenario)))
                .append("</p>\n");
        html.append("<p class=\"verdict ").append(problems.isEmpty() ? "ok\">within capacity" : "over\">over capacity")
                .append("</p>\n");
        list(html, problems);
        list(html, report.observations());

        html.append("<h2>Destination tuples</h2>\n<p><small>Ports in use = new connections per second &#215; seconds each"
                + " holds its port (Little&#8217;s law).</small></p>\n<table class=\"tuples\">\n<tr><th>tuple</th><th>new/s</th>"
                + "<th>hold</th><th>ports in use</th><th>limit</th><th>capacity</th><th>used</th><th>headroom</th></tr>\n");
        for (Analysis.TupleRow row : analysis.tuples()) {
            Limit binding = row.binding();
            html.append("<tr><td>").append(escape(row.tuple())).append("</td>").append(num(Numbers.count(row.newPerSecond())))
                    .append(num(Numbers.seconds(row.portSeconds()))).append(num(Numbers.count(row.portsInUse())))
                    .append("<td>").append(binding == null ? "-" : escape(binding.resource().label() + " (" + binding.scope() + ")"))
                    .append("</td>").append(num(binding == null ? "-" : Numbers.count(binding.capacity())))
                    .append(num(binding == null ? "-" : Numbers.percent(binding.utilisation())))
                    .append(num(binding == null ? "-" : Numbers.count(binding.headroom()))).append("</tr>\n");
        }
        html.append("</table>\n");

        html.append("<h2>Limits</h2>\n<table class=\"limits\">\n<tr><th>resource</th><th>where</th><th>scope</th><th>demand</th>"
                + "<th>capacity</th><th>used</th><th>runs out at</th><th>source</th></tr>\n");
        List<Limit> ordered = new ArrayList<>(analysis.limits());
        ordered.sort(Comparator.comparingDouble(Limit::loadFactor));
        for (Limit limit : ordered) {
            html.append("<tr><td>").append(escape(limit.resource().label())).append("</td><td>")
                    .append(escape(Describe.where(limit))).append("</td><td>").append(escape(limit.scope())).append("</td>")
                    .append(num(Numbers.count(limit.demand()))).append(num(Numbers.count(limit.capacity())))
                    .append(num(Numbers.percent(limit.utilisation()))).append("<td>")
                    .append(escape(Describe.runsOutAt(limit, analysis))).append("</td><td>")
                    .append(limit.source() == null ? "" : link(limit.source().url(), limit.source().page())).append("</td></tr>\n");
        }
        html.append("</table>\n");
        analysis.first().ifPresent(first -> html.append("<p>First to run out: <strong>")
                .append(escape(first.resource().label())).append("</strong> for ").append(escape(Describe.where(first)))
                .append(", at ").append(escape(Describe.runsOutAt(first, analysis))).append(".</p>\n"));

        for (Storm.Result storm : analysis.storms()) {
            html.append("<h2>Retry storm on ").append(escape(storm.destination())).append("</h2>\n");
            list(html, Describe.stormLines(storm, scenario));
            html.append(chart(storm));
        }

        html.append("<h2>Recommendations, ranked by what each buys</h2>\n");
        if (report.recommendations().isEmpty()) {
            html.append("<p>None needed.</p>\n");
        } else {
            html.append("<ol class=\"recommendations\">\n");
            for (Recommendation recommendation : report.recommendations()) {
                html.append("<li><strong>").append(escape(recommendation.title())).append("</strong><br/>change: ")
                        .append(escape(recommendation.change())).append("<br/>buys: ").append(escape(recommendation.buys()))
                        .append("</li>\n");
            }
            html.append("</ol>\n");
        }
        if (!analysis.notes().isEmpty()) {
            html.append("<h2>Notes</h2>\n");
            list(html, analysis.notes());
        }
        html.append("<h2>Numbers used</h2>\n");
        for (Preset preset : Describe.presets(scenario)) {
            html.append("<h3>").append(escape(preset.id())).append("</h3>\n<table class=\"numbers\">\n<tr><th>number</th>"
                    + "<th>value</th><th>source</th></tr>\n");
            for (DocumentedNumber number : preset.numbers()) {
                html.append("<tr><td>").append(escape(number.name())).append(number.documented() ? "" : " <em>(assumed)</em>")
                        .append(number.note().isEmpty() ? "" : "<br/><small>" + escape(number.note()) + "</small>")
                        .append("</td><td>").append(escape(number.value())).append("</td><td>")
                        .append(number.source() == null ? "" : link(number.source().url(), number.source().toString()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** The storm's chart: ports held over time against capacity, the failure shaded. */
    public static String chart(Storm.Result storm) {
        List<double[]> held = new ArrayList<>();
        for (Storm.Point point : Curves.thin(storm.curve(), Curves.MAX_POINTS)) {
            held.add(new double[] {point.time(), point.held()});
        }
        double end = storm.curve().get(storm.curve().size() - 1).time();
        List<SvgChart.Band> bands = List.of(new SvgChart.Band("failure", storm.failureStart(),
                Double.isInfinite(storm.failureEnd()) ? end : storm.failureEnd()));
        return SvgChart.render("Ports held on " + storm.tuple(), "time (s)", "ports held",
                List.of(new SvgChart.Series("ports held", "held", held)),
                List.of(new SvgChart.Line("capacity " + Numbers.count(storm.capacity()), "capacity", storm.capacity()),
                        new SvgChart.Line("steady state " + Numbers.count(storm.baseline()), "baseline", storm.baseline())),
                bands);
    }

    private static void list(StringBuilder html, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        html.append("<ul>\n");
        items.forEach(item -> html.append("<li>").append(escape(item)).append("</li>\n"));
        html.append("</ul>\n");
    }

    private static String num(String value) {
        return "<td class=\"num\">" + escape(value) + "</td>";
    }

    private static String link(String url, String text) {
        return url.startsWith("http") ? "<a href=\"" + escape(url) + "\">" + escape(text) + "</a>" : escape(text);
    }
}
