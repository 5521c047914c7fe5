package dev.warden.analyze.report;

import static dev.warden.analyze.matrix.Manifests.serving;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.analyze.findings.Findings;
import dev.warden.analyze.matrix.EgressMatrix;
import dev.warden.analyze.matrix.Manifests;
import dev.warden.analyze.read.ReadResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void namesFromManifestsAreEscapedAndThePageFetchesNothing() {
        ReadResult read = XyzFixture.read(XyzFixture.resources().resolve("xyz"));
        String page = HtmlReport.render(EgressMatrix.of(read), Findings.analyze(read), ReportSummary.of(read, "a&b", "1"));

        assertThat(page)
                .contains("data-row=\"z/c&lt;script&gt;document.title=&#39;injected&#39;&lt;/script&gt;&amp;amp\"")
                .contains("<title>Warden egress report: a&amp;b</title>")
                .doesNotContain("<script", "<link", "src=", "href=", "url(", "@import", "http://", "https://");
    }

    @Test
    void aCellShowsItsShareAsTextValueAndTitle() {
        String page = page(HtmlReport.MAX_CELLS, serving("x", "a"), serving("y", "a"), serving("y", "b"), serving("y", "c"),
                egress("x", "to-y-a", "{matchLabels: {pod: a}}", "[{to: [{namespaceSelector: {}, podSelector: {matchLabels: {pod: a}}}]}]"));

        assertThat(page).contains("<td data-row=\"x/a\" data-column=\"y\" data-value=\"0.3333\" title=\"1/3\" class=\"v3\">33</td>");
    }

    @Test
    void pastTheCellBoundOnlyTheRowsThatReachMostAreShownAndThePageSaysHowManyAreNot() {
        List<String> documents = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e", "f")) {
            documents.add(serving("x", name));
        }
        // c and e reach everything; the others nothing
        documents.add(egress("x", "closed", "{matchExpressions: [{key: pod, operator: NotIn, values: [c, e]}]}", "[]"));
        int columns = 1 + 3; // x, then internet, metadata and the private network
        String page = page(2 * columns, documents.toArray(String[]::new));

        assertThat(rowsShown(page)).containsExactly("x/c", "x/e");
        assertThat(page).contains("<p id=\"rows-left-out\" data-left-out=\"4\">Showing the 2 workloads that reach most,"
                + " of 6: 4 left out to keep the page under 8 cells. The JSON output lists every workload.</p>");
        assertThat(rowsShown(page(HtmlReport.MAX_CELLS, documents.toArray(String[]::new))))
                .containsExactly("x/a", "x/b", "x/c", "x/d", "x/e", "x/f");
    }

    @Test
    void anyReachAtAllIsColouredAboveNone() {
        assertThat(List.of(HtmlReport.step(0), HtmlReport.step(0.01), HtmlReport.step(0.5), HtmlReport.step(1)))
                .containsExactly(0, 1, 5, 10);
        assertThat(List.of(HtmlReport.colour(0), HtmlReport.colour(5), HtmlReport.colour(10)))
                .containsExactly("rgb(247, 247, 247)", "rgb(252, 146, 114)", "rgb(165, 15, 21)");
    }

    @Test
    void withoutWorkloadsOrFindingsThePageSaysSo() {
        String page = page(HtmlReport.MAX_CELLS, """
                apiVersion: v1
                kind: Namespace
                metadata: {name: empty}
                """);

        assertThat(page).contains("<p>The manifests hold no workloads.</p>", "<p>No findings.</p>")
                .doesNotContain("table id=\"matrix\"");
    }

    private static List<String> rowsShown(String page) {
        return Pattern.compile("<th scope=\"row\" data-row=\"([^\"]*)\"").matcher(page).results()
                .map(match -> match.group(1)).toList();
    }

    private String page(int maxCells, String... documents) {
        ReadResult read = Manifests.read(dir, documents);
        return HtmlReport.render(EgressMatrix.of(read), Findings.analyze(read), ReportSummary.of(read, "m.yaml", "1"), maxCells);
    }

    private static String egress(String namespace, String name, String podSelector, String rules) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: NAME, namespace: NS}
                spec: {podSelector: SELECTOR, policyTypes: [Egress], egress: RULES}
                """.replace("NAME", name).replace("NS", namespace).replace("SELECTOR", podSelector).replace("RULES", rules);
    }
}
