package dev.warden.analyze.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.analyze.findings.Finding;
import dev.warden.analyze.findings.Involved;
import dev.warden.analyze.findings.Severity;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Findings as a SARIF 2.1.0 log, the format code scanning (GitHub's and others') reads, so the
 * analyzer's findings show up as alerts on the manifests' lines.
 *
 * <p>One run; its tool's rules are the finding ids present, each with the general text of
 * {@link RuleDescriptions}, a level and GitHub's {@code security-severity} score. Each finding is a
 * result at the line of its subject's own object, with the other objects involved as related
 * locations. Paths are relative to the base directory under {@code %SRCROOT%}, so alerts land on the
 * repository's files whatever folder the analyzer ran in; a file outside it keeps its absolute
 * {@code file:} URI. The output depends only on the findings, so runs over the same manifests are
 * byte-identical.
 */
public final class Sarif {
    /** Where the OASIS standard (Errata 01) publishes the schema the output follows. */
    public static final String SCHEMA_URI =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    private static final String SOURCE_ROOT = "%SRCROOT%";
    /**
     * The partial fingerprint code scanning matches results across runs by: the finding's id,
     * subject and subject's kind, not its line, so editing a file above a finding keeps its alert.
     */
    static final String FINGERPRINT = "wardenFinding/v1";
    private static final List<String> TAGS = List.of("security", "kubernetes", "egress");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat PERCENT = HexFormat.of().withUpperCase();

    private Sarif() {}

    /**
     * The SARIF log of {@code findings}, as pretty-printed JSON.
     *
     * @param baseDirectory what artifact URIs are relative to: the repository root in CI
     * @param toolVersion Warden's version, for the tool's driver
     */
    public static String render(List<Finding> findings, Path baseDirectory, String toolVersion) {
        Path base = baseDirectory.toAbsolutePath().normalize();
        // one rule per id, at the highest severity any of its findings has; indexes follow id order
        Map<String, Severity> rules = findings.stream().collect(Collectors.toMap(
                Finding::id, Finding::severity, (a, b) -> a.compareTo(b) <= 0 ? a : b, TreeMap::new));
        List<String> ruleIds = new ArrayList<>(rules.keySet());

        ObjectNode log = JSON.createObjectNode();
        log.put("$schema", SCHEMA_URI);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "warden");
        driver.put("version", toolVersion);
        ArrayNode ruleNodes = driver.putArray("rules");
        rules.forEach((id, severity) -> rule(ruleNodes.addObject(), id, severity));
        ArrayNode results = run.putArray("results");
        findings.stream()
                .sorted(Comparator.comparing(Finding::id))
                .forEach(finding -> result(results.addObject(), finding, ruleIds.indexOf(finding.id()), base));
        try {
            return JSON.writeValueAsString(log) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rule(ObjectNode rule, String id, Severity severity) {
        RuleDescriptions.RuleText text = RuleDescriptions.of(id);
        rule.put("id", id);
        rule.put("name", RuleDescriptions.name(id));
        rule.putObject("shortDescription").put("text", text.summary());
        rule.putObject("fullDescription").put("text", text.explanation());
        rule.putObject("help").put("text", text.remedy());
        rule.putObject("defaultConfiguration").put("level", level(severity));
        ObjectNode properties = rule.putObject("properties");
        properties.put("security-severity", securitySeverity(severity));
        TAGS.forEach(properties.putArray("tags")::add);
    }

    private static void result(ObjectNode result, Finding finding, int ruleIndex, Path base) {
        result.put("ruleId", finding.id());
        result.put("ruleIndex", ruleIndex);
        result.put("level", level(finding.severity()));
        result.putObject("message").put("text", message(finding));
        List<Involved> objects = finding.objects();
        if (!objects.isEmpty()) {
            location(result.putArray("locations").addObject(), objects.getFirst(), base);
        }
        if (objects.size() > 1) {
            ArrayNode related = result.putArray("relatedLocations");
            for (int i = 1; i < objects.size(); i++) {
                ObjectNode location = related.addObject();
                location.put("id", i);
                location(location, objects.get(i), base);
            }
        }
        result.putObject("partialFingerprints").put(FINGERPRINT, fingerprint(finding));
    }

    /** The subject leads unless the explanation already names it; the fix follows, as an alert has no other place for it. */
    private static String message(Finding finding) {
        String why = finding.why().contains(finding.subject()) ? finding.why() : finding.subject() + ": " + finding.why();
        return why + " Fix: " + finding.fix();
    }

    private static void location(ObjectNode location, Involved object, Path base) {
        ObjectNode physical = location.putObject("physicalLocation");
        ObjectNode artifact = physical.putObject("artifactLocation");
        Path file = Path.of(object.source().file()).toAbsolutePath().normalize();
        if (file.startsWith(base)) {
            artifact.put("uri", relativeUri(base.relativize(file)));
            artifact.put("uriBaseId", SOURCE_ROOT);
        } else {
            artifact.put("uri", file.toUri().toASCIIString());
        }
        physical.putObject("region").put("startLine", object.source().line());
        location.putObject("message").put("text", object.kind() + " " + object.name());
    }

    /** The path's names joined by {@code /}, each percent-encoded as a URI path segment. */
    static String relativeUri(Path relative) {
        List<String> segments = new ArrayList<>();
        relative.forEach(name -> segments.add(encodeSegment(name.toString())));
        return String.join("/", segments);
    }

    /**
     * RFC 3986's unreserved and sub-delimiter characters and {@code @} stay; everything else,
     * including {@code :} (which would make the first segment read as a scheme) and {@code %}, is
     * encoded from its UTF-8 bytes.
     */
    private static String encodeSegment(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=@".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(PERCENT.toHexDigits(b));
            }
        }
        return encoded.toString();
    }

    /** SARIF's levels: only a high finding fails a build that fails on errors. */
    static String level(Severity severity) {
        return switch (severity) {
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "note";
        };
    }

    /**
     * GitHub's score, a number in a string: 9.0 and above is critical, 7.0–8.9 high, 4.0–6.9 medium,
     * 0.1–3.9 low. Each severity sits in the middle of its band; none is critical, as a finding
     * describes an open path, not an exploit.
     */
    static String securitySeverity(Severity severity) {
        return switch (severity) {
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "2.0";
        };
    }

    private static String fingerprint(Finding finding) {
        String kind = finding.objects().isEmpty() ? "" : finding.objects().getFirst().kind();
        String key = String.join("\n", finding.id(), finding.subject(), kind);
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
