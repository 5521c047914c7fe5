package dev.warden.analyze.findings;

import dev.warden.analyze.ManifestFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WildcardHostFindingsTest {
    @TempDir
    Path dir;

    private ManifestFile manifests;

    @BeforeEach
    void setUp() {
        manifests = new ManifestFile(dir);
    }

    private static final String ID = "wildcard-broader-than-registrable-domain";

    private List<Finding> findings(String... documents) {
        return WildcardHostFindings.find(manifests.read(documents));
    }

    @Test
    void ciliumPatternsAcrossAPublicSuffixAreNamedWithTheirFields() {
        String policy = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: uploads, namespace: shop}
                spec:
                  endpointSelector: {matchLabels: {app: web}}
                  egress:
                    - toFQDNs:
                        - matchPattern: "*.s3.amazonaws.com"
                        - matchName: api.vendor.example
                        - matchPattern: "*.vendor.example"
                      toPorts: [{ports: [{port: "443", protocol: TCP}]}]
                    - toFQDNs: [{matchPattern: "*"}]
                """;
        assertThat(findings(policy)).containsExactly(new Finding(ID, "shop/uploads", Severity.HIGH,
                List.of(manifests.involved("CiliumNetworkPolicy", "shop/uploads", policy)),
                "CiliumNetworkPolicy shop/uploads allows `*.s3.amazonaws.com` in spec.egress[0].toFQDNs[0].matchPattern"
                        + " (s3.amazonaws.com is a public suffix), `*` in spec.egress[1].toFQDNs[0].matchPattern"
                        + " (every name): names any party can register, an attacker's among them, so the entry is"
                        + " not an allowlist but an open path out.",
                "Replace `*.s3.amazonaws.com`, `*` with the exact hosts the workloads need, or narrow each to `*.`"
                        + " and the registrable domain of the vendor that owns the names (for example"
                        + " `*.vendor.example`)."));
    }

    @Test
    void clusterwidePoliciesAndTheirSpecsListAreRead() {
        String clusterwide = """
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: saas}
                specs:
                  - endpointSelector: {}
                    egress: [{toFQDNs: [{matchPattern: "*.example.com"}]}]
                  - endpointSelector: {}
                    egress: [{toFQDNs: [{matchPattern: "**.co.uk"}]}]
                """;
        assertThat(findings(clusterwide)).singleElement().satisfies(finding -> {
            assertThat(finding.subject()).isEqualTo("saas");
            assertThat(finding.why()).startsWith("CiliumClusterwideNetworkPolicy saas allows `**.co.uk` in"
                    + " specs[1].egress[0].toFQDNs[0].matchPattern (co.uk is a public suffix):");
        });
    }

    @Test
    void serviceEntryHosts() {
        String entry = """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: everything-dot-com, namespace: shop}
                spec:
                  hosts: ["*.com", "api.vendor.example", "*.internal"]
                  ports: [{number: 443, name: tls, protocol: TLS}]
                  resolution: NONE
                  location: MESH_EXTERNAL
                """;
        assertThat(findings(entry)).singleElement().extracting(Finding::why).isEqualTo(
                "ServiceEntry shop/everything-dot-com allows `*.com` in spec.hosts[0] (com is a public suffix),"
                        + " `*.internal` in spec.hosts[2] (internal is a public suffix): names any party can"
                        + " register, an attacker's among them, so the entry is not an allowlist but an open path"
                        + " out.");
    }

    @Test
    void sidecarHostsAreReadAfterTheirNamespace() {
        String sidecar = """
                apiVersion: networking.istio.io/v1
                kind: Sidecar
                metadata: {name: default, namespace: shop}
                spec:
                  egress:
                    - hosts: ["./*", "istio-system/*", "*/*", "*/*.github.io", "./*.svc.cluster.local"]
                """;
        assertThat(findings(sidecar)).singleElement().extracting(Finding::why).asString().startsWith(
                "Sidecar shop/default allows `*.github.io` in spec.egress[0].hosts[3] (github.io is a public"
                        + " suffix):");
    }

    @Test
    void patternsWithinOneRegistrableDomainAreFine() {
        String entry = """
                apiVersion: networking.istio.io/v1
                kind: ServiceEntry
                metadata: {name: vendor, namespace: shop}
                spec:
                  hosts: ["*.vendor.example", "api.vendor.example", "*.my-bucket.s3.amazonaws.com"]
                  ports: [{number: 443, name: tls, protocol: TLS}]
                  resolution: NONE
                """;
        String policy = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: vendor, namespace: shop}
                spec:
                  endpointSelector: {}
                  egress: [{toFQDNs: [{matchPattern: "api-*.vendor.example"}, {matchName: co.uk}]}]
                """;
        assertThat(findings(entry, policy)).isEmpty();
    }
}
