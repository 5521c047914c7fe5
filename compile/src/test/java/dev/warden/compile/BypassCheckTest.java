package dev.warden.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** §18 as a tested invariant: remove each bypass control in turn and the checker names the gap. */
class BypassCheckTest {

    @ParameterizedTest
    @MethodSource("dev.warden.compile.KubernetesTargetTest#examples")
    void the_compiled_output_has_a_bypass_control_for_every_allow(String example) {
        assertThat(BypassCheck.check(KubernetesTarget.compile(KubernetesTargetTest.example(example)).manifests())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.warden.compile.KubernetesTargetTest#examples")
    void removing_any_default_deny_is_flagged_by_namespace(String example) {
        List<Manifest> manifests = KubernetesTarget.compile(KubernetesTargetTest.example(example)).manifests();
        List<Manifest> denies = manifests.stream()
                .filter(manifest -> manifest.control().equals(KubernetesTarget.DEFAULT_DENY)).toList();
        assertThat(denies).isNotEmpty();
        for (Manifest removed : denies) {
            List<Manifest> without = new ArrayList<>(manifests);
            without.remove(removed);

            assertThat(BypassCheck.check(without)).as("without " + removed.namespace() + "/" + removed.name())
                    .extracting(BypassCheck.Gap::namespace).contains(removed.namespace());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.compile.KubernetesTargetTest#examples")
    void dns_opened_to_an_address_block_is_flagged(String example) {
        List<Manifest> manifests = KubernetesTarget.compile(KubernetesTargetTest.example(example)).manifests();
        Manifest dns = manifests.stream().filter(manifest -> manifest.control().equals(KubernetesTarget.DNS))
                .findFirst().orElseThrow();
        ObjectNode peer = (ObjectNode) dns.object().path("spec").path("egress").get(0).path("to").get(0);
        peer.removeAll();
        peer.putObject("ipBlock").put("cidr", "0.0.0.0/0");

        assertThat(BypassCheck.check(manifests)).extracting(BypassCheck.Gap::toString)
                .anyMatch(gap -> gap.startsWith(dns.namespace() + ": " + dns.name() + " lets DNS go beyond selected pods"));
    }
}
