package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.model.decision.Decision;
import dev.warden.model.decision.Verdict;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import dev.warden.model.registry.Transport;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyIndexTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private static final WorkloadIdentity PAYMENT_WORKER = new WorkloadIdentity(
            "payments", "payment-worker-0", "payment-worker", "payment-worker-sa", "node-1", Map.of("app", "payment-worker"));
    private static final IpAddress SOURCE = IpAddress.parse("127.0.0.2");

    private static final String VENDOR = """
            apiVersion: warden.dev/v1alpha1
            kind: EgressDependency
            metadata: {name: payment-vendor}
            spec:
              owner: payments-team
              service: payment-worker
              purpose: card authorisation
              class: regulated-third-party
              source:
                namespace: payments
                serviceAccount: payment-worker-sa
                podSelector: {matchLabels: {app: payment-worker}}
              destination:
                hosts: [api.payment-vendor.example]
                wildcards: [{pattern: "*.regions.payment-vendor.example", reviewed: true, reason: shards}]
                cidrs: [203.0.113.0/24]
                ports: [{port: 443}]
              protocol: HTTPS
              path: egress-gateway
              dataClassification: regulated
              auth: oauth-client-credentials
              tls: {verify: required}
              availability: high
              audit: [destination, source-workload]
              review: {cadence: quarterly, lastReviewed: 2026-09-01}
            """;

    private static PolicyIndex index(String... documents) {
        LoadedRegistry loaded = new RegistryLoader().load("test.yaml", new StringReader(String.join("---\n", documents)));
        assertThat(loaded.findings()).as("the test registry reads cleanly").isEmpty();
        return PolicyIndex.compile(loaded.registry(), TODAY);
    }

    private static Decision toName(PolicyIndex index, WorkloadIdentity caller, String name, int port) {
        return index.decide(EgressRequest.toName(caller, SOURCE, Hostname.parse(name), port));
    }

    private static Decision resolved(PolicyIndex index, WorkloadIdentity caller, String name, String address) {
        return index.decide(EgressRequest.toName(caller, SOURCE, Hostname.parse(name), 443).resolvedTo(IpAddress.parse(address)));
    }

    private static Decision toAddress(PolicyIndex index, WorkloadIdentity caller, String address, int port) {
        return index.decide(EgressRequest.toAddress(caller, SOURCE, IpAddress.parse(address), port));
    }

    @Test
    void theRecordsWorkloadMayReachItsHostOnItsPort() {
        Decision decision = toName(index(VENDOR), PAYMENT_WORKER, "API.payment-vendor.example.", 443);

        assertThat(decision).isEqualTo(new Decision(Verdict.ALLOW, "payment-vendor", "allowed by record payment-vendor",
                decision.dependency()));
        assertThat(decision.dependency().name()).isEqualTo("payment-vendor");
    }

    @Test
    void anUnlistedHostIsDeniedNamingTheWorkloadAndTheDestination() {
        Decision decision = toName(index(VENDOR), PAYMENT_WORKER, "evil.example", 443);

        assertThat(decision).isEqualTo(Decision.deny(null,
                "no record allows payments/payment-worker to reach evil.example:443"));
    }

    @Test
    void aWorkloadOfAnotherNamespaceHasNoRecords() {
        WorkloadIdentity cart = new WorkloadIdentity("shop", "cart-0", "cart", "cart", "node-2", Map.of("app", "cart"));

        assertThat(toName(index(VENDOR), cart, "api.payment-vendor.example", 443).reason())
                .isEqualTo("no record allows shop/cart to reach api.payment-vendor.example:443 (the namespace has no egress records)");
    }

    @Test
    void theServiceAccountAndPodLabelsMustMatch() {
        PolicyIndex index = index(VENDOR);
        WorkloadIdentity otherAccount = new WorkloadIdentity("payments", "p", "payment-worker", "default", null,
                Map.of("app", "payment-worker"));
        WorkloadIdentity otherLabels = new WorkloadIdentity("payments", "p", "batch", "payment-worker-sa", null,
                Map.of("app", "batch"));
        WorkloadIdentity noLabels = new WorkloadIdentity("payments", "p", "payment-worker", "payment-worker-sa", null, Map.of());

        assertThat(toName(index, otherAccount, "api.payment-vendor.example", 443).verdict()).isEqualTo(Verdict.DENY);
        assertThat(toName(index, otherLabels, "api.payment-vendor.example", 443).verdict()).isEqualTo(Verdict.DENY);
        assertThat(toName(index, noLabels, "api.payment-vendor.example", 443).verdict())
                .as("a pod selector cannot be satisfied by a caller whose labels are unknown: fail closed")
                .isEqualTo(Verdict.DENY);
    }

    @Test
    void aListedHostOnAnotherPortIsDeniedByTheRecordWithThePortsItAllows() {
        Decision decision = toName(index(VENDOR), PAYMENT_WORKER, "api.payment-vendor.example", 8443);

        assertThat(decision.rule()).isEqualTo("payment-vendor");
        assertThat(decision.reason()).isEqualTo("record payment-vendor allows payments/payment-worker to reach"
                + " api.payment-vendor.example only on ports [443/TCP], not 8443/TCP");
    }

    @Test
    void aWildcardStandsForExactlyOneLabel() {
        PolicyIndex index = index(VENDOR);

        assertThat(toName(index, PAYMENT_WORKER, "eu1.regions.payment-vendor.example", 443).admits()).isTrue();
        assertThat(toName(index, PAYMENT_WORKER, "a.eu1.regions.payment-vendor.example", 443).admits()).isFalse();
        assertThat(toName(index, PAYMENT_WORKER, "regions.payment-vendor.example", 443).admits()).isFalse();
    }

    @Test
    void aListedNameThatResolvesToASpecialAddressIsRefused() {
        Decision decision = resolved(index(VENDOR), PAYMENT_WORKER, "api.payment-vendor.example", "169.254.169.254");

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
        assertThat(decision.rule()).isEqualTo("payment-vendor");
        assertThat(decision.reason()).startsWith("payments/payment-worker may reach api.payment-vendor.example:443 by"
                + " record payment-vendor, but it resolved to 169.254.169.254, a ")
                .endsWith(" address that the record does not allow (allowPrivate)");
        assertThat(resolved(index(VENDOR), PAYMENT_WORKER, "api.payment-vendor.example", "::ffff:127.0.0.1").admits()).isFalse();
        assertThat(resolved(index(VENDOR), PAYMENT_WORKER, "api.payment-vendor.example", "198.51.100.7").admits()).isTrue();
    }

    @Test
    void allowPrivateAdmitsThatRangeOnly() {
        PolicyIndex index = index(VENDOR.replace("cidrs: [203.0.113.0/24]",
                "cidrs: [203.0.113.0/24]\n    allowPrivate: [{cidr: 127.0.0.0/8, reason: test origin on loopback}]"));

        assertThat(resolved(index, PAYMENT_WORKER, "api.payment-vendor.example", "127.0.0.1").admits()).isTrue();
        assertThat(resolved(index, PAYMENT_WORKER, "api.payment-vendor.example", "10.0.0.1").admits()).isFalse();
        assertThat(toAddress(index, PAYMENT_WORKER, "127.0.0.9", 443).admits()).isTrue();
    }

    @Test
    void anIpLiteralIsAllowedOnlyInsideTheRecordsCidrs() {
        PolicyIndex index = index(VENDOR);

        assertThat(toAddress(index, PAYMENT_WORKER, "203.0.113.200", 443).admits()).isTrue();
        assertThat(toAddress(index, PAYMENT_WORKER, "203.0.114.1", 443).reason())
                .isEqualTo("no record allows payments/payment-worker to reach 203.0.114.1:443");
        assertThat(toAddress(index, PAYMENT_WORKER, "169.254.169.254", 443).admits()).isFalse();
    }

    @Test
    void anyPublicAdmitsEveryPublicAddressAndNoSpecialOne() {
        PolicyIndex index = index(VENDOR.replace("hosts: [api.payment-vendor.example]", "anyPublic: {reason: webhooks}")
                .replace("dataClassification: regulated", "dataClassification: internal"));

        assertThat(toName(index, PAYMENT_WORKER, "hooks.customer.example", 443).admits()).isTrue();
        assertThat(resolved(index, PAYMENT_WORKER, "hooks.customer.example", "8.8.4.4").admits()).isTrue();
        assertThat(resolved(index, PAYMENT_WORKER, "hooks.customer.example", "10.1.2.3").admits()).isFalse();
        assertThat(toAddress(index, PAYMENT_WORKER, "192.168.1.1", 443).admits()).isFalse();
        assertThat(toAddress(index, PAYMENT_WORKER, "1.1.1.1", 443).admits()).isTrue();
    }

    @Test
    void anUnidentifiedCallerIsDeniedUnlessARecordAdmitsUnidentifiedCallers() {
        assertThat(toName(index(VENDOR), null, "api.payment-vendor.example", 443).reason())
                .isEqualTo("unidentified caller 127.0.0.2 is not a known workload, and no record admits unidentified callers");

        PolicyIndex open = index(VENDOR.replace("podSelector: {matchLabels: {app: payment-worker}}",
                "podSelector: {matchLabels: {app: payment-worker}}\n    allowUnidentified: true"));
        assertThat(toName(open, null, "api.payment-vendor.example", 443).admits()).isTrue();
        assertThat(toName(open, null, "evil.example", 443).admits()).isFalse();
    }

    @Test
    void aReportOnlyRecordLetsItsWorkloadThroughWithWouldDeny() {
        PolicyIndex index = index(VENDOR + "  mode: report-only\n");

        Decision decision = toName(index, PAYMENT_WORKER, "unlisted.example", 443);

        assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW_REPORT_ONLY);
        assertThat(decision.rule()).isEqualTo("payment-vendor");
        assertThat(decision.reason()).isEqualTo("would deny: no record allows payments/payment-worker to reach"
                + " unlisted.example:443 (record payment-vendor is report-only)");
        assertThat(toName(index, PAYMENT_WORKER, "api.payment-vendor.example", 443).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(resolved(index, PAYMENT_WORKER, "unlisted.example", "169.254.169.254").verdict())
                .as("special addresses are refused even in report-only mode")
                .isEqualTo(Verdict.DENY);
    }

    @Test
    void anActiveExceptionAddsItsHostsUntilItExpires() {
        String exception = """
                apiVersion: warden.dev/v1alpha1
                kind: EgressException
                metadata: {name: old-api}
                spec: {dependency: payment-vendor, loosens: old API, hosts: [api-old.payment-vendor.example],
                       reason: migration, approvedBy: security, expires: EXPIRES}
                """;

        Decision active = toName(index(VENDOR, exception.replace("EXPIRES", "2026-11-25")), PAYMENT_WORKER,
                "api-old.payment-vendor.example", 443);
        Decision expired = toName(index(VENDOR, exception.replace("EXPIRES", "2026-11-24")), PAYMENT_WORKER,
                "api-old.payment-vendor.example", 443);

        assertThat(active.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(active.reason()).isEqualTo("allowed by exception old-api of record payment-vendor");
        assertThat(expired.verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void udpIsNotAllowedByATcpPort() {
        PolicyIndex index = index(VENDOR);

        Decision decision = index.decide(new EgressRequest(PAYMENT_WORKER, SOURCE, Hostname.parse("api.payment-vendor.example"),
                null, 443, Transport.UDP));

        assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void aLargeRegistryStillFindsTheRightRecord() {
        StringBuilder yaml = new StringBuilder(VENDOR);
        for (int i = 0; i < 5_000; i++) {
            yaml.append("---\n").append(VENDOR.replace("name: payment-vendor", "name: vendor-" + i)
                    .replace("namespace: payments", "namespace: team-" + (i % 50))
                    .replace("api.payment-vendor.example", "api" + i + ".vendor.example")
                    .replace("203.0.113.0/24", "198.51." + (i % 250) + ".0/24"));
        }
        PolicyIndex index = index(yaml.toString());
        WorkloadIdentity team7 = new WorkloadIdentity("team-7", "p", "payment-worker", "payment-worker-sa", null,
                Map.of("app", "payment-worker"));

        assertThat(toName(index, team7, "api4007.vendor.example", 443).rule()).isEqualTo("vendor-4007");
        assertThat(toName(index, team7, "api4008.vendor.example", 443).admits()).isFalse();
        assertThat(toName(index, PAYMENT_WORKER, "api.payment-vendor.example", 443).rule()).isEqualTo("payment-vendor");
    }

    private static Decision lookup(PolicyIndex index, WorkloadIdentity caller, String name) {
        return index.decide(EgressRequest.lookup(caller, SOURCE, Hostname.parse(name)));
    }

    @Test
    void aLookupIsAllowedForAnyPortTheRecordDeclares() {
        Decision decision = lookup(index(VENDOR), PAYMENT_WORKER, "api.payment-vendor.example");

        assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(decision.rule()).isEqualTo("payment-vendor");
    }

    @Test
    void aLookupOfAnUnlistedNameIsDeniedWithoutAPortInTheReason() {
        assertThat(lookup(index(VENDOR), PAYMENT_WORKER, "evil.example"))
                .isEqualTo(Decision.deny(null, "no record allows payments/payment-worker to reach evil.example"));
    }

    @Test
    void aLookupAnswerIsGuardedLikeAResolvedName() {
        PolicyIndex index = index(VENDOR);
        EgressRequest asked = EgressRequest.lookup(PAYMENT_WORKER, SOURCE, Hostname.parse("api.payment-vendor.example"));

        assertThat(index.decide(asked.resolvedTo(IpAddress.parse("203.0.113.7"))).verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(index.decide(asked.resolvedTo(IpAddress.parse("169.254.169.254"))).reason())
                .contains("resolved to 169.254.169.254");
    }
}
