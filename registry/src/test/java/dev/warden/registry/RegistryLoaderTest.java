package dev.warden.registry;

import static dev.warden.registry.RegistryText.FILE;
import static dev.warden.registry.RegistryText.PAYMENT_VENDOR;
import static dev.warden.registry.RegistryText.POSTURE;
import static dev.warden.registry.RegistryText.at;
import static dev.warden.registry.RegistryText.check;
import static dev.warden.registry.RegistryText.documents;
import static dev.warden.registry.RegistryText.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.model.net.Cidr;
import dev.warden.model.net.Hostname;
import dev.warden.model.registry.AuditNeed;
import dev.warden.model.registry.DependencyClass;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLoaderTest {

    @Test
    void theSeedsPaymentsRecordLoadsIntoTheModelWithNormalisedValues() {
        LoadedRegistry loaded = load(documents(PAYMENT_VENDOR, POSTURE));

        assertThat(loaded.findings()).isEmpty();
        EgressDependency vendor = loaded.registry().dependency("payment-vendor").orElseThrow();
        assertThat(vendor.spec().dependencyClass()).isEqualTo(DependencyClass.REGULATED_THIRD_PARTY);
        assertThat(vendor.spec().path()).isEqualTo(EgressPath.EGRESS_GATEWAY);
        assertThat(vendor.spec().destination().hosts()).containsExactly(Hostname.parse("api.payment-vendor.example"));
        assertThat(vendor.spec().destination().ports()).singleElement()
                .satisfies(port -> {
                    assertThat(port.port()).isEqualTo(443);
                    assertThat(port.endPort()).isEqualTo(443);
                    assertThat(port.protocol()).isEqualTo(Transport.TCP);
                });
        assertThat(vendor.spec().timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(vendor.spec().review().lastReviewed()).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(vendor.spec().audit()).containsExactly(
                AuditNeed.REQUEST_COUNT, AuditNeed.STATUS, AuditNeed.DESTINATION, AuditNeed.SOURCE_WORKLOAD);
        assertThat(loaded.registry().posture().orElseThrow().spec().podCidrs())
                .containsExactly(Cidr.parse("10.244.0.0/16"));
    }

    @Test
    void hostNamesAreNormalisedForCaseTrailingDotAndIdn() {
        String yaml = documents(PAYMENT_VENDOR.replace("[api.payment-vendor.example]",
                "[API.Payment-Vendor.Example., bücher.example]"), POSTURE);

        EgressDependency vendor = load(yaml).registry().dependencies().getFirst();

        assertThat(vendor.spec().destination().hosts()).extracting(Hostname::ascii)
                .containsExactly("api.payment-vendor.example", "xn--bcher-kva.example");
    }

    @Test
    void aMisspeltKeyIsReportedAtTheKeyWithTheNameItProbablyMeant() {
        String yaml = documents(PAYMENT_VENDOR.replace("  purpose:", "  purpse:"), POSTURE);

        assertThat(check(yaml)).containsExactly(
                at(yaml, "spec:") + ": error: missing required field \"purpose\" in spec [missing-field]",
                at(yaml, "purpse") + ": error: unknown field \"purpse\" in spec; did you mean \"purpose\"? [unknown-field]");
    }

    @Test
    void anUnknownKeyFarFromAnyKnownOneListsTheKnownFields() {
        String yaml = documents(PAYMENT_VENDOR.replace("tls: {verify: required}", "tls: {verify: required, cipher: x}"), POSTURE);

        assertThat(check(yaml)).containsExactly(at(yaml, "cipher")
                + ": error: unknown field \"cipher\" in spec.tls; known fields here: verify [unknown-field]");
    }

    @Test
    void aValueOfTheWrongTypeIsReportedAtTheValue() {
        String yaml = documents(PAYMENT_VENDOR.replace("{port: 443, protocol: TCP}", "{port: \"443\", protocol: TCP}"), POSTURE);

        assertThat(check(yaml)).containsExactly(at(yaml, "\"443\"")
                + ": error: spec.destination.ports[0].port: expected an integer, found \"443\" [wrong-type]");
    }

    @Test
    void anEnumValueOutsideTheSetNamesTheChoices() {
        String yaml = documents(PAYMENT_VENDOR.replace("path: egress-gateway", "path: egress-gw"), POSTURE);

        assertThat(check(yaml)).containsExactly(at(yaml, "egress-gw") + ": error: spec.path: \"egress-gw\" is not allowed;"
                + " write one of nat, egress-gateway, http-proxy, mesh-egress-gateway, private-endpoint [invalid-value]");
    }

    @Test
    void aPortOutOfRangeIsReportedWithTheAllowedRange() {
        String yaml = documents(PAYMENT_VENDOR.replace("{port: 443, protocol: TCP}", "{port: 65536, protocol: TCP}"), POSTURE);

        assertThat(check(yaml)).containsExactly(at(yaml, "65536")
                + ": error: spec.destination.ports[0].port: 65536 is out of range; allowed 1 to 65535 [out-of-range]");
    }

    @Test
    void aCidrWithHostBitsSetShowsTheCanonicalNetwork() {
        String yaml = documents(PAYMENT_VENDOR.replace("hosts: [api.payment-vendor.example]",
                "hosts: [api.payment-vendor.example]\n    cidrs: [203.0.113.7/24]"), POSTURE);

        assertThat(check(yaml)).singleElement().asString()
                .startsWith(at(yaml, "203.0.113.7/24") + ": error: spec.destination.cidrs[0]: ")
                .contains("203.0.113.0/24")
                .endsWith("[invalid-value]");
    }

    @Test
    void anInvalidHostNameIsReportedAtTheListItem() {
        String yaml = documents(PAYMENT_VENDOR.replace("[api.payment-vendor.example]", "[api.payment-vendor.example, bad_name.example]"), POSTURE);

        assertThat(check(yaml)).singleElement().asString()
                .startsWith(at(yaml, "bad_name.example") + ": error: spec.destination.hosts[1]: ")
                .endsWith("[invalid-value]");
    }

    @Test
    void aMissingFieldIsReportedAtTheObjectThatLacksIt() {
        String yaml = documents(PAYMENT_VENDOR.replace("  tls: {verify: required}\n", "  tls: {}\n"), POSTURE);

        assertThat(check(yaml)).containsExactly(at(yaml, "tls:")
                + ": error: missing required field \"verify\" in spec.tls [missing-field]");
    }

    @Test
    void anUnknownKindIsReportedWithASuggestionAndTheRestStillLoads() {
        String typo = """
                apiVersion: warden.dev/v1alpha1
                kind: EgressDependancy
                metadata: {name: x}
                """;
        String yaml = documents(PAYMENT_VENDOR, typo, POSTURE);

        LoadedRegistry loaded = load(yaml);

        assertThat(loaded.registry().dependencies()).hasSize(1);
        assertThat(check(yaml)).containsExactly(at(yaml, "EgressDependancy") + ": error: kind \"EgressDependancy\""
                + " is not a Warden registry kind; did you mean \"EgressDependency\"? [unknown-kind]");
    }

    @Test
    void aWrongApiVersionIsAnError() {
        String yaml = documents(PAYMENT_VENDOR.replace("warden.dev/v1alpha1", "warden.dev/v1"), POSTURE);

        assertThat(check(yaml)).containsExactly(at(yaml, "warden.dev/v1\n") + ": error: apiVersion: \"warden.dev/v1\""
                + " is not allowed; write one of \"warden.dev/v1alpha1\" [invalid-value]");
    }

    @Test
    void aDuplicateKeyIsAnErrorRatherThanALastOneWins() {
        String yaml = documents(PAYMENT_VENDOR.replace("  mode: enforce\n", "  mode: enforce\n  mode: report-only\n"), POSTURE);

        assertThat(check(yaml)).containsExactly(at(yaml, "mode: report-only")
                + ": error: duplicate key \"mode\" (first written at line " + at(yaml, "mode: enforce").split(":")[1]
                + "); YAML keeps only one of them [yaml-duplicate-key]");
    }

    @Test
    void yamlAliasesAreRefusedSoReviewersSeeWhatApplies() {
        String yaml = documents(PAYMENT_VENDOR
                .replace("owner: payments-team", "owner: &team payments-team")
                .replace("service: payment-worker\n", "service: *team\n"), POSTURE);

        assertThat(check(yaml)).anySatisfy(line -> assertThat(line)
                .startsWith(at(yaml, "*team") + ": error: YAML aliases (*team) are not allowed"));
    }

    @Test
    void aSyntaxErrorIsReportedWhereTheParserStopped() {
        String yaml = "apiVersion: warden.dev/v1alpha1\nkind: [EgressDependency\nmetadata: {name: x}\n";

        List<String> findings = check(yaml);

        assertThat(findings).singleElement().asString().startsWith(FILE + ":3:").contains("invalid YAML");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRejected() {
        assertThat(check("- just\n- a list\n")).containsExactly(FILE + ":1:1: error: a registry document must be a"
                + " mapping with apiVersion, kind, metadata and spec; found a list [yaml-structure]");
    }

    @Test
    void emptyDocumentsAreIgnored() {
        String yaml = "---\n" + documents(PAYMENT_VENDOR, POSTURE) + "---\n";

        assertThat(check(yaml)).isEmpty();
    }

    @Test
    void duplicateNamesAreReportedAtTheSecondWithThePositionOfTheFirst() {
        String yaml = documents(PAYMENT_VENDOR, PAYMENT_VENDOR, POSTURE);

        assertThat(check(yaml)).contains(at(yaml, "payment-vendor\n", 2) + ": error: EgressDependency \"payment-vendor\""
                + " is defined twice; the first is at " + at(yaml, "payment-vendor\n", 1) + " [duplicate-name]");
    }

    @Test
    void foldersAreReadRecursivelyInNameOrderAndOtherFilesIgnored(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("teams/payments"));
        Files.writeString(folder.resolve("posture.yml"), POSTURE);
        Files.writeString(folder.resolve("teams/payments/vendor.yaml"), PAYMENT_VENDOR);
        Files.writeString(folder.resolve("teams/README.md"), "not yaml: [");
        Files.writeString(folder.resolve(".hidden.yaml"), "not: [valid");

        LoadedRegistry loaded = new RegistryLoader().load(List.of(folder));

        assertThat(loaded.findings()).isEmpty();
        assertThat(loaded.registry().dependencies()).hasSize(1);
        assertThat(loaded.registry().posture()).isPresent();
    }

    @Test
    void positionsNameTheFileAsGiven(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("vendor.yaml");
        Files.writeString(file, PAYMENT_VENDOR.replace("  purpose:", "  purpse:"));

        LoadedRegistry loaded = new RegistryLoader().load(List.of(file));

        assertThat(loaded.findings()).allSatisfy(finding -> assertThat(finding.position().file()).isEqualTo(file.toString()));
    }

    @Test
    void aMissingPathIsAUsageErrorNotAFinding(@TempDir Path folder) {
        assertThatThrownBy(() -> new RegistryLoader().load(List.of(folder.resolve("nope"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("nope: no such file or folder");
        assertThatThrownBy(() -> new RegistryLoader().load(List.of(folder)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": no .yaml or .yml files in this folder");
    }

    @Test
    void allowPrivateAcceptsABareCidrOrACidrWithAReason() {
        String yaml = documents(PAYMENT_VENDOR.replace("hosts: [api.payment-vendor.example]",
                "hosts: [api.payment-vendor.example]\n    allowPrivate: [10.20.0.0/16, {cidr: 192.168.4.0/24, reason: on-prem HSM}]"), POSTURE);

        var ranges = load(yaml).registry().dependencies().getFirst().spec().destination().allowPrivate();

        assertThat(ranges).extracting(range -> range.cidr().toString(), EgressDependency.PrivateRange::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.20.0.0/16", null),
                        org.assertj.core.groups.Tuple.tuple("192.168.4.0/24", "on-prem HSM"));
    }

    @Test
    void anInvalidDateNamesTheExpectedForm() {
        String yaml = documents(PAYMENT_VENDOR.replace("lastReviewed: 2026-09-01", "lastReviewed: 2026-13-01"), POSTURE);

        assertThat(check(yaml)).containsExactly(at(yaml, "2026-13-01") + ": error: spec.review.lastReviewed: \"2026-13-01\""
                + " is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-09-01 [invalid-value]");
    }

    @Test
    void aNameThatKubernetesWouldRejectIsAnError() {
        String yaml = documents(PAYMENT_VENDOR.replace("name: payment-vendor", "name: Payment_Vendor"), POSTURE);

        assertThat(check(yaml)).containsExactly(at(yaml, "Payment_Vendor") + ": error: metadata.name: \"Payment_Vendor\""
                + " is not a valid Kubernetes name: use at most 253 lower-case letters, digits, '-' and '.', starting"
                + " and ending with a letter or digit [invalid-value]");
    }

    @Test
    void aDurationMustBeWrittenGoStyle() {
        String yaml = documents(PAYMENT_VENDOR.replace("connect: 2s", "connect: 2 seconds"), POSTURE);

        assertThat(check(yaml)).singleElement().asString()
                .startsWith(at(yaml, "2 seconds") + ": error: spec.timeouts.connect: \"2 seconds\" ")
                .endsWith("[invalid-value]");
    }
}
