package dev.warden.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting the pod watch against an API server that refuses or does not answer (expectation mode). */
@EnableKubernetesMockClient
class PodWatchStartTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aForbiddenListFailsTheStartAndNamesTheMissingPermission() {
        server.expect().get().withPath("/api/v1/namespaces/payments/pods?resourceVersion=0")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("pods is forbidden: User \"system:serviceaccount:warden:gateway\" cannot list"
                                + " resource \"pods\" in API group \"\" in the namespace \"payments\"")
                        .build())
                .always();

        assertThatThrownBy(() -> PodWatch.start(client, "payments"))
                .isInstanceOf(PodWatch.NotSyncedException.class)
                .hasMessageContaining("namespace payments")
                .hasMessageContaining("list and watch on pods")
                .hasCauseInstanceOf(KubernetesClientException.class);
    }

    @Test
    void aListThatDoesNotFinishInTimeFailsTheStart() {
        server.expect().get().delay(1, TimeUnit.MINUTES).withPath("/api/v1/pods?resourceVersion=0")
                .andReturn(200, new PodListBuilder().withNewMetadata().withResourceVersion("1").endMetadata().build())
                .always();

        assertThatThrownBy(() -> PodWatch.start(client, null, Duration.ofMillis(300)))
                .isInstanceOf(PodWatch.NotSyncedException.class)
                .hasMessageContaining("all namespaces")
                .hasMessageContaining("did not finish listing pods within 300 ms");
    }

    @Test
    void aBlankNamespaceIsRefusedRatherThanReadAsAllNamespaces() {
        assertThatThrownBy(() -> PodWatch.start(client, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pass null");
        assertThat(server.getRequestCount()).isZero();
    }
}
