package dev.warden.analyze.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.analyze.read.ManifestReader;
import dev.warden.analyze.read.ReadResult;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployed payments example (its workloads, and the policies `warden compile` wrote for the
 * payments registry) held against that registry, then changed one way at a time.
 */
class RegistryFindingsTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Path WORKLOADS = EXAMPLES.resolve("deployed/workloads.yaml");
    private static final Path PAYMENTS_POLICIES = EXAMPLES.resolve("deployed/payments-networkpolicy.yaml");
    private static final Path GATEWAY_POLICIES = EXAMPLES.resolve("deployed/warden-system-networkpolicy.yaml");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static final String WIDE_OPEN = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: wide-open, namespace: payments}
            spec:
              podSelector: {matchLabels: {app: payment-worker}}
              policyTypes: [Egress]
              egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]
            """;

    @TempDir
    Path dir;

    private LoadedRegistry registry;
    private final List<Path> registryFiles = new ArrayList<>();

    @BeforeEach
    void paymentsRegistry() {
        registryFiles.add(EXAMPLES.resolve("payments"));
        registry = new RegistryLoader().load(registryFiles);
    }

    @Test
    void theCompiledPoliciesEnforceTheRecord() {
        assertThat(registryFindings(WORKLOADS, PAYMENTS_POLICIES, GATEWAY_POLICIES))
                .extracting(Finding::id, Finding::subject)
                // coredns is outside the registry and unrestricted: the one undeclared path out
                .containsExactly(tuple("undeclared-external-destination", "kube-system/coredns"));
    }

    @Test
    void withoutPoliciesTheRecordIsNotEnforced() {
        List<Finding> found = findings("record-not-enforced", WORKLOADS);
        assertThat(found).hasSize(1);
        Finding finding = found.get(0);
        assertThat(finding.subject()).isEqualTo("payments/payment-worker");
        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.objects()).extracting(Involved::kind, Involved::name).containsExactly(
                tuple("Deployment", "payments/payment-worker"), tuple("EgressDependency", "payment-vendor"));
        // the record is pointed at where it is written, for SARIF and editors
        assertThat(finding.objects().get(1).source().file()).endsWith("payment-vendor.yaml");
        assertThat(finding.objects().get(1).source().line()).isEqualTo(7);
        assertThat(finding.why()).contains("api.payment-vendor.example by egress-gateway")
                .contains("no NetworkPolicy isolates its egress");
    }

    @Test
    void aDirectRouteBesideTheGatewayMakesThePathBypassable() {
        List<Finding> found = findings("record-path-bypassable", WORKLOADS, PAYMENTS_POLICIES, GATEWAY_POLICIES,
                manifest("wide.yaml", WIDE_OPEN));
        assertThat(found).extracting(Finding::subject).containsExactly("payments/payment-worker");
        assertThat(found.get(0).objects()).extracting(Involved::name)
                .containsExactly("payments/payment-worker", "payment-vendor", "payments/wide-open");
    }

    @Test
    void aDefaultDenyWithoutTheRecordsAllowBlocksThePath() throws IOException {
        Path withoutAllow = manifest("payments.yaml", Files.readString(PAYMENTS_POLICIES)
                .substring(0, Files.readString(PAYMENTS_POLICIES).indexOf("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: warden-payment-vendor")));
        List<Finding> found = findings("record-path-blocked", WORKLOADS, withoutAllow, GATEWAY_POLICIES);
        assertThat(found).extracting(Finding::subject, Finding::severity)
                .containsExactly(tuple("payments/payment-worker", Severity.MEDIUM));
        assertThat(found.get(0).why()).contains("the egress-gateway (warden-system/warden-gateway:3128/TCP)");
        assertThat(found.get(0).objects()).extracting(Involved::name).contains("payments/warden-default-deny-egress");
    }

    @Test
    void aNatRecordNeedsEveryCidrAndPortOpen() throws IOException {
        addRecord("""
                apiVersion: warden.dev/v1alpha1
                kind: EgressDependency
                metadata: {name: ledger}
                spec:
                  owner: payments-team
                  service: payment-worker
                  purpose: ledger sync
                  class: platform-private
                  source: {namespace: payments, serviceAccount: payment-worker-sa}
                  destination:
                    cidrs: [198.51.100.0/24]
                    ports: [{port: 8443, protocol: TCP}]
                  protocol: HTTPS
                  path: nat
                  dataClassification: internal
                  auth: mtls
                  tls: {verify: required}
                  availability: high
                  audit: [request-count, destination, source-workload]
                  review: {cadence: quarterly, lastReviewed: 2026-09-01}
                """);
        List<Finding> blocked = findings("record-path-blocked", WORKLOADS, PAYMENTS_POLICIES, GATEWAY_POLICIES);
        assertThat(blocked).extracting(Finding::subject).containsExactly("payments/payment-worker");
        assertThat(blocked.get(0).why()).contains("198.51.100.0:8443/TCP");

        Path open = manifest("ledger.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: ledger, namespace: payments}
                spec:
                  podSelector: {matchLabels: {app: payment-worker}}
                  policyTypes: [Egress]
                  egress: [{to: [{ipBlock: {cidr: 198.51.100.0/24}}], ports: [{port: 8443}]}]
                """);
        assertThat(findings("record-path-blocked", WORKLOADS, PAYMENTS_POLICIES, GATEWAY_POLICIES, open)).isEmpty();
        // the block is declared by the record, so it is no undeclared destination either
        assertThat(findings("undeclared-external-destination", WORKLOADS, PAYMENTS_POLICIES, GATEWAY_POLICIES, open))
                .extracting(Finding::subject).containsExactly("kube-system/coredns");
    }

    @Test
    void aPublicBlockNoRecordDeclaresIsUndeclared() {
        Path extra = manifest("extra.yaml", """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: analytics, namespace: payments}
                spec:
                  podSelector: {matchLabels: {app: payment-worker}}
                  policyTypes: [Egress]
                  egress:
                    - to: [{ipBlock: {cidr: 192.0.2.0/24}}]
                      ports: [{port: 443}]
                    - to: [{ipBlock: {cidr: 10.30.0.0/16}}]
                """);
        List<Finding> found = findings("undeclared-external-destination", WORKLOADS, PAYMENTS_POLICIES,
                GATEWAY_POLICIES, extra);
        assertThat(found).extracting(Finding::subject)
                .containsExactly("kube-system/coredns", "payments/payment-worker");
        // the private block is inside the cluster's trust boundary, not an external destination
        assertThat(found.get(1).why()).startsWith("payments/payment-worker can reach 192.0.2.0/24 on 443/TCP directly")
                .doesNotContain("10.30.0.0");
        assertThat(found.get(1).objects()).extracting(Involved::name)
                .containsExactly("payments/payment-worker", "payments/analytics");
    }

    @Test
    void namesACiliumPolicyAllowsAreHeldToTheRecordsOfTheWorkload() {
        Path fqdns = manifest("fqdns.yaml", """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: worker-fqdns, namespace: payments}
                spec:
                  endpointSelector: {matchLabels: {app: payment-worker}}
                  egress:
                    - toFQDNs:
                        - matchName: api.payment-vendor.example
                        - matchName: collect.tracker.example
                        - matchPattern: "*.payment-vendor.example"
                      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
                """);
        List<Finding> found = findings("undeclared-external-destination", WORKLOADS, PAYMENTS_POLICIES,
                GATEWAY_POLICIES, fqdns);
        assertThat(found).extracting(Finding::subject).containsExactly("kube-system/coredns", "payments/payment-worker");
        // the record declares the vendor's name for the worker, not the tracker or the whole vendor domain
        assertThat(found.get(1).why()).startsWith("payments/payment-worker may reach collect.tracker.example,"
                + " *.payment-vendor.example by name (toFQDNs), but no record declares them for it");
        assertThat(found.get(1).objects()).extracting(Involved::kind, Involved::name).containsExactly(
                tuple("Deployment", "payments/payment-worker"),
                tuple("CiliumNetworkPolicy", "payments/worker-fqdns"));
    }

    @Test
    void anExternalNameToAHostNoRecordAllowsIsUndeclared() {
        String service = """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: payments}
                spec: {type: ExternalName, externalName: %s}
                """;
        Path aliases = manifest("aliases.yaml", service.formatted("vendor", "api.payment-vendor.example.")
                + "---\n" + service.formatted("tracker", "collect.tracker.example"));
        List<Finding> found = findings("undeclared-external-destination", WORKLOADS, PAYMENTS_POLICIES,
                GATEWAY_POLICIES, aliases);
        assertThat(found).extracting(Finding::subject).containsExactly("kube-system/coredns", "payments/tracker");
        assertThat(found.get(1).why()).contains("collect.tracker.example");
    }

    @Test
    void aRecordWhoseSourceMatchesNothingDeployedInItsNamespace() {
        String other = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: reports, namespace: payments}
                spec:
                  selector: {matchLabels: {app: reports}}
                  template:
                    metadata: {labels: {app: reports}}
                    spec: {containers: [{name: reports, image: reports:1}]}
                """;
        assertThat(findings("record-source-not-deployed", manifest("other.yaml", other)))
                .extracting(Finding::subject, Finding::severity).containsExactly(tuple("payments", Severity.LOW));
        // a namespace the manifests do not show at all is not judged
        assertThat(findings("record-source-not-deployed", GATEWAY_POLICIES)).isEmpty();
    }

    @Test
    void reportOnlyRecordsAreNotHeldToEnforcement() throws IOException {
        Path trial = dir.resolve("trial");
        Files.createDirectories(trial);
        Files.copy(EXAMPLES.resolve("payments/posture.yaml"), trial.resolve("posture.yaml"));
        Files.writeString(trial.resolve("vendor.yaml"), Files.readString(EXAMPLES.resolve("payments/payment-vendor.yaml"))
                .replace("mode: enforce", "mode: report-only"));
        registry = new RegistryLoader().load(List.of(trial));
        assertThat(findings("record-not-enforced", WORKLOADS)).isEmpty();
    }

    private void addRecord(String yaml) throws IOException {
        Path extra = dir.resolve("registry-extra.yaml");
        Files.writeString(extra, yaml);
        registryFiles.add(extra);
        registry = new RegistryLoader().load(registryFiles);
        assertThat(registry.hasErrors()).as(registry.findings().toString()).isFalse();
    }

    private Path manifest(String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Finding> registryFindings(Path... manifests) {
        ReadResult read = ManifestReader.read(List.of(manifests));
        assertThat(read.errors()).isEmpty();
        assertThat(registry.hasErrors()).as(registry.findings().toString()).isFalse();
        return RegistryFindings.find(read, registry, TODAY).stream()
                .sorted(Comparator.comparing(Finding::id).thenComparing(Finding::subject)).toList();
    }

    private List<Finding> findings(String id, Path... manifests) {
        return registryFindings(manifests).stream().filter(finding -> finding.id().equals(id)).toList();
    }
}
