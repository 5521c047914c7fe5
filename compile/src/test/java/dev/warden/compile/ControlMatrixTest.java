package dev.warden.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.compile.ControlMatrix.Control;
import dev.warden.compile.ControlMatrix.DependencyMatrix;
import dev.warden.compile.ControlMatrix.Enforcement;
import dev.warden.compile.ControlMatrix.Row;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlMatrixTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private static final Path PAYMENTS = Path.of("..", "examples", "payments");
    private static final Path PLATFORM = Path.of("..", "examples", "platform");
    private static final String NFT = "nftables node firewall";

    private static DependencyMatrix matrix(String dependency, List<CompileTarget> targets, Path... registry) {
        LoadedRegistry loaded = new RegistryLoader().load(List.of(registry));
        Map<CompileTarget, Compilation> compiled = new EnumMap<>(CompileTarget.class);
        targets.forEach(target -> compiled.put(target, target.compile(loaded, TODAY)));
        return ControlMatrix.explain(loaded, compiled, TODAY).stream()
                .filter(matrix -> matrix.dependency().equals(dependency)).findFirst().orElseThrow();
    }

    private static DependencyMatrix everyTarget(String dependency, Path... registry) {
        return matrix(dependency, List.of(CompileTarget.values()), registry);
    }

    @Test
    void every_control_of_the_seed_has_a_row_in_its_order() {
        DependencyMatrix matrix = everyTarget("payment-vendor", PAYMENTS);

        assertThat(matrix.rows()).extracting(Row::control).containsExactly(Control.values());
        assertThat(matrix.rows()).allSatisfy(row -> assertThat(!row.enforcedBy().isEmpty() || row.gap() != null).isTrue());
    }

    @Test
    void payment_vendor_is_default_deny_in_its_namespace_the_gateways_and_on_the_node() {
        Row row = everyTarget("payment-vendor", PAYMENTS).row(Control.DEFAULT_DENY);

        assertThat(row.enforcedBy()).containsExactly(
                new Enforcement("kubernetes NetworkPolicy", "payments/warden-default-deny-egress"),
                new Enforcement("kubernetes NetworkPolicy", "warden-system/warden-default-deny-egress"),
                new Enforcement("cilium CiliumNetworkPolicy", "payments/warden-default-deny-egress"),
                new Enforcement(NFT, "nftables/ruleset.nft: forward chain default drop"));
        assertThat(row.gap()).isNull();
    }

    @Test
    void payment_vendor_destinations_are_the_gateways_to_authorise_and_the_policies_send_it_there() {
        DependencyMatrix matrix = everyTarget("payment-vendor", PAYMENTS);

        assertThat(matrix.row(Control.DESTINATION_AUTHORISATION).enforcedBy()).containsExactly(
                new Enforcement("kubernetes NetworkPolicy", "payments/warden-payment-vendor: to pods in warden-system on 3128/TCP"),
                new Enforcement("cilium CiliumNetworkPolicy", "payments/warden-payment-vendor: to pods in warden-system on 3128/TCP"),
                new Enforcement(NFT, "nftables/ruleset.nft: forward chain, pods only to the gateway's port"),
                new Enforcement("warden gateway", "warden-system/warden-gateway-registry: api.payment-vendor.example on"
                        + " 443/TCP (host name by CONNECT/Host and TLS SNI)"));
        assertThat(matrix.row(Control.DESTINATION_AUTHORISATION).gap()).isNull();
        assertThat(matrix.row(Control.DNS_CONTROL).enforcedBy()).contains(new Enforcement("cilium CiliumNetworkPolicy",
                "payments/warden-payment-vendor: DNS to kube-system only for api.payment-vendor.example"));
        assertThat(matrix.row(Control.WORKLOAD_IDENTITY).enforcedBy().getFirst()).isEqualTo(new Enforcement(
                "warden gateway", "warden-system/warden-gateway-registry: callers identified by pod address (pod watch)"
                        + " or proxy credentials as namespace payments, service account payment-worker-sa, labels app=payment-worker"));
        assertThat(matrix.row(Control.STABLE_SOURCE_IP).enforcedBy()).containsExactly(new Enforcement(NFT,
                "nftables/ruleset.nft: postrouting ip saddr @gateway_addrs ip daddr != @pod_cidrs snat ip to 198.51.100.10"));
    }

    @Test
    void no_emitted_object_verifies_tls_and_the_gateway_does_not_pretend_to() {
        Row row = everyTarget("payment-vendor", PAYMENTS).row(Control.TLS_VERIFICATION);

        assertThat(row.enforcedBy()).isEmpty();
        assertThat(row.gap()).isEqualTo("the client application must verify the destination's certificate and name"
                + " (tls.verify: required); no emitted object verifies certificates; the gateway tunnels the TLS and"
                + " checks only that its SNI matches the requested host, not the destination's certificate");
    }

    @Test
    void with_kubernetes_alone_the_stable_source_ip_and_the_names_are_gaps() {
        DependencyMatrix matrix = matrix("payment-vendor", List.of(CompileTarget.KUBERNETES), PAYMENTS);

        assertThat(matrix.row(Control.STABLE_SOURCE_IP).enforcedBy()).isEmpty();
        assertThat(matrix.row(Control.STABLE_SOURCE_IP).gap()).isEqualTo("the record requires a stable source IP"
                + " (allowlisted by vendor) and no emitted object gives it; path egress-gateway leaves from the gateway's"
                + " egressIps 198.51.100.10 (posture), but the gateway target was not compiled");
        assertThat(matrix.row(Control.DESTINATION_AUTHORISATION).gap()).isEqualTo("these only send the record's pods to"
                + " the gateway; its destinations (api.payment-vendor.example on 443/TCP) are the gateway's to authorise,"
                + " and the gateway target was not compiled");
        assertThat(matrix.row(Control.WORKLOAD_IDENTITY).gap()).startsWith("label-based only: any pod in namespace"
                + " payments labelled app=payment-worker gets this record's egress");
        assertThat(matrix.row(Control.RUNTIME_MONITORING).enforcedBy()).isEmpty();
    }

    @Test
    void with_the_gateway_the_stable_source_ip_is_its_egress_address_which_no_object_assigns() {
        Row row = matrix("payment-vendor", List.of(CompileTarget.KUBERNETES, CompileTarget.GATEWAY), PAYMENTS)
                .row(Control.STABLE_SOURCE_IP);

        assertThat(row.enforcedBy()).isEmpty();
        assertThat(row.gap()).isEqualTo("the record requires a stable source IP (allowlisted by vendor); path"
                + " egress-gateway leaves from the gateway's egressIps 198.51.100.10 (posture), which the gateway's"
                + " deployment or the NAT in front of it assigns, not an emitted object (compile nftables for the SNAT"
                + " on the gateway's node)");
    }

    @Test
    void log_shipping_is_authorised_by_name_in_cilium_and_by_resolved_address_on_the_node() {
        DependencyMatrix matrix = everyTarget("log-shipping", PLATFORM);

        assertThat(matrix.row(Control.DESTINATION_AUTHORISATION).enforcedBy()).containsExactly(
                new Enforcement("cilium CiliumNetworkPolicy", "observability/warden-log-shipping: toFQDNs"
                        + " intake.logs.example, *.intake.logs.example on 443/TCP"),
                new Enforcement(NFT, "nftables/ruleset.nft: forward chain, 1 rule commented warden: log-shipping"));
        assertThat(matrix.row(Control.WORKLOAD_IDENTITY).enforcedBy()).containsExactly(new Enforcement(
                "cilium CiliumNetworkPolicy", "observability/warden-log-shipping: endpointSelector k8s:app=log-shipper,"
                        + " k8s:io.cilium.k8s.policy.serviceaccount=log-shipper"));
        assertThat(matrix.row(Control.WORKLOAD_IDENTITY).gap()).isNull();
        assertThat(matrix.row(Control.DEFAULT_DENY).enforcedBy()).extracting(Enforcement::object).containsExactly(
                "observability/warden-default-deny-egress", "observability/warden-default-deny-egress",
                "nftables/ruleset.nft: forward chain default drop");
        assertThat(matrix.row(Control.RUNTIME_MONITORING).gap()).isEqualTo("the record's audit needs (destination,"
                + " bytes) have no emitted recorder; Hubble flow logs would show this record's policy verdicts where"
                + " Hubble is enabled (not compiled)");
    }

    @Test
    void log_shipping_with_kubernetes_alone_names_why_nothing_authorises_it() {
        DependencyMatrix matrix = matrix("log-shipping", List.of(CompileTarget.KUBERNETES), PLATFORM);

        assertThat(matrix.row(Control.DESTINATION_AUTHORISATION).enforcedBy()).isEmpty();
        assertThat(matrix.row(Control.DESTINATION_AUTHORISATION).gap()).startsWith("nothing emitted allows or limits"
                + " this record's destinations; kubernetes: record log-shipping leaves by nat but names its destination"
                + " only by host names");
        assertThat(matrix.row(Control.WORKLOAD_IDENTITY).enforcedBy()).isEmpty();
        assertThat(matrix.row(Control.DNS_CONTROL).gap()).startsWith("which names the pods may resolve is no emitted"
                + " object's to restrict: run warden dns");
    }

    @Test
    void an_exception_in_force_is_cited_with_its_expiry_and_the_gateway_snapshot_that_applies_it(@TempDir Path dir)
            throws Exception {
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
                  ticket: SEC-1234
                  expires: 2026-12-31
                """);

        Row row = everyTarget("payment-vendor", PAYMENTS, dir).row(Control.EXCEPTION_HANDLING);

        assertThat(row.enforcedBy()).containsExactly(
                new Enforcement("registry exception", dir.resolve("exception.yaml") + ":11:3: vendor-migration until"
                        + " 2026-12-31, approved by security-team, ticket SEC-1234"),
                new Enforcement("warden gateway", "warden-system/warden-gateway-registry: snapshot.yaml applies"
                        + " vendor-migration until 2026-12-31"));
        assertThat(row.gap()).isNull();
    }

    @Test
    void without_exceptions_the_row_says_none_is_in_force() {
        Row row = everyTarget("payment-vendor", PAYMENTS).row(Control.EXCEPTION_HANDLING);

        assertThat(row.enforcedBy()).isEmpty();
        assertThat(row.gap()).isEqualTo("no EgressException loosens payment-vendor on 2026-11-25; one would need an"
                + " approver and an expiry, and warden check errors once it has expired");
    }

    @Test
    void the_text_has_a_heading_and_a_line_per_object_or_gap() {
        String text = everyTarget("payment-vendor", PAYMENTS).text();

        assertThat(text).startsWith("payment-vendor (namespace payments, path egress-gateway)\n"
                + "  default deny               kubernetes NetworkPolicy          payments/warden-default-deny-egress\n"
                + "                             kubernetes NetworkPolicy          warden-system/warden-default-deny-egress\n");
        assertThat(text).contains("\n  TLS verification           none — the client application must verify");
    }
}
