package dev.warden.capacity.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.warden.capacity.Capacity;
import dev.warden.capacity.model.Storm;
import dev.warden.capacity.model.StormTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The HTML report parses as XML, and its SVG chart draws the storm's computed curve. */
class HtmlReportTest {

    @Test
    void theChartsPolylineFollowsTheComputedCurve() throws Exception {
        Capacity.Report report = Capacity.run(StormTest.storm(3, "none", ""));
        Storm.Result storm = report.analysis().storms().get(0);
        Document page = parse(HtmlReport.render(report));

        NodeList svgs = page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        assertThat(svgs.getLength()).isEqualTo(1);
        Element svg = (Element) svgs.item(0);
        Element held = element(svg, "polyline", "held");
        String[] drawn = held.getAttribute("points").trim().split(" ");

        List<Storm.Point> curve = Curves.thin(storm.curve(), Curves.MAX_POINTS);
        assertThat(drawn).hasSize(curve.size());
        List<double[]> data = new ArrayList<>();
        curve.forEach(point -> data.add(new double[] {point.time(), point.held()}));
        SvgChart.Frame frame = SvgChart.Frame.of(List.of(new SvgChart.Series("held", "held", data)),
                List.of(new SvgChart.Line("capacity", "capacity", storm.capacity())), SvgChart.WIDTH, SvgChart.HEIGHT);
        for (int i = 0; i < drawn.length; i++) {
            String[] xy = drawn[i].split(",");
            assertThat(Double.parseDouble(xy[0])).isEqualTo(frame.x(curve.get(i).time()), within(0.051));
            assertThat(Double.parseDouble(xy[1])).isEqualTo(frame.y(curve.get(i).held()), within(0.051));
        }
        // Higher on the page means more ports: the flat start sits below the capacity line, the peak on it.
        double capacityY = Double.parseDouble(element(svg, "line", "capacity").getAttribute("y1"));
        double startY = Double.parseDouble(drawn[0].split(",")[1]);
        double lowestY = List.of(drawn).stream().mapToDouble(p -> Double.parseDouble(p.split(",")[1])).min().orElseThrow();
        assertThat(startY).isGreaterThan(capacityY);
        assertThat(lowestY).isEqualTo(capacityY, within(0.051));

        List<String> texts = texts(svg);
        assertThat(texts).contains("time (s)", "ports held", "0", "capacity 55,000");
        assertThat(element(svg, "rect", "band")).isNotNull();
    }

    @Test
    void thePageCitesItsNumbersAndNamesTheVerdict() throws Exception {
        Capacity.Report report = Capacity.run(StormTest.storm(3, "none", ""));
        String html = HtmlReport.render(report);
        parse(html);
        assertThat(html).contains("over capacity", "NAT gateway basics - Amazon Virtual Private Cloud", "Retry storm on vendor",
                "Recommendations, ranked by what each buys");
        assertThat(html).doesNotContain("<script", "http://cdn", "https://cdn");
    }

    @Test
    void niceTicks() {
        assertThat(SvgChart.niceStep(60_500, 5)).isEqualTo(20_000);
        assertThat(SvgChart.niceStep(380, 8)).isEqualTo(50);
        assertThat(SvgChart.niceStep(9, 5)).isEqualTo(2);
    }

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element element(Element root, String tag, String cssClass) {
        NodeList nodes = root.getElementsByTagNameNS("*", tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element element = (Element) nodes.item(i);
            if (List.of(element.getAttribute("class").split(" ")).contains(cssClass)) {
                return element;
            }
        }
        throw new AssertionError("no <" + tag + " class=" + cssClass + ">");
    }

    private static List<String> texts(Element root) {
        List<String> texts = new ArrayList<>();
        NodeList nodes = root.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
