package dev.warden.analyze.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.warden.analyze.findings.Finding;
import dev.warden.analyze.findings.Findings;
import dev.warden.analyze.findings.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FINDINGS_SOURCES = Path.of("src/main/java/dev/warden/analyze/findings");

    private static JsonSchema schema;
    private static Path resources;
    private static List<Finding> findings;
    private static JsonNode log;

    @TempDir
    Path dir;

    @BeforeAll
    static void analyzeTheFixture() throws Exception {
        try (InputStream in = SarifTest.class.getResourceAsStream("/report/sarif-schema-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(JSON.readTree(in));
        }
        resources = XyzFixture.resources();
        findings = findings(resources.resolve("xyz"));
        log = JSON.readTree(Sarif.render(findings, resources, "1.2.3"));
    }

    @Test
    void theLogIsValidSarif210() {
        assertThat(problems(log)).isEmpty();
        // the validator does validate: a log without its version is rejected
        ObjectNode withoutVersion = log.deepCopy();
        withoutVersion.remove("version");
        assertThat(problems(withoutVersion)).isNotEmpty();
    }

    @Test
    void oneRunOfWardenWithARulePerFindingIdPresent() {
        assertThat(log.path("$schema").asText()).isEqualTo(Sarif.SCHEMA_URI);
        assertThat(log.path("version").asText()).isEqualTo("2.1.0");
        assertThat(log.path("runs")).hasSize(1);
        JsonNode driver = log.at("/runs/0/tool/driver");
        assertThat(driver.path("name").asText()).isEqualTo("warden");
        assertThat(driver.path("version").asText()).isEqualTo("1.2.3");
        assertThat(driver.has("informationUri")).as("no address is published for the project yet").isFalse();
        assertThat(elements(driver.path("rules")).map(rule -> rule.path("id").asText()))
                .containsExactlyElementsOf(findings.stream().map(Finding::id).distinct().sorted().toList())
                .contains("egress-isolated-without-dns", "metadata-reachable", "no-default-deny-egress");
    }

    @Test
    void aRuleCarriesItsTextLevelAndGithubSecuritySeverity() {
        JsonNode rule = elements(log.at("/runs/0/tool/driver/rules"))
                .filter(r -> r.path("id").asText().equals("metadata-reachable"))
                .findFirst().orElseThrow();
        RuleDescriptions.RuleText text = RuleDescriptions.of("metadata-reachable");
        assertThat(rule.path("name").asText()).isEqualTo("MetadataReachable");
        assertThat(rule.at("/shortDescription/text").asText()).isEqualTo(text.summary());
        assertThat(rule.at("/fullDescription/text").asText()).isEqualTo(text.explanation());
        assertThat(rule.at("/help/text").asText()).isEqualTo(text.remedy());
        assertThat(rule.at("/defaultConfiguration/level").asText()).isEqualTo("error");
        assertThat(rule.at("/properties/security-severity").asText()).isEqualTo("8.0");
        assertThat(elements(rule.at("/properties/tags")).map(JsonNode::asText)).contains("security");
    }

    @Test
    void securitySeverityFallsInGithubsBandForEachSeverity() {
        // GitHub: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low
        assertThat(Double.parseDouble(Sarif.securitySeverity(Severity.HIGH))).isBetween(7.0, 8.9);
        assertThat(Double.parseDouble(Sarif.securitySeverity(Severity.MEDIUM))).isBetween(4.0, 6.9);
        assertThat(Double.parseDouble(Sarif.securitySeverity(Severity.LOW))).isBetween(0.1, 3.9);
        assertThat(Stream.of(Severity.values()).map(Sarif::level)).containsExactly("error", "warning", "note");
    }

    @Test
    void aResultPointsAtItsSubjectsLineAndAtTheOtherObjectsAsRelatedLocations() {
        JsonNode result = result(log, "egress-isolated-without-dns", "x/b");

        assertThat(result.at("/message/text").asText()).startsWith("x/b is egress-isolated but cannot reach cluster DNS")
                .contains(" Fix: Allow egress from x/b on 53/UDP");
        assertThat(result.path("level").asText()).isEqualTo("warning");
        assertThat(result.path("locations")).hasSize(1);
        JsonNode subject = result.at("/locations/0/physicalLocation");
        assertThat(subject.at("/artifactLocation/uri").asText()).isEqualTo("xyz/workloads.yaml");
        assertThat(subject.at("/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
        assertThat(subject.at("/region/startLine").asInt())
                .isEqualTo(XyzFixture.documentLine(resources.resolve("xyz/workloads.yaml"), "metadata: {name: b, namespace: x"));
        assertThat(result.at("/locations/0/message/text").asText()).isEqualTo("Pod x/b");

        assertThat(elements(result.path("relatedLocations")))
                .extracting(
                        location -> location.path("id").asInt(),
                        location -> location.at("/message/text").asText(),
                        location -> location.at("/physicalLocation/artifactLocation/uri").asText(),
                        location -> location.at("/physicalLocation/region/startLine").asInt())
                .containsExactly(
                        tuple(1, "Deployment kube-system/coredns", "xyz/workloads.yaml",
                                XyzFixture.documentLine(resources.resolve("xyz/workloads.yaml"), "metadata: {name: coredns")),
                        tuple(2, "NetworkPolicy x/default-deny-egress", "xyz/policies.yaml",
                                XyzFixture.documentLine(resources.resolve("xyz/policies.yaml"), "metadata: {name: default-deny-egress")));
    }

    @Test
    void eachResultNamesItsRuleByIdAndIndex() {
        JsonNode rules = log.at("/runs/0/tool/driver/rules");
        List<JsonNode> results = elements(log.at("/runs/0/results")).toList();
        assertThat(results).hasSize(findings.size());
        assertThat(results).allSatisfy(result -> assertThat(rules.get(result.path("ruleIndex").asInt()).path("id").asText())
                .isEqualTo(result.path("ruleId").asText()));
    }

    @Test
    void fingerprintsSurviveLinesMovingSoAlertsAreNotDuplicated() throws IOException {
        Path tree = dir.resolve("repo");
        Files.createDirectories(tree.resolve("xyz"));
        for (String file : List.of("workloads.yaml", "policies.yaml")) {
            Files.copy(resources.resolve("xyz").resolve(file), tree.resolve("xyz").resolve(file));
        }
        JsonNode before = JSON.readTree(Sarif.render(findings(tree), tree, "1"));
        Path workloads = tree.resolve("xyz/workloads.yaml");
        Files.writeString(workloads, "# moved down\n# by two lines\n" + Files.readString(workloads));
        JsonNode after = JSON.readTree(Sarif.render(findings(tree), tree, "1"));

        assertThat(fingerprints(after)).isEqualTo(fingerprints(before)).doesNotContainValue(null);
        assertThat(result(after, "metadata-reachable", "y/a").at("/locations/0/physicalLocation/region/startLine").asInt())
                .isEqualTo(result(before, "metadata-reachable", "y/a")
                        .at("/locations/0/physicalLocation/region/startLine").asInt() + 2);
        assertThat(Sarif.render(findings(tree), tree, "1")).isEqualTo(Sarif.render(findings(tree), tree, "1"));
    }

    @Test
    void aFileOutsideTheBaseDirectoryKeepsItsAbsoluteUri() {
        JsonNode outside = readTree(Sarif.render(findings, dir, "1"));
        JsonNode artifact = result(outside, "egress-isolated-without-dns", "x/b").at("/locations/0/physicalLocation/artifactLocation");

        assertThat(artifact.path("uri").asText()).isEqualTo(resources.resolve("xyz/workloads.yaml").toUri().toASCIIString());
        assertThat(artifact.has("uriBaseId")).isFalse();
        assertThat(problems(outside)).isEmpty();
    }

    @Test
    void pathSegmentsArePercentEncodedAndJoinedWithSlashes() {
        assertThat(Sarif.relativeUri(Path.of("my dir", "a:b", "caf\u00e9%.yaml"))).isEqualTo("my%20dir/a%3Ab/caf%C3%A9%25.yaml");
    }

    @Test
    void everyFindingIdTheAnalyzerReportsHasRuleTextOfItsOwn() throws IOException {
        Pattern created = Pattern.compile("new Finding\\(\\s*\"([a-z0-9-]+)\"");
        List<String> ids;
        try (Stream<Path> sources = Files.walk(FINDINGS_SOURCES)) {
            ids = sources.filter(path -> path.toString().endsWith(".java"))
                    .flatMap(path -> {
                        Matcher matcher = created.matcher(readString(path));
                        return matcher.results().map(match -> match.group(1));
                    })
                    .distinct()
                    .sorted()
                    .toList();
        }
        assertThat(ids).contains("no-default-deny-egress", "external-name-service");
        assertThat(ids).allSatisfy(id -> assertThat(RuleDescriptions.of(id).remedy())
                .as("rule text for %s in RuleDescriptions", id)
                .isNotEqualTo(RuleDescriptions.RESULT_REMEDY));
        assertThat(RuleDescriptions.of("some-new-finding"))
                .isEqualTo(new RuleDescriptions.RuleText("Some new finding", "Some new finding.", RuleDescriptions.RESULT_REMEDY));
    }

    private static List<Finding> findings(Path manifests) {
        return Findings.analyze(XyzFixture.read(manifests));
    }

    private static List<String> problems(JsonNode node) {
        return schema.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonNode result(JsonNode log, String ruleId, String subject) {
        List<JsonNode> matching = elements(log.at("/runs/0/results"))
                .filter(result -> result.path("ruleId").asText().equals(ruleId)
                        && result.at("/locations/0/message/text").asText().endsWith(" " + subject))
                .toList();
        assertThat(matching).as("%s results for %s", ruleId, subject).hasSize(1);
        return matching.getFirst();
    }

    /** The result's rule and subject's location message → its fingerprint. */
    private static Map<String, String> fingerprints(JsonNode log) {
        return elements(log.at("/runs/0/results")).collect(Collectors.toMap(
                result -> result.path("ruleId").asText() + " " + result.at("/locations/0/message/text").asText(),
                result -> result.at("/partialFingerprints/" + Sarif.FINGERPRINT.replace("/", "~1")).asText(null)));
    }

    private static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String readString(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
