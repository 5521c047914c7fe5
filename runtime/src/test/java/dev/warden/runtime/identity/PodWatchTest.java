package dev.warden.runtime.identity;

import static dev.warden.runtime.identity.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.IpAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pod watch against the fabric8 mock API server, which stores what it is sent, status included. */
@EnableKubernetesMockClient(crud = true)
class PodWatchTest {
    private static final Duration EVENTS = Duration.ofSeconds(10);

    KubernetesMockServer server;
    KubernetesClient client;
    private PodWatch watch;
    private int barriers;

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
    }

    private PodWatch watchAll() {
        watch = PodWatch.start(client, null);
        return watch;
    }

    private Pod create(TestPods pod) {
        return client.resource(pod.build()).create();
    }

    private void editStatus(String namespace, String name, UnaryOperator<PodBuilder> change) {
        client.pods().inNamespace(namespace).withName(name)
                .editStatus(current -> change.apply(new PodBuilder(current)).build());
    }

    private void delete(String namespace, String name) {
        assertThat(client.pods().inNamespace(namespace).withName(name).delete()).hasSize(1);
    }

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    private WorkloadIdentity awaitMapped(String address) {
        await().atMost(EVENTS).until(() -> watch.identify(ip(address)) != null);
        return watch.identify(ip(address));
    }

    /**
     * Waits until every event sent before now has reached the watch: the API server sends a watch's
     * events in order, so once a pod created now is mapped, everything before it has been handled.
     */
    private void awaitEarlierEvents(String namespace) {
        String name = "barrier-" + ++barriers;
        String address = "10.255.0." + barriers;
        create(pod(namespace, name).ips(address));
        awaitMapped(address);
        delete(namespace, name);
        await().atMost(EVENTS).until(() -> watch.identify(ip(address)) == null);
    }

    @Test
    void aDeploymentPodIsNamedForItsDeploymentOnEveryAddressWithEveryField() {
        watchAll();
        create(pod("payments", "checkout-7d9f8b6c5-x2k4q")
                .ownedBy("ReplicaSet", "checkout-7d9f8b6c5")
                .label("app", "checkout")
                .label("pod-template-hash", "7d9f8b6c5")
                .serviceAccount("checkout-sa")
                .node("node-7")
                .ips("10.1.2.3", "fd00:10:1::2:3"));

        WorkloadIdentity expected = new WorkloadIdentity("payments", "checkout-7d9f8b6c5-x2k4q", "checkout",
                "checkout-sa", "node-7", Map.of("app", "checkout", "pod-template-hash", "7d9f8b6c5"));
        assertThat(awaitMapped("10.1.2.3")).isEqualTo(expected);
        assertThat(awaitMapped("fd00:10:1::2:3")).isEqualTo(expected);
        assertThat(watch.size()).isEqualTo(2);
    }

    @Test
    void aStatefulSetPodIsNamedForItsStatefulSetAndABarePodForItself() {
        watchAll();
        create(pod("ledger", "ledger-0").ownedBy("StatefulSet", "ledger").label("app", "ledger")
                .serviceAccount("ledger-sa").node("node-2").ips("10.1.3.1"));
        create(pod("tools", "debug-shell").serviceAccount("default").node("node-3").ips("10.1.3.2"));

        assertThat(awaitMapped("10.1.3.1")).isEqualTo(new WorkloadIdentity(
                "ledger", "ledger-0", "ledger", "ledger-sa", "node-2", Map.of("app", "ledger")));
        assertThat(awaitMapped("10.1.3.2")).isEqualTo(new WorkloadIdentity(
                "tools", "debug-shell", "debug-shell", "default", "node-3", Map.of()));
    }

    @Test
    void podsThatExistBeforeTheWatchStartsAreMappedWhenStartReturns() {
        for (int i = 0; i < 150; i++) {
            create(pod("batch", "worker-" + i).ownedBy("Job", "nightly").ips("10.2." + (i / 100) + "." + (i % 100)));
        }

        watchAll();

        assertThat(watch.hasSynced()).isTrue();
        assertThat(watch.size()).isEqualTo(150);
        assertThat(watch.identify(ip("10.2.1.49")).pod()).isEqualTo("worker-149");
        assertThat(watch.identify(ip("10.2.1.49")).workload()).isEqualTo("nightly");
    }

    @Test
    void aHostNetworkPodIsNotMapped() {
        watchAll();
        create(pod("kube-system", "node-exporter-abcde").ownedBy("DaemonSet", "node-exporter")
                .hostNetwork().ips("192.168.10.7"));
        awaitEarlierEvents("kube-system");

        assertThat(watch.identify(ip("192.168.10.7"))).isNull();
    }

    @Test
    void deletingAPodUnmapsItsAddresses() {
        watchAll();
        create(pod("payments", "refunds").ips("10.1.4.1", "fd00::4:1"));
        awaitMapped("10.1.4.1");
        awaitMapped("fd00::4:1");

        delete("payments", "refunds");

        await().atMost(EVENTS).untilAsserted(() -> {
            assertThat(watch.identify(ip("10.1.4.1"))).isNull();
            assertThat(watch.identify(ip("fd00::4:1"))).isNull();
        });
    }

    @Test
    void anAddressReusedAfterTheOldPodIsGoneMapsToTheNewPod() {
        watchAll();
        create(pod("payments", "old").ips("10.1.5.1"));
        awaitMapped("10.1.5.1");
        delete("payments", "old");
        create(pod("payments", "new").ips("10.1.5.1"));

        await().atMost(EVENTS).untilAsserted(
                () -> assertThat(watch.identify(ip("10.1.5.1"))).extracting(WorkloadIdentity::pod).isEqualTo("new"));
    }

    @Test
    void anAddressReusedBeforeTheOldPodIsGoneStaysWithTheNewPodWhenTheOldOneIsDeleted() {
        watchAll();
        create(pod("payments", "old").ips("10.1.6.1"));
        awaitMapped("10.1.6.1");
        create(pod("payments", "new").ips("10.1.6.1"));
        await().atMost(EVENTS).untilAsserted(
                () -> assertThat(watch.identify(ip("10.1.6.1"))).extracting(WorkloadIdentity::pod).isEqualTo("new"));

        delete("payments", "old");
        awaitEarlierEvents("payments");

        assertThat(watch.identify(ip("10.1.6.1"))).extracting(WorkloadIdentity::pod).isEqualTo("new");
    }

    @Test
    void aPodThatFinishesIsUnmapped() {
        watchAll();
        create(pod("batch", "report").ownedBy("Job", "report").ips("10.1.7.1"));
        create(pod("batch", "crash").ownedBy("Job", "crash").ips("10.1.7.2"));
        awaitMapped("10.1.7.1");
        awaitMapped("10.1.7.2");

        editStatus("batch", "report", pod -> pod.editStatus().withPhase("Succeeded").endStatus());
        editStatus("batch", "crash", pod -> pod.editStatus().withPhase("Failed").endStatus());

        await().atMost(EVENTS).untilAsserted(() -> {
            assertThat(watch.identify(ip("10.1.7.1"))).isNull();
            assertThat(watch.identify(ip("10.1.7.2"))).isNull();
        });
    }

    @Test
    void aPendingPodIsMappedOnceItHasAnAddress() {
        watchAll();
        create(pod("payments", "starting").phase("Pending"));
        awaitEarlierEvents("payments");
        assertThat(watch.size()).isZero();

        editStatus("payments", "starting", pod -> pod.editStatus()
                .withPodIP("10.1.8.1").addNewPodIP("10.1.8.1").endStatus());

        assertThat(awaitMapped("10.1.8.1").pod()).isEqualTo("starting");
    }

    @Test
    void anAddressChangeMovesTheMapping() {
        watchAll();
        create(pod("payments", "mover").ips("10.1.9.1"));
        awaitMapped("10.1.9.1");

        editStatus("payments", "mover", pod -> pod.editStatus()
                .withPodIP("10.1.9.2").withPodIPs().addNewPodIP("10.1.9.2").endStatus());

        await().atMost(EVENTS).untilAsserted(() -> {
            assertThat(watch.identify(ip("10.1.9.2"))).extracting(WorkloadIdentity::pod).isEqualTo("mover");
            assertThat(watch.identify(ip("10.1.9.1"))).isNull();
        });
    }

    @Test
    void aNamespaceWatchIgnoresOtherNamespaces() {
        watch = PodWatch.start(client, "payments");
        create(pod("other", "outsider").ips("10.1.10.1"));
        create(pod("payments", "insider").ips("10.1.10.2"));

        assertThat(awaitMapped("10.1.10.2").pod()).isEqualTo("insider");
        assertThat(watch.identify(ip("10.1.10.1"))).isNull();
    }

    @Test
    void aClosedWatchKnowsNoOne() {
        watchAll();
        create(pod("payments", "worker").ips("10.1.11.1"));
        awaitMapped("10.1.11.1");

        watch.close();

        assertThat(watch.identify(ip("10.1.11.1"))).isNull();
        create(pod("payments", "later").ips("10.1.11.2"));
        assertThat(watch.identify(ip("10.1.11.2"))).isNull();
    }

    @Test
    void theStaticMapComesBeforeThePodWatch() {
        watchAll();
        create(pod("payments", "worker").ips("10.1.12.1", "10.1.12.2"));
        awaitMapped("10.1.12.2");
        WorkloadIdentity pinned = new WorkloadIdentity("lab", null, "pinned", null, null, Map.of());
        WorkloadDirectory staticMap = source -> source.equals(ip("10.1.12.1")) ? pinned : null;

        WorkloadDirectory directory = FirstKnown.firstKnown(staticMap, watch);

        assertThat(directory.identify(ip("10.1.12.1"))).isEqualTo(pinned);
        assertThat(directory.identify(ip("10.1.12.2")).pod()).isEqualTo("worker");
        assertThat(directory.identify(ip("10.1.12.3"))).isNull();
    }
}
