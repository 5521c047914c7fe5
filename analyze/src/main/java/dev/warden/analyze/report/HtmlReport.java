package dev.warden.analyze.report;

import dev.warden.analyze.findings.Finding;
import dev.warden.analyze.findings.Involved;
import dev.warden.analyze.findings.Severity;
import dev.warden.analyze.matrix.Cell;
import dev.warden.analyze.matrix.Column;
import dev.warden.analyze.matrix.EgressMatrix;
import dev.warden.analyze.matrix.Workload;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The analysis as one self-contained HTML page, to open from a CI artifact or attach to a review:
 * counts, the egress matrix as a heat map, and the findings. Everything is inline (styles only, no
 * scripts, fonts or other fetches), so the page works offline and under a strict content policy.
 *
 * <p>Every name on the page comes from manifests and is escaped. Cells carry their value as text
 * (per cent reached), as {@code data-value} and as a {@code reached/total} title; their colour is
 * one of eleven steps, any reach at all being at least the first step above none. Pages stay usable
 * in a browser: past {@value #MAX_CELLS} cells only the rows that reach most are shown, and the page
 * says how many were left out.
 *
 * <p>Stable hooks for tools and tests: {@code table#matrix}, {@code td[data-row][data-column][data-value]},
 * {@code section#findings li[data-id]}, {@code #counts [data-count]}, {@code #rows-left-out}.
 */
public final class HtmlReport {
    /**
     * Cells beyond which rows are left out: a page of this many is about 11 MB and lays out in
     * headless chromium in a few seconds on two cores (250,000 took 14 s and 28 MB).
     */
    public static final int MAX_CELLS = 100_000;
    /** Colour steps above none: a cell's class is {@code v0} to {@code v10}. */
    private static final int STEPS = 10;
    /** The scale's ends and middle, as RGB: a pale grey for nothing reached, a deep red for everything. */
    private static final int[][] SCALE = {{247, 247, 247}, {252, 146, 114}, {165, 15, 21}};
    /** Steps from which a cell's text is white, for contrast on the darker reds. */
    private static final int LIGHT_TEXT_FROM = 7;

    private HtmlReport() {}

    /** The page, with at most {@link #MAX_CELLS} matrix cells. */
    public static String render(EgressMatrix matrix, List<Finding> findings, ReportSummary summary) {
        return render(matrix, findings, summary, MAX_CELLS);
    }

    static String render(EgressMatrix matrix, List<Finding> findings, ReportSummary summary, int maxCells) {
        StringBuilder page = new StringBuilder(8_192);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Warden egress report: ").append(escape(summary.source())).append("</title>\n")
                .append("<style>\n").append(style()).append("</style>\n</head>\n<body>\n");
        header(page, matrix, findings, summary);
        matrix(page, matrix, maxCells);
        findings(page, findings);
        readErrors(page, summary.readErrors());
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    private static void header(StringBuilder page, EgressMatrix matrix, List<Finding> findings, ReportSummary summary) {
        page.append("<header>\n<h1>Warden egress report</h1>\n<p class=\"source\">")
                .append(escape(summary.source())).append(" · warden ").append(escape(summary.toolVersion()))
                .append("</p>\n<dl id=\"counts\">\n");
        count(page, "workloads", "Workloads", matrix.rows().size());
        count(page, "pods", "Pods", matrix.rows().stream().mapToInt(Workload::pods).sum());
        count(page, "namespaces", "Namespaces", summary.namespaces());
        count(page, "network-policies", "Network policies", summary.networkPolicies());
        count(page, "findings", "Findings", findings.size());
        for (Severity severity : Severity.values()) {
            String name = severity.name().toLowerCase(Locale.ROOT);
            String label = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            count(page, name, label, (int) findings.stream().filter(f -> f.severity() == severity).count());
        }
        count(page, "read-errors", "Objects not read", summary.readErrors().size());
        page.append("</dl>\n</header>\n");
    }

    private static void count(StringBuilder page, String key, String label, int value) {
        page.append("<div><dt>").append(label).append("</dt><dd data-count=\"").append(key).append("\">")
                .append(value).append("</dd></div>\n");
    }

    private static void matrix(StringBuilder page, EgressMatrix matrix, int maxCells) {
        List<Column> columns = matrix.columns();
        page.append("<section id=\"reach\">\n<h2>Who can reach what</h2>\n<p class=\"explain\">A row is a workload:"
                + " the pods of one namespace that every NetworkPolicy selector sees alike. A namespace cell is the"
                + " per cent of that namespace's workloads the row can connect to on a port they declare (80/TCP"
                + " when they declare none), its egress and their ingress both allowing; the columns after the"
                + " namespaces probe one address each, and cluster DNS on 53/UDP. Hover a cell for reached/total."
                + "</p>\n");
        if (matrix.rows().isEmpty()) {
            page.append("<p>The manifests hold no workloads.</p>\n</section>\n");
            return;
        }
        List<Integer> shown = shownRows(matrix, maxCells);
        int leftOut = matrix.rows().size() - shown.size();
        if (leftOut > 0) {
            page.append("<p id=\"rows-left-out\" data-left-out=\"").append(leftOut).append("\">Showing the ")
                    .append(shown.size()).append(" workloads that reach most, of ").append(matrix.rows().size())
                    .append(": ").append(leftOut).append(" left out to keep the page under ")
                    .append(String.format(Locale.ROOT, "%,d", maxCells))
                    .append(" cells. The JSON output lists every workload.</p>\n");
        }
        long namespaces = columns.stream().filter(column -> !column.fixed()).count();
        page.append("<div class=\"scroll\">\n<table id=\"matrix\">\n<caption>Share of each destination a workload"
                + " can reach</caption>\n<thead>\n<tr><th scope=\"col\" rowspan=\"2\" class=\"corner\">Workload</th>");
        if (namespaces > 0) {
            page.append("<th scope=\"colgroup\" colspan=\"").append(namespaces).append("\">Namespaces</th>");
        }
        page.append("<th scope=\"colgroup\" colspan=\"").append(columns.size() - namespaces)
                .append("\" class=\"fixed first-fixed\">Outside and cluster DNS</th></tr>\n<tr>");
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            page.append("<th scope=\"col\" data-column=\"").append(escape(column.name())).append('"')
                    .append(columnClass(columns, c)).append(" title=\"").append(escape(column.probe()))
                    .append("\"><span>").append(escape(column.name())).append("</span></th>");
        }
        page.append("</tr>\n</thead>\n<tbody>\n");
        for (int row : shown) {
            row(page, matrix, row);
        }
        page.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /** Every row in matrix order when they fit; else the rows that reach most, most first, up to the bound. */
    static List<Integer> shownRows(EgressMatrix matrix, int maxCells) {
        int rows = matrix.rows().size();
        int fitting = Math.max(1, maxCells / Math.max(1, matrix.columns().size()));
        if (rows <= fitting) {
            return IntStream.range(0, rows).boxed().toList();
        }
        double[] reach = IntStream.range(0, rows).mapToDouble(row -> reach(matrix, row)).toArray();
        return IntStream.range(0, rows).boxed()
                .sorted(Comparator.<Integer>comparingDouble(row -> -reach[row]).thenComparingInt(row -> row))
                .limit(fitting)
                .toList();
    }

    private static double reach(EgressMatrix matrix, int row) {
        return IntStream.range(0, matrix.columns().size()).mapToDouble(column -> matrix.cell(row, column).value()).sum();
    }

    private static void row(StringBuilder page, EgressMatrix matrix, int row) {
        Workload workload = matrix.rows().get(row);
        String id = escape(workload.id());
        String size = workload.pods() == 0 ? workload.kind() : workload.pods() == 1 ? "1 pod" : workload.pods() + " pods";
        page.append("<tr><th scope=\"row\" data-row=\"").append(id).append("\" title=\"")
                .append(escape(workload.kind() + " " + workload.id() + ", service account "
                        + workload.endpoints().getFirst().serviceAccount()))
                .append("\">").append(id).append(" <span class=\"size\">").append(escape(size)).append("</span></th>");
        List<Column> columns = matrix.columns();
        for (int c = 0; c < columns.size(); c++) {
            Cell cell = matrix.cell(row, c);
            int step = step(cell.value());
            page.append("<td data-row=\"").append(id).append("\" data-column=\"").append(escape(columns.get(c).name()))
                    .append("\" data-value=\"").append(decimal(cell.value())).append("\" title=\"")
                    .append(cell.reached()).append('/').append(cell.total()).append("\" class=\"v").append(step)
                    .append(startsFixed(columns, c) ? " first-fixed" : "")
                    .append("\">").append(Math.round(cell.value() * 100)).append("</td>");
        }
        page.append("</tr>\n");
    }

    private static String columnClass(List<Column> columns, int c) {
        if (!columns.get(c).fixed()) {
            return " class=\"namespace\"";
        }
        return startsFixed(columns, c) ? " class=\"fixed first-fixed\"" : " class=\"fixed\"";
    }

    /** The first fixed column, which a rule sets apart from the namespaces. */
    private static boolean startsFixed(List<Column> columns, int c) {
        return columns.get(c).fixed() && (c == 0 || !columns.get(c - 1).fixed());
    }

    /** 0 for nothing reached; any reach is at least 1, so a single reachable workload is not lost in the grey. */
    static int step(double value) {
        return value == 0 ? 0 : (int) Math.max(1, Math.round(value * STEPS));
    }

    /** The background of a step, as a browser reports a computed colour: {@code rgb(r, g, b)}. */
    static String colour(int step) {
        double position = (double) step / STEPS * (SCALE.length - 1);
        int segment = Math.min((int) position, SCALE.length - 2);
        double within = position - segment;
        int[] rgb = new int[3];
        for (int i = 0; i < 3; i++) {
            rgb[i] = (int) Math.round(SCALE[segment][i] + (SCALE[segment + 1][i] - SCALE[segment][i]) * within);
        }
        return "rgb(" + rgb[0] + ", " + rgb[1] + ", " + rgb[2] + ")";
    }

    private static String decimal(double value) {
        return new BigDecimal(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static void findings(StringBuilder page, List<Finding> findings) {
        page.append("<section id=\"findings\">\n<h2>Findings</h2>\n");
        if (findings.isEmpty()) {
            page.append("<p>No findings.</p>\n</section>\n");
            return;
        }
        page.append("<ol>\n");
        for (Finding finding : findings) {
            String severity = finding.severity().name().toLowerCase(Locale.ROOT);
            page.append("<li data-id=\"").append(escape(finding.id())).append("\" data-severity=\"").append(severity)
                    .append("\" data-subject=\"").append(escape(finding.subject())).append("\" class=\"")
                    .append(severity).append("\">\n<p class=\"title\"><span class=\"severity\">").append(severity)
                    .append("</span> <code class=\"id\">").append(escape(finding.id()))
                    .append("</code> <span class=\"subject\">").append(escape(finding.subject())).append("</span></p>\n")
                    .append("<ul class=\"objects\">\n");
            for (Involved object : finding.objects()) {
                page.append("<li>").append(escape(object.kind())).append(' ').append(escape(object.name()))
                        .append(" <code class=\"where\">").append(escape(object.source().toString()))
                        .append("</code></li>\n");
            }
            page.append("</ul>\n<p class=\"why\">").append(prose(finding.why())).append("</p>\n<p class=\"fix\">")
                    .append("<strong>Fix:</strong> ").append(prose(finding.fix())).append("</p>\n</li>\n");
        }
        page.append("</ol>\n</section>\n");
    }

    private static void readErrors(StringBuilder page, List<String> errors) {
        if (errors.isEmpty()) {
            return;
        }
        page.append("<section id=\"read-errors\">\n<h2>Objects not read</h2>\n<p>These objects are missing from the"
                + " matrix and the findings.</p>\n<ul>\n");
        errors.forEach(error -> page.append("<li><code>").append(escape(error)).append("</code></li>\n"));
        page.append("</ul>\n</section>\n");
    }

    /** Escaped text whose {@code `code`} spans, as findings write YAML, become code elements. */
    private static String prose(String text) {
        return escape(text).replaceAll("`([^`]*)`", "<code>$1</code>");
    }

    /** Text safe in element content and in double- or single-quoted attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String style() {
        StringBuilder css = new StringBuilder("""
                body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;color:#1b1b1b}
                h1{font-size:1.5rem;margin:0 0 .25rem}
                h2{font-size:1.2rem;margin:2rem 0 .5rem}
                .source{color:#555;margin:0 0 1rem}
                #counts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:0}
                #counts div{display:flex;flex-direction:column-reverse}
                #counts dt{color:#555;font-size:.8rem}
                #counts dd{margin:0;font-size:1.3rem;font-weight:600}
                .explain{max-width:60rem;color:#333}
                #rows-left-out{background:#fff4ce;border-left:4px solid #c79100;padding:.4rem .6rem;max-width:60rem}
                .scroll{overflow:auto;max-height:85vh;border:1px solid #ddd}
                #matrix{border-collapse:separate;border-spacing:0;font-size:11px}
                #matrix caption{text-align:left;padding:.3rem;color:#555}
                #matrix th{background:#fff;font-weight:600;position:sticky}
                #matrix thead tr:first-child th{top:0;z-index:2;border-bottom:1px solid #ddd}
                #matrix thead tr:nth-child(2) th{top:1.6em;z-index:2}
                #matrix thead th[data-column]{vertical-align:bottom;padding:.2rem 0}
                #matrix thead th[data-column] span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;max-height:12rem;overflow:hidden;text-overflow:ellipsis}
                #matrix th.corner{left:0;z-index:3;text-align:left;vertical-align:bottom}
                #matrix th[scope=row]{left:0;z-index:1;text-align:left;white-space:nowrap;padding:0 .5rem;border-right:1px solid #ddd}
                #matrix .size{color:#666;font-weight:400}
                #matrix td{min-width:2.2em;text-align:center;padding:.15rem .1rem;border-bottom:1px solid #fff;border-right:1px solid #fff}
                #matrix .first-fixed{border-left:3px solid #1b1b1b}
                #matrix th.fixed{background:#eef2f7}
                #findings ol{padding-left:1.5rem}
                #findings ol>li{margin-bottom:1rem}
                #findings .title{margin:0;font-weight:600}
                #findings .severity{display:inline-block;min-width:4.5em;padding:0 .4em;border-radius:3px;color:#fff;text-align:center}
                #findings .high .severity{background:#a50f15}
                #findings .medium .severity{background:#c75000}
                #findings .low .severity{background:#52606d}
                #findings .objects{margin:.25rem 0;padding-left:1.2rem;color:#333}
                #findings .why,#findings .fix{margin:.25rem 0;max-width:60rem}
                code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f3f3;padding:0 .2em}
                """);
        for (int step = 0; step <= STEPS; step++) {
            css.append("#matrix td.v").append(step).append("{background-color:").append(colour(step))
                    .append(step >= LIGHT_TEXT_FROM ? ";color:#fff" : step == 0 ? ";color:#999" : "").append("}\n");
        }
        return css.toString();
    }
}
