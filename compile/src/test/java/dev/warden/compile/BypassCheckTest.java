package dev.warden.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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
                .filter(manifest -> manifest.control().equals(Manifest.DEFAULT_DENY_EGRESS)).toList();
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
        Manifest dns = manifests.stream().filter(manifest -> manifest.control().equals(Manifest.DNS_TO_CLUSTER_DNS))
                .findFirst().orElseThrow();
        ObjectNode peer = (ObjectNode) dns.object().path("spec").path("egress").get(0).path("to").get(0);
        peer.removeAll();
        peer.putObject("ipBlock").put("cidr", "0.0.0.0/0");

        assertThat(BypassCheck.check(manifests)).extracting(BypassCheck.Gap::toString)
                .anyMatch(gap -> gap.startsWith(dns.namespace() + ": " + dns.name() + " lets DNS go beyond selected pods"));
    }

    private static Compilation compiled(CompileTarget target, String example) {
        LoadedRegistry loaded = new RegistryLoader().load(List.of(Path.of("..", "examples", example)));
        return target.compile(loaded, LocalDate.of(2026, 11, 25));
    }

    @ParameterizedTest
    @MethodSource("dev.warden.compile.KubernetesTargetTest#examples")
    void every_target_has_a_bypass_control_for_every_allow(String example) {
        for (CompileTarget target : CompileTarget.values()) {
            assertThat(BypassCheck.check(compiled(target, example))).as(target.wireName() + " " + example).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.warden.compile.KubernetesTargetTest#examples")
    void removing_a_cilium_default_deny_is_flagged_by_namespace(String example) {
        List<Manifest> manifests = compiled(CompileTarget.CILIUM, example).manifests();
        List<Manifest> denies = manifests.stream()
                .filter(manifest -> manifest.control().equals(Manifest.DEFAULT_DENY_EGRESS)).toList();
        assertThat(denies).isNotEmpty();
        for (Manifest removed : denies) {
            List<Manifest> without = new ArrayList<>(manifests);
            without.remove(removed);

            assertThat(BypassCheck.check(without)).as("without " + removed.namespace() + "/" + removed.name())
                    .extracting(BypassCheck.Gap::namespace).contains(removed.namespace());
        }
    }

    @Test
    void a_cilium_dns_rule_for_every_name_is_flagged() {
        List<Manifest> manifests = compiled(CompileTarget.CILIUM, "payments").manifests();
        Manifest allow = manifests.stream().filter(manifest -> manifest.name().equals("warden-payment-vendor"))
                .findFirst().orElseThrow();
        ObjectNode dns = (ObjectNode) allow.object().path("spec").path("egress").get(0).path("toPorts").get(0)
                .path("rules").path("dns").get(0);
        dns.removeAll();
        dns.put("matchPattern", "*");

        assertThat(BypassCheck.check(manifests)).extracting(BypassCheck.Gap::toString)
                .containsExactly("payments: warden-payment-vendor makes every name visible (matchPattern \"*\");"
                        + " the DNS rule must name the record's names");
    }

    @Test
    void a_node_firewall_that_forwards_by_default_or_lets_dns_anywhere_is_flagged() {
        Compilation nftables = compiled(CompileTarget.NFTABLES, "payments");
        Path script = nftables.files().keySet().iterator().next();
        String text = nftables.files().get(script);
        String accepting = text.replace("hook forward priority filter; policy drop;", "hook forward priority filter; policy accept;");
        String dnsOpen = text.lines().filter(line -> !(line.contains("dport { 53, 853 }") && line.contains(" drop")))
                .reduce("", (all, line) -> all + line + "\n");

        assertThat(accepting).isNotEqualTo(text);
        assertThat(BypassCheck.check(new Compilation(List.of(), Map.of(script, accepting), List.of())))
                .extracting(BypassCheck.Gap::message).anyMatch(message -> message.startsWith("the forward chain does not drop"));
        assertThat(BypassCheck.check(new Compilation(List.of(), Map.of(script, dnsOpen), List.of())))
                .extracting(BypassCheck.Gap::message).anyMatch(message -> message.startsWith("no rule drops DNS"));
    }
}
