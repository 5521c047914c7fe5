package dev.warden.runtime.identity;

import static dev.warden.runtime.identity.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.IpAddress;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * The address map fed directly, for event orders the mock API server cannot produce: several pods
 * claiming one address at once, as a real watch sees while a pod shuts down and its address is reused.
 */
class PodIndexTest {
    private static final String EARLIER = "2026-01-01T10:00:00Z";
    private static final String LATER = "2026-01-01T10:05:00Z";

    private final PodIndex index = new PodIndex();

    private static IpAddress ip(String text) {
        return IpAddress.parse(text);
    }

    private String podAt(String address) {
        WorkloadIdentity identity = index.identify(ip(address));
        return identity == null ? null : identity.pod();
    }

    @Test
    void aStaleUpdateOfTheOldPodDoesNotTakeBackAReusedAddress() {
        index.put(pod("ns", "old").uid("u-old").created(EARLIER).ips("10.0.0.1").build());
        index.put(pod("ns", "new").uid("u-new").created(EARLIER).ips("10.0.0.1").build());
        // The old pod's status changes once more before its delete arrives; it still lists the address.
        index.put(pod("ns", "old").uid("u-old").created(EARLIER).label("touched", "yes").ips("10.0.0.1").build());

        assertThat(podAt("10.0.0.1")).isEqualTo("new");

        index.remove(pod("ns", "old").uid("u-old").build());
        assertThat(podAt("10.0.0.1")).isEqualTo("new");
    }

    @Test
    void aPodBeingDeletedGivesWayToAPodThatIsNot() {
        index.put(pod("ns", "new").uid("u-new").created(EARLIER).ips("10.0.0.2").build());
        // Listed after the new pod (a relist, say), and even newer by its creation time, but shutting down.
        index.put(pod("ns", "leaving").uid("u-leaving").created(LATER).terminating().ips("10.0.0.2").build());

        assertThat(podAt("10.0.0.2")).isEqualTo("new");
    }

    @Test
    void theMoreRecentlyCreatedPodWinsWhateverOrderTheyAreListedIn() {
        index.put(pod("ns", "newer").uid("u-newer").created(LATER).ips("10.0.0.3").build());
        index.put(pod("ns", "older").uid("u-older").created(EARLIER).ips("10.0.0.3").build());

        assertThat(podAt("10.0.0.3")).isEqualTo("newer");
    }

    @Test
    void whenTheWinningClaimIsWithdrawnTheRemainingClaimantGetsTheAddress() {
        index.put(pod("ns", "old").uid("u-old").created(EARLIER).ips("10.0.0.4").build());
        index.put(pod("ns", "new").uid("u-new").created(LATER).ips("10.0.0.4").build());
        assertThat(podAt("10.0.0.4")).isEqualTo("new");

        index.put(pod("ns", "new").uid("u-new").created(LATER).phase("Failed").ips("10.0.0.4").build());

        assertThat(podAt("10.0.0.4")).isEqualTo("old");
        index.remove(pod("ns", "old").build());
        assertThat(podAt("10.0.0.4")).isNull();
        assertThat(index.size()).isZero();
    }

    @Test
    void aPodRecreatedUnderTheSameNameIsANewClaimant() {
        index.put(pod("ns", "db-0").uid("u-1").created(EARLIER).ips("10.0.0.5").build());
        index.put(pod("ns", "other").uid("u-2").created(EARLIER).ips("10.0.0.5").build());
        assertThat(podAt("10.0.0.5")).isEqualTo("other");

        // The informer may fold a delete and re-create of db-0 into one update with a new uid.
        index.put(pod("ns", "db-0").uid("u-3").created(EARLIER).ips("10.0.0.5").build());

        assertThat(podAt("10.0.0.5")).isEqualTo("db-0");
    }

    @Test
    void anIpv4MappedSourceFindsTheIpv4Pod() throws Exception {
        index.put(pod("ns", "web").ips("10.0.0.6").build());

        IpAddress mapped = IpAddress.of(InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 6}));
        // The JDK turns a mapped address into IPv4, so build the 16-byte form by parsing.
        assertThat(index.identify(ip("::ffff:10.0.0.6")).pod()).isEqualTo("web");
        assertThat(index.identify(mapped).pod()).isEqualTo("web");
        assertThat(index.identify(ip("::10.0.0.6"))).isNull();
        assertThat(index.identify(null)).isNull();
    }

    @Test
    void unusableAddressesAndPhasesAreSkipped() {
        index.put(pod("ns", "odd").ips("10.0.0.7", "not-an-address").build());
        index.put(pod("ns", "unknown").phase("Unknown").ips("10.0.0.8").build());
        index.put(pod("ns", "done").phase("Succeeded").ips("10.0.0.9").build());

        assertThat(podAt("10.0.0.7")).isEqualTo("odd");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void theWorkloadIsTheControllerNameWithADeploymentsHashCutOff() {
        assertThat(PodIndex.workloadOf(pod("ns", "api-5f7c9-abcde").ownedBy("ReplicaSet", "api-5f7c9")
                .label("pod-template-hash", "5f7c9").build())).isEqualTo("api");
        // A ReplicaSet made by hand has no hash to cut.
        assertThat(PodIndex.workloadOf(pod("ns", "rs-abcde").ownedBy("ReplicaSet", "rs").build())).isEqualTo("rs");
        assertThat(PodIndex.workloadOf(pod("ns", "x-1").ownedBy("ReplicaSet", "x-1").label("pod-template-hash", "9")
                .build())).isEqualTo("x-1");
        assertThat(PodIndex.workloadOf(pod("ns", "agent-q7x2p").ownedBy("DaemonSet", "agent").build()))
                .isEqualTo("agent");
        assertThat(PodIndex.workloadOf(pod("ns", "backup-29001-kd8s2").ownedBy("Job", "backup-29001")
                .label("pod-template-hash", "29001").build())).isEqualTo("backup-29001");
        assertThat(PodIndex.workloadOf(pod("ns", "bare").build())).isEqualTo("bare");
    }

    @Test
    void nothingIsMappedAfterClose() {
        index.put(pod("ns", "web").ips("10.0.0.10").build());
        index.close();
        index.put(pod("ns", "late").ips("10.0.0.11").build());

        assertThat(index.size()).isZero();
        assertThat(podAt("10.0.0.10")).isNull();
    }
}
