package dev.warden.analyze.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.analyze.findings.Findings;
import dev.warden.analyze.matrix.EgressMatrix;
import dev.warden.analyze.read.ReadResult;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page as a browser renders it: headless Chromium loads the report of the x, y, z fixture and
 * a script appended for the test reads what the browser made of it (cell values, computed colours,
 * findings, the title) into an attribute of the dumped DOM.
 */
class HtmlReportBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_SECONDS = 60;
    private static final String ODD_POD = "z/c<script>document.title='injected'</script>&amp";
    private static final String SOURCE = "report/xyz <&>";
    /** Reads the rendered page into {@code #test-summary[data-json]}, base64 so no escaping can garble it. */
    private static final String PROBE = """
            <script>
            (function () {
              function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
              var summary = {
                title: document.title,
                scripts: document.scripts.length,
                rows: all('#matrix th[data-row]').map(function (th) { return th.dataset.row; }),
                rowTexts: all('#matrix th[data-row]').map(function (th) { return th.textContent; }),
                cells: all('#matrix td').map(function (td) {
                  var style = getComputedStyle(td);
                  return {row: td.dataset.row, column: td.dataset.column, value: td.dataset.value, text: td.textContent,
                          title: td.title, background: style.backgroundColor, borderLeft: style.borderLeftWidth};
                }),
                findings: all('#findings li[data-id]').map(function (li) {
                  return {id: li.dataset.id, subject: li.dataset.subject, severity: li.dataset.severity,
                          where: li.querySelector('.objects code.where').textContent};
                }),
                counts: all('#counts [data-count]').map(function (dd) { return dd.dataset.count + '=' + dd.textContent; })
              };
              var out = document.createElement('div');
              out.id = 'test-summary';
              out.setAttribute('data-json', btoa(unescape(encodeURIComponent(JSON.stringify(summary)))));
              document.body.appendChild(out);
            })();
            </script>
            """;

    private static Path fixture;
    private static JsonNode rendered;

    @BeforeAll
    static void renderInChromium(@TempDir Path dir) throws Exception {
        fixture = XyzFixture.resources().resolve("xyz");
        ReadResult read = XyzFixture.read(fixture);
        String page = HtmlReport.render(EgressMatrix.of(read), Findings.analyze(read), ReportSummary.of(read, SOURCE, "1.2.3"));
        assertThat(page).doesNotContain("<script");
        Path file = dir.resolve("report.html");
        Files.writeString(file, page.replace("</body>", PROBE + "</body>"));
        rendered = JSON.readTree(dumpDom(file, dir));
    }

    @Test
    void theBrowserShowsEachWorkloadsReachWithTheMatchingColour() {
        assertThat(cells())
                .extracting(c -> c.path("row").asText(), c -> c.path("column").asText(), c -> c.path("value").asText(),
                        c -> c.path("text").asText(), c -> c.path("title").asText(), c -> c.path("background").asText())
                .contains(
                        tuple("x/a", "y", "1", "100", "2/2", HtmlReport.colour(10)),
                        tuple("x/b", "y", "0", "0", "0/2", HtmlReport.colour(0)),
                        tuple("x/a", "cluster DNS", "1", "100", "1/1", HtmlReport.colour(10)),
                        tuple("x/b", "cluster DNS", "0", "0", "0/1", HtmlReport.colour(0)),
                        tuple("x/a", "internet", "0", "0", "0/1", HtmlReport.colour(0)),
                        tuple("y/a", "internet", "1", "100", "1/1", HtmlReport.colour(10)),
                        tuple("y/a", "x", "1", "100", "2/2", HtmlReport.colour(10)));
        assertThat(HtmlReport.colour(10)).isNotEqualTo(HtmlReport.colour(0));
    }

    @Test
    void everyWorkloadHasARowWithACellPerColumn() {
        assertThat(elements(rendered.path("rows")).map(JsonNode::asText))
                .containsExactly("kube-system/coredns", "x/a", "x/b", "y/a", "y/b", ODD_POD);
        assertThat(cells()).hasSize(6 * 8);
        assertThat(cells().filter(c -> c.path("row").asText().equals("x/a")).map(c -> c.path("column").asText()))
                .containsExactly("kube-system", "x", "y", "z", "internet", "metadata", "private network", "cluster DNS");
    }

    @Test
    void theFixedColumnsAreRuledOffFromTheNamespaces() {
        assertThat(cells().filter(c -> c.path("row").asText().equals("x/a"))
                        .map(c -> c.path("column").asText() + " " + c.path("borderLeft").asText()))
                .contains("internet 3px", "z 0px", "metadata 0px");
    }

    @Test
    void theFindingsAreListed() {
        assertThat(elements(rendered.path("findings")))
                .extracting(f -> f.path("id").asText(), f -> f.path("subject").asText(), f -> f.path("severity").asText())
                .contains(
                        tuple("egress-isolated-without-dns", "x/b", "medium"),
                        tuple("metadata-reachable", "y/a", "high"),
                        tuple("metadata-reachable", ODD_POD, "high"))
                .doesNotContain(tuple("egress-isolated-without-dns", "x/a", "medium"));
        assertThat(elements(rendered.path("findings"))
                        .filter(f -> f.path("id").asText().equals("egress-isolated-without-dns"))
                        .map(f -> f.path("where").asText()))
                .containsExactly(fixture.resolve("workloads.yaml") + ":"
                        + XyzFixture.documentLine(fixture.resolve("workloads.yaml"), "metadata: {name: b, namespace: x"));
        assertThat(elements(rendered.path("counts")).map(JsonNode::asText)).contains("workloads=6", "network-policies=2");
    }

    @Test
    void markupInManifestNamesIsShownAsTextAndNeverRuns() {
        assertThat(rendered.path("title").asText()).isEqualTo("Warden egress report: " + SOURCE);
        assertThat(rendered.path("scripts").asInt()).as("only the test's own script").isEqualTo(1);
        assertThat(elements(rendered.path("rowTexts")).map(JsonNode::asText)).contains(ODD_POD + " 1 pod");
    }

    private static Stream<JsonNode> cells() {
        return elements(rendered.path("cells"));
    }

    private static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** Chromium's DOM after the page loaded, reduced to the probe's summary. */
    private static String dumpDom(Path page, Path dir) throws Exception {
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");
        Process chromium = new ProcessBuilder(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"), "--dump-dom", page.toUri().toString())
                .redirectOutput(dom.toFile())
                .redirectError(log.toFile())
                .start();
        if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            fail("chromium did not dump the page within " + TIMEOUT_SECONDS + " s; its log:\n" + Files.readString(log));
        }
        assertThat(chromium.exitValue()).as("chromium's exit status; its log:\n%s", Files.readString(log)).isZero();
        Matcher summary = Pattern.compile("data-json=\"([A-Za-z0-9+/=]+)\"").matcher(Files.readString(dom));
        if (!summary.find()) {
            fail("the page's probe left no summary in the dumped DOM:\n" + Files.readString(dom));
        }
        return new String(Base64.getDecoder().decode(summary.group(1)), StandardCharsets.UTF_8);
    }

    /** CI installs Debian's chromium; without it the page is untested, which must not pass silently. */
    private static Path chromium() {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "chromium"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> fail("chromium is not on the PATH: the HTML report is tested in it (apt-get install chromium)"));
    }
}
