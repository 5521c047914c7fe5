package dev.warden.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compile.nftables.NftablesTarget;
import dev.warden.lab.services.LabFiles;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.Registry;
import dev.warden.registry.RegistryLoader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabRegistryTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Test
    void theLabRegistryLoadsAndChecksWithoutFindings(@TempDir Path directory) {
        LabFiles.writeRegistry(directory);
        assertThat(LabRegistry.findings(directory, TODAY)).isEmpty();
    }

    @Test
    void itMapsThePodToThePaymentWorkerAndRoutesTheVendorThroughTheGateway(@TempDir Path directory) {
        Registry registry = LabRegistry.write(directory, TODAY);
        var posture = registry.posture().orElseThrow().spec();
        assertThat(posture.podCidrs()).map(Object::toString).containsExactly("10.244.0.0/16");
        assertThat(posture.gateway().port()).isEqualTo(3128);
        assertThat(posture.clusterDns().addresses()).map(Object::toString).containsExactly("10.244.2.2");
        assertThat(posture.workloads()).singleElement().satisfies(workload -> {
            assertThat(workload.source()).hasToString("10.244.1.10/32");
            assertThat(workload.namespace()).isEqualTo("payments");
            assertThat(workload.workload()).isEqualTo("payment-worker");
        });
        assertThat(registry.dependencies()).singleElement().satisfies(record -> {
            assertThat(record.spec().destination().hosts()).map(Object::toString).containsExactly("api.payment-vendor.example");
            assertThat(record.spec().path()).isEqualTo(EgressPath.EGRESS_GATEWAY);
        });
    }

    @Test
    void theNodeRulesetCompilesWithoutProblemsAndOpensOnlyTheGatewayPort(@TempDir Path directory) {
        LabFiles.writeRegistry(directory);
        Registry registry = new RegistryLoader().load(List.of(directory)).registry();
        var ruleset = NftablesTarget.compile(registry);
        assertThat(ruleset.problems()).isEmpty();
        assertThat(ruleset.script())
                .contains("ip saddr @pod_cidrs ip daddr @gateway_addrs tcp dport 3128 accept")
                .contains("ip saddr @gateway_addrs tcp dport 443 accept")
                .contains("counter drop comment \"warden: default deny");
    }
}
