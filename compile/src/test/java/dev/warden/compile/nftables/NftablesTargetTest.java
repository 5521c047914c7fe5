package dev.warden.compile.nftables;

import static dev.warden.compile.nftables.TestRegistries.natRecord;
import static dev.warden.compile.nftables.TestRegistries.posture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.model.net.AddressClass;
import dev.warden.model.net.Cidr;
import dev.warden.model.registry.Registry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NftablesTargetTest {
    private static final Pattern COMMENT = Pattern.compile("comment \"([^\"]*)\"$");

    private static List<String> chain(String script, String name) {
        String body = script.substring(script.indexOf("    chain " + name + " {\n"));
        body = body.substring(body.indexOf('\n') + 1, body.indexOf("    }\n"));
        return body.lines().map(String::strip).toList();
    }

    @Test
    void paymentsLetsPodsReachOnlyTheGatewayWhichLeavesFromItsEgressIp() {
        NftablesRuleset ruleset = NftablesTarget.compile(TestRegistries.example("payments"));
        List<String> forward = chain(ruleset.script(), "forward");

        assertThat(ruleset.problems()).isEmpty();
        assertThat(ruleset.script()).contains(
                "set pod_cidrs { type ipv4_addr; flags interval; elements = { 10.244.0.0/16 } }",
                "set cluster_dns { type ipv4_addr; flags interval; elements = { 10.96.0.10 } }",
                "set gateway_addrs { type ipv4_addr; flags interval; }");
        assertThat(forward).containsSubsequence(
                "type filter hook forward priority filter; policy drop;",
                "ip daddr { 100.100.100.200, 169.254.169.254 } counter drop comment \"warden: cloud metadata, refused before any accept\"",
                "ct state established,related accept comment \"warden: replies to allowed connections\"",
                "ip saddr @pod_cidrs ct original ip daddr @cluster_dns meta l4proto { tcp, udp } ct original proto-dst 53"
                        + " accept comment \"warden: DNS to the cluster resolver (§24.2)\"",
                "ip saddr @pod_cidrs meta l4proto { tcp, udp } th dport { 53, 853 } counter drop"
                        + " comment \"warden: DNS only to the resolver (§24.2)\"",
                "ip saddr @pod_cidrs ip daddr @gateway_addrs tcp dport 3128 accept comment \"warden: gateway for payment-vendor\"",
                "ip saddr @gateway_addrs tcp dport 443 accept comment \"warden: gateway egress for payment-vendor\"");
        assertThat(forward.get(forward.size() - 1)).isEqualTo("counter drop comment \"warden: default deny (§15)\"");
        assertThat(forward).as("a gateway-path record opens nothing directly").noneMatch(rule -> rule.contains("dst_"));
        assertThat(chain(ruleset.script(), "postrouting")).containsExactly(
                "type nat hook postrouting priority srcnat; policy accept;",
                "ip saddr @gateway_addrs ip daddr != @pod_cidrs snat ip to 198.51.100.10"
                        + " comment \"warden: the gateway leaves from its egressIps\"",
                "ip saddr @pod_cidrs ip daddr != @pod_cidrs masquerade comment \"warden: pods leave from the node's address\"");
    }

    @Test
    void metadataIsDroppedBeforeAnyAccept() {
        for (String example : TestRegistries.EXAMPLES) {
            List<String> forward = chain(NftablesTarget.compile(TestRegistries.example(example)).script(), "forward");
            int metadata = indexOf(forward, "169.254.169.254");
            int firstAccept = indexOf(forward, " accept ");

            assertThat(metadata).as(example).isPositive().isLessThan(firstAccept);
        }
    }

    @Test
    void platformAllowsThePrivateEndpointByAddressAndTheNatRecordByResolvedNames() {
        NftablesRuleset ruleset = NftablesTarget.compile(TestRegistries.example("platform"));
        List<String> forward = chain(ruleset.script(), "forward");

        assertThat(ruleset.script()).contains(
                "set dst_orders_database { type ipv4_addr; flags interval; elements = { 10.20.30.0/24 } }",
                "set fqdn4_orders_database { type ipv4_addr; flags timeout; }",
                "set fqdn4_log_shipping { type ipv4_addr; flags timeout; }",
                "set cluster_dns { type ipv4_addr; flags interval; elements = { 10.96.0.10, 169.254.20.10 } }");
        assertThat(forward).containsSubsequence(
                "ip saddr @pod_cidrs ip daddr @gateway_addrs tcp dport 3128 accept"
                        + " comment \"warden: gateway for customer-webhooks, package-mirror\"",
                "ip daddr @pod_cidrs accept comment \"warden: to pods, in-cluster, not egress\"",
                "ip saddr @pod_cidrs ip daddr @fqdn4_log_shipping tcp dport 443 accept comment \"warden: log-shipping\"",
                "ip saddr @pod_cidrs ip daddr @dst_orders_database tcp dport 5432 accept comment \"warden: orders-database\"",
                "ip saddr @pod_cidrs ip daddr @fqdn4_orders_database tcp dport 5432 accept comment \"warden: orders-database\"",
                "counter drop comment \"warden: default deny (§15)\"");
        assertThat(chain(ruleset.script(), "postrouting")).contains(
                "ip saddr @pod_cidrs ip daddr != @pod_cidrs snat ip to 198.51.100.20"
                        + " comment \"warden: pods leave from the posture's nat egressIps\"");
        assertThat(ruleset.problems()).containsExactly("record log-shipping (path nat) names its destination only by"
                + " host name, which an address firewall cannot match: the ruleset allows only the addresses warden dns"
                + " adds to fqdn4_log_shipping as pods resolve those names, so run warden dns as the cluster resolver,"
                + " add the destination's cidrs, or move the record to egress-gateway or http-proxy to enforce the"
                + " names themselves");
    }

    @Test
    void everyRuleNamesWhatItImplementsInACommentNftAccepts() {
        for (String example : TestRegistries.EXAMPLES) {
            String script = NftablesTarget.compile(TestRegistries.example(example)).script();
            List<String> rules = new ArrayList<>(chain(script, "forward"));
            rules.addAll(chain(script, "postrouting"));
            rules.removeIf(line -> line.startsWith("#") || line.startsWith("type "));

            assertThat(rules).as(example).isNotEmpty().allSatisfy(rule -> {
                Matcher comment = COMMENT.matcher(rule);
                assertThat(comment.find()).as(rule).isTrue();
                assertThat(comment.group(1)).startsWith("warden: ");
                assertThat(comment.group(1).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(128);
            });
        }
    }

    @Test
    void theSameRegistryGivesTheSameBytesWhateverTheOrderOfItsFiles() {
        String b = natRecord("b-service", "cidrs: [192.0.2.0/24]\nports: [{port: 443}]");
        String a = natRecord("a-service", "cidrs: [198.51.100.0/24, 192.0.2.7/32]\nports: [{port: 8443}, {port: 80}]");
        Registry forwards = TestRegistries.of(posture(""), a, b);
        Registry backwards = TestRegistries.of(b, a, posture(""));

        String script = NftablesTarget.compile(forwards).script();

        assertThat(NftablesTarget.compile(forwards).script()).isEqualTo(script);
        assertThat(NftablesTarget.compile(backwards).script()).isEqualTo(script);
        assertThat(script).contains("set dst_a_service { type ipv4_addr; flags interval; elements = { 192.0.2.7, 198.51.100.0/24 } }");
        assertThat(script.indexOf("comment \"warden: a-service\"")).isLessThan(script.indexOf("comment \"warden: b-service\""));
        assertThat(script).contains("tcp dport { 80, 8443 } accept comment \"warden: a-service\"");
    }

    @Test
    void aHostnameOnlyNatRecordIsAProblemThatNamesItAndTheWaysOut() {
        Registry registry = TestRegistries.of(posture(""),
                natRecord("status-page", "hosts: [status.vendor.example]\nports: [{port: 443}]"));

        NftablesRuleset ruleset = NftablesTarget.compile(registry);

        assertThat(ruleset.problems()).singleElement().asString()
                .startsWith("record status-page (path nat) names its destination only by host name")
                .contains("fqdn4_status_page", "warden dns", "egress-gateway or http-proxy");
        assertThat(chain(ruleset.script(), "forward")).contains(
                "ip saddr @pod_cidrs ip daddr @fqdn4_status_page tcp dport 443 accept comment \"warden: status-page\"");
    }

    @Test
    void resolvedAddressSetsAreNamedAsTheDnsResolverNamesThem() {
        // The names dev.warden.dns.Observations.setName gives: the resolver's file fills these sets.
        assertThat(NftNames.resolvedAddressSet("payment-vendor", true)).isEqualTo("fqdn4_payment_vendor");
        assertThat(NftNames.resolvedAddressSet("payment-vendor", false)).isEqualTo("fqdn6_payment_vendor");
        assertThat(NftNames.resolvedAddressSet("api.v2-client", true)).isEqualTo("fqdn4_api.v2_client");
        String longName = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d-".repeat(34) + "e";
        assertThat(NftNames.resolvedAddressSet(longName, true))
                .hasSize(255)
                .startsWith("fqdn4_aaaa")
                .endsWith("_" + String.format("%08x", longName.hashCode()));

        Registry registry = TestRegistries.of(posture(""),
                natRecord("payment-vendor", "hosts: [api.payment-vendor.example]\nports: [{port: 443}]"));
        assertThat(NftablesTarget.compile(registry).script())
                .contains("set fqdn4_payment_vendor { type ipv4_addr; flags timeout; }")
                .contains("ip daddr @fqdn4_payment_vendor tcp dport 443 accept");
    }

    @Test
    void reportOnlyRecordsAcceptAndLog() {
        String record = natRecord("trial-api", "cidrs: [192.0.2.0/24]\nports: [{port: 8000, endPort: 8100}, {port: 8050}, {port: 9000, protocol: UDP}]")
                + "  mode: report-only\n";

        List<String> forward = chain(NftablesTarget.compile(TestRegistries.of(posture(""), record)).script(), "forward");

        assertThat(forward).contains(
                "ip saddr @pod_cidrs ip daddr @dst_trial_api tcp dport 8000-8100 log prefix \"warden report-only trial-api \""
                        + " accept comment \"warden: trial-api\"",
                "ip saddr @pod_cidrs ip daddr @dst_trial_api udp dport 9000 log prefix \"warden report-only trial-api \""
                        + " accept comment \"warden: trial-api\"");
    }

    @Test
    void anyPublicOnNatExcludesSpecialRangesAndTheClustersOwn() {
        String record = natRecord("webhooks", "anyPublic: {reason: customer URLs}\nports: [{port: 443}]");
        Registry registry = TestRegistries.of(posture("  nat: {egressIps: [198.51.100.20]}\n"), record);

        String script = NftablesTarget.compile(registry).script();

        assertThat(script).contains("ip saddr @pod_cidrs ip daddr != @non_public tcp dport 443 accept comment \"warden: webhooks\"");
        String nonPublic = script.lines().filter(line -> line.contains("set non_public {") && line.contains("elements"))
                .findFirst().orElseThrow();
        assertThat(nonPublic).contains("10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8", "172.16.0.0/12",
                        "192.168.0.0/16")
                .as("the pod and service ranges lie inside 10.0.0.0/8, and nft refuses overlapping elements")
                .doesNotContain("10.244.0.0/16", "10.96.0.0/12");
    }

    @Test
    void ipv6PodsGetTheirOwnSetsAndRules() {
        String dualStack = posture("").replace("podCidrs: [10.244.0.0/16]", "podCidrs: [10.244.0.0/16, fd10:244::/56]")
                .replace("addresses: [10.96.0.10]", "addresses: [10.96.0.10, fd10:96::a]");
        String record = natRecord("v6-api", "cidrs: [2001:db8:1::/48]\nhosts: [api.v6.example]\nports: [{port: 443}]");

        String script = NftablesTarget.compile(TestRegistries.of(dualStack, record)).script();

        assertThat(script).contains(
                "set pod_cidrs6 { type ipv6_addr; flags interval; elements = { fd10:244::/56 } }",
                "set cluster_dns6 { type ipv6_addr; flags interval; elements = { fd10:96::a } }",
                "set dst6_v6_api { type ipv6_addr; flags interval; elements = { 2001:db8:1::/48 } }",
                "set fqdn6_v6_api { type ipv6_addr; flags timeout; }",
                "ip6 daddr fd00:ec2::254 counter drop",
                "ip6 saddr @pod_cidrs6 ip6 daddr @dst6_v6_api tcp dport 443 accept comment \"warden: v6-api\"",
                "ip6 saddr @pod_cidrs6 ip6 daddr @fqdn6_v6_api tcp dport 443 accept comment \"warden: v6-api\"",
                "ip6 saddr @pod_cidrs6 ip6 daddr != @pod_cidrs6 masquerade")
                .doesNotContain("set dst_v6_api");
    }

    @Test
    void aRecordOnTheGatewayPathWithoutAGatewayPortIsAProblem() {
        String record = natRecord("proxied", "hosts: [api.vendor.example]\nports: [{port: 443}]")
                .replace("path: nat", "path: http-proxy");

        NftablesRuleset ruleset = NftablesTarget.compile(TestRegistries.of(posture(""), record));

        assertThat(ruleset.problems()).containsExactly("records proxied leave through the gateway, but the posture"
                + " names no gateway port: pods cannot reach the gateway through this ruleset; set spec.gateway.port");
        assertThat(ruleset.script()).doesNotContain("gateway for proxied");
    }

    @Test
    void theRangesAnyPublicMustNotReachAreTheOnesTheGatewayRefuses() {
        for (Cidr range : AddressRanges.NON_PUBLIC_V4) {
            assertThat(AddressClass.classify(range.network()).refusedByDefault()).as(range + " first").isTrue();
            assertThat(AddressClass.classify(range.lastAddress()).refusedByDefault()).as(range + " last").isTrue();
        }
        for (Cidr range : AddressRanges.NON_PUBLIC_V6_IN_GLOBAL_UNICAST) {
            assertThat(AddressClass.overlapping(range)).as(range.toString()).isNotEmpty();
        }
    }

    private static int indexOf(List<String> rules, String fragment) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }
}
