package dev.warden.gateway;

import dev.warden.runtime.PodWatchConfig;
import static dev.warden.gateway.GatewayHarness.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.fixtures.Curl;
import dev.warden.gateway.fixtures.CurlResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway identifying a caller the static map does not know, from a pod watch against the
 * fabric8 mock API server, configured the way an operator does it: with a kubeconfig file.
 */
@EnableKubernetesMockClient(crud = true)
class GatewayPodWatchTest {
    private static final String POD_ADDRESS = "127.0.0.4";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aPodFromTheWatchIsIdentifiedDecidedAndAudited(@TempDir Path dir) throws Exception {
        Pod pod = new PodBuilder()
                .withNewMetadata().withNamespace("payments").withName("payment-worker-7d4b9-x2x9q")
                .addToLabels("app", "payment-worker").addToLabels("pod-template-hash", "7d4b9")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("payment-worker-7d4b9")
                .withUid("rs-uid").withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withServiceAccountName("payment-worker-sa").withNodeName("node-7").endSpec()
                .withNewStatus().withPhase("Running").withPodIP(POD_ADDRESS).addNewPodIP(POD_ADDRESS).endStatus()
                .build();
        client.pods().inNamespace("payments").resource(pod).create();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: mock, user: {token: test-token}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock}}]
                current-context: mock
                """.formatted(client.getConfiguration().getMasterUrl()));

        try (GatewayHarness harness = new GatewayHarness(dir.resolve("gateway"))) {
            harness.gateway.close();
            harness.gateway = GatewayServer.start(harness.config(false,
                    new PodWatchConfig(kubeconfig, null)), Clock.systemUTC());

            CurlResult result = Curl.request("http://" + ORIGIN + ":" + harness.origin.httpPort() + "/?from-pod")
                    .sourceAddress(POD_ADDRESS).proxy(harness.proxyPort()).maxTime(Duration.ofSeconds(20)).run();

            assertThat(result.httpStatus()).as(result.toString()).isEqualTo(200);
            JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> harness.auditLines().stream()
                    .filter(audit -> POD_ADDRESS.equals(audit.path("source.ip").asText())).findFirst().orElse(null),
                    found -> found != null);
            assertThat(line.get("kubernetes.pod.name").asText()).isEqualTo("payment-worker-7d4b9-x2x9q");
            assertThat(line.get("kubernetes.workload").asText()).isEqualTo("payment-worker");
            assertThat(line.get("kubernetes.service_account").asText()).isEqualTo("payment-worker-sa");
            assertThat(line.get("kubernetes.node.name").asText()).isEqualTo("node-7");
            assertThat(line.get("warden.rule").asText()).isEqualTo("payments-http");
        }
    }
}
