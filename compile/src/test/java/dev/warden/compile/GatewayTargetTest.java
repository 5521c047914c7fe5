package dev.warden.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTargetTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static LoadedRegistry load(Path... paths) {
        return new RegistryLoader().load(List.of(paths));
    }

    @Test
    void the_configmap_holds_a_registry_the_gateway_loads_back_unchanged(@TempDir Path dir) throws Exception {
        LoadedRegistry original = load(Path.of("..", "examples", "payments"));
        Manifest configMap = GatewayTarget.compile(original, TODAY).manifests().getFirst();
        Files.writeString(dir.resolve("registry.yaml"), configMap.object().path("data").path("registry.yaml").asText());

        LoadedRegistry reloaded = load(dir);

        assertThat(configMap.namespace()).isEqualTo("warden-system");
        assertThat(reloaded.findings()).isEmpty();
        assertThat(reloaded.registry()).isEqualTo(original.registry());
        assertThat(PublishedSchemas.problems(configMap)).isEmpty();
    }

    @Test
    void the_snapshot_shows_exceptions_in_force_on_the_day_and_drops_expired_ones(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("exception.yaml"), """
                apiVersion: warden.dev/v1alpha1
                kind: EgressException
                metadata: {name: vendor-migration}
                spec:
                  dependency: payment-vendor
                  loosens: also allow the old API host during the migration
                  hosts: [api-old.payment-vendor.example]
                  reason: the vendor moves its API in December
                  approvedBy: security-team
                  expires: 2026-12-31
                """);
        LoadedRegistry loaded = load(Path.of("..", "examples", "payments"), dir);

        JsonNode during = snapshot(GatewayTarget.compile(loaded, TODAY));
        JsonNode after = snapshot(GatewayTarget.compile(loaded, LocalDate.of(2027, 1, 1)));

        assertThat(during.path("records").get(0).path("exceptionsInForce").get(0).path("hosts").get(0).asText())
                .isEqualTo("api-old.payment-vendor.example");
        assertThat(during.path("records").get(0).path("exceptionsInForce").get(0).path("expires").asText())
                .isEqualTo("2026-12-31");
        assertThat(after.path("records").get(0).has("exceptionsInForce")).isFalse();
    }

    private static JsonNode snapshot(Compilation compilation) throws Exception {
        return new YAMLMapper().readTree(compilation.manifests().getFirst().object().path("data").path("snapshot.yaml").asText());
    }
}
