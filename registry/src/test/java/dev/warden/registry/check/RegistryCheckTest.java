package dev.warden.registry.check;

import static dev.warden.registry.RegistryText.PAYMENT_VENDOR;
import static dev.warden.registry.RegistryText.POSTURE;
import static dev.warden.registry.RegistryText.at;
import static dev.warden.registry.RegistryText.check;
import static dev.warden.registry.RegistryText.documents;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each rule with a record that breaks it (exact position and text) and one that passes. */
class RegistryCheckTest {

    /** The §25 payments record with {@code from} replaced by {@code to}, beside the valid posture. */
    private static String vendor(String from, String to) {
        if (!PAYMENT_VENDOR.contains(from)) {
            throw new IllegalArgumentException("fixture does not contain " + from);
        }
        return documents(PAYMENT_VENDOR.replace(from, to), POSTURE);
    }

    private static String posture(String from, String to) {
        if (!POSTURE.contains(from)) {
            throw new IllegalArgumentException("fixture does not contain " + from);
        }
        return documents(PAYMENT_VENDOR, POSTURE.replace(from, to));
    }

    private static List<String> rules(String yaml) {
        return check(yaml).stream().map(line -> line.substring(line.lastIndexOf('[') + 1, line.length() - 1)).toList();
    }

    @Test
    void theSeedsPaymentsReferenceIsClean() {
        assertThat(check(documents(PAYMENT_VENDOR, POSTURE))).isEmpty();
    }

    @Nested
    class Destinations {
        @Test
        void aWildcardWithoutReviewAndReasonIsAnError() {
            String yaml = vendor("hosts: [api.payment-vendor.example]",
                    "hosts: [api.payment-vendor.example]\n    wildcards: [{pattern: \"*.payment-vendor.example\"}]");

            assertThat(check(yaml)).containsExactly(
                    at(yaml, "api.payment-vendor.example") + ": warning: host api.payment-vendor.example is already"
                            + " allowed by the wildcard *.payment-vendor.example [host-covered-by-wildcard]",
                    at(yaml, "\"*.payment") + ": error: wildcard *.payment-vendor.example needs a reason saying why"
                            + " single names will not do [wildcard-reason]",
                    at(yaml, "\"*.payment") + ": error: wildcard *.payment-vendor.example opens every name one label"
                            + " below it; a reviewer must set reviewed: true (§13) [wildcard-unreviewed]");
        }

        @Test
        void aReviewedWildcardWithAReasonPasses() {
            String yaml = vendor("hosts: [api.payment-vendor.example]", "wildcards: [{pattern: \"*.payment-vendor.example\","
                    + " reviewed: true, reason: regional API shards}]");

            assertThat(check(yaml)).isEmpty();
        }

        @Test
        void anyPublicNeedsAReasonAndIsNeverForRegulatedData() {
            String yaml = vendor("hosts: [api.payment-vendor.example]", "anyPublic: {}");

            assertThat(check(yaml)).containsExactly(
                    at(yaml, "anyPublic") + ": error: anyPublic allows every public address; give the reason"
                            + " (e.g. \"webhook delivery to customer URLs\") [any-public-reason]",
                    at(yaml, "anyPublic") + ": error: regulated data may not be sent to any public address;"
                            + " name the destinations [any-public-regulated]");
        }

        @Test
        void anyPublicWithAReasonPassesForInternalData() {
            String yaml = vendor("hosts: [api.payment-vendor.example]", "anyPublic: {reason: customer webhooks}")
                    .replace("class: regulated-third-party", "class: public-saas")
                    .replace("dataClassification: regulated", "dataClassification: internal")
                    .replace("path: egress-gateway", "path: http-proxy");

            assertThat(check(yaml)).isEmpty();
        }

        @Test
        void aPrivateCidrMustBeAllowedExplicitly() {
            String yaml = vendor("hosts: [api.payment-vendor.example]", "cidrs: [203.0.113.0/24, 10.1.0.0/16]");

            assertThat(check(yaml)).containsExactly(at(yaml, "10.1.0.0/16") + ": error: 10.1.0.0/16 includes "
                    + dev.warden.model.net.AddressClass.PRIVATE.description()
                    + " addresses; list it under allowPrivate with a reason (or use path private-endpoint) [cidr-special-purpose]");
        }

        @Test
        void theMetadataAddressIsSpecialPurposeToo() {
            String yaml = vendor("hosts: [api.payment-vendor.example]", "cidrs: [169.254.169.254/32]");

            assertThat(rules(yaml)).containsExactly("cidr-special-purpose");
        }

        @Test
        void everyAddressIsNotACidrGrant() {
            String yaml = vendor("hosts: [api.payment-vendor.example]", "cidrs: [0.0.0.0/0]");

            assertThat(check(yaml)).containsExactly(at(yaml, "0.0.0.0/0") + ": error: 0.0.0.0/0 is every address;"
                    + " use anyPublic with a reason for senders to arbitrary public destinations [cidr-everything]");
        }

        @Test
        void aCidrInsideTheClusterIsNotEgress() {
            String yaml = vendor("hosts: [api.payment-vendor.example]",
                    "allowPrivate: [{cidr: 10.244.1.0/24, reason: a pod}]\n    cidrs: [203.0.113.0/24]");

            assertThat(rules(yaml)).isEmpty();
            String direct = vendor("hosts: [api.payment-vendor.example]", "cidrs: [10.96.0.0/16]");
            assertThat(rules(direct)).containsExactly("cidr-special-purpose", "cidr-in-cluster");
        }

        @Test
        void allowPrivateNeedsAReasonUnlessThePathIsAPrivateEndpoint() {
            String yaml = vendor("hosts: [api.payment-vendor.example]", "hosts: [api.payment-vendor.example]\n    allowPrivate: [10.20.0.0/16]");

            assertThat(check(yaml)).containsExactly(at(yaml, "10.20.0.0/16") + ": error: allowPrivate 10.20.0.0/16 needs"
                    + " a reason ({cidr: ..., reason: ...}) unless the path is private-endpoint: private and metadata"
                    + " ranges are refused by default to stop SSRF [private-reason]");
            assertThat(check(yaml.replace("[10.20.0.0/16]", "[{cidr: 10.20.0.0/16, reason: on-prem HSM}]"))).isEmpty();
        }

        @Test
        void aPublicRangeUnderAllowPrivateIsMisfiled() {
            String yaml = vendor("hosts: [api.payment-vendor.example]",
                    "hosts: [api.payment-vendor.example]\n    allowPrivate: [{cidr: 8.8.8.0/24, reason: x}]");

            assertThat(rules(yaml)).containsExactly("private-is-public");
        }

        @Test
        void dnsPortsToAnythingButClusterDnsAreABypass() {
            String yaml = vendor("{port: 443, protocol: TCP}", "{port: 443, protocol: TCP}\n      - {port: 50, endPort: 60}");

            assertThat(check(yaml)).containsExactly(at(yaml, "{port: 50") + ": error: port 50-60/TCP lets pods reach DNS"
                    + " servers other than the cluster DNS; name resolution must go only through the posture's"
                    + " clusterDns so it is logged and policy applies (§13, §24.2) [dns-bypass]");
        }

        @Test
        void dnsOverTlsAndPublicDohResolversAreBypassesToo() {
            String dot = vendor("{port: 443, protocol: TCP}", "{port: 853}");
            String doh = vendor("[api.payment-vendor.example]", "[api.payment-vendor.example, dns.google]");

            assertThat(check(dot)).singleElement().asString().contains("(DNS over TLS)").endsWith("[dns-bypass]");
            assertThat(check(doh)).singleElement().asString().startsWith(at(doh, "dns.google") + ": error: host dns.google"
                    + " is a public DNS-over-HTTPS resolver");
        }

        @Test
        void portsMustFitTheProtocol() {
            String yaml = vendor("{port: 443, protocol: TCP}", "{port: 443, protocol: UDP}");

            assertThat(check(yaml)).containsExactly(at(yaml, "{port: 443") + ": error: protocol HTTPS runs over TCP,"
                    + " but this port is UDP; write protocol: TCP [port-protocol]");
        }

        @Test
        void aPortRangeMustNotRunBackwards() {
            String yaml = vendor("{port: 443, protocol: TCP}", "{port: 8100, endPort: 8000}");

            assertThat(check(yaml)).containsExactly(at(yaml, "8000") + ": error: endPort 8000 is below port 8100;"
                    + " a range runs from port up to endPort [port-range]");
        }

        @Test
        void aDestinationMustNameSomewhere() {
            String yaml = vendor("    hosts: [api.payment-vendor.example]\n", "");

            assertThat(rules(yaml)).containsExactly("destination-empty");
        }

        @Test
        void aSingleLabelHostDependsOnSearchDomains() {
            String yaml = vendor("[api.payment-vendor.example]", "[api.payment-vendor.example, vault]");

            assertThat(check(yaml)).containsExactly(at(yaml, "vault]") + ": warning: host vault has a single label, so it"
                    + " is resolved through the pod's search domains and may mean a different name in each namespace;"
                    + " write the fully qualified name [single-label-host]");
        }

        @Test
        void hostsThatAreTheSameAfterNormalisationAreReported() {
            String yaml = vendor("[api.payment-vendor.example]", "[api.payment-vendor.example, API.Payment-Vendor.Example.]");

            assertThat(check(yaml)).containsExactly(at(yaml, "API.Payment") + ": warning: host api.payment-vendor.example"
                    + " is already listed as hosts[0] (names compare after normalisation) [duplicate-host]");
        }
    }

    @Nested
    class Paths {
        @Test
        void aRegulatedThirdPartyMayNotLeaveByNat() {
            String yaml = vendor("path: egress-gateway", "path: nat");

            assertThat(check(yaml)).contains(at(yaml, "nat\n") + ": error: a regulated-third-party dependency must leave"
                    + " through egress-gateway or http-proxy so each call is attributed and audited (§19), not nat"
                    + " [class-path]");
        }

        @Test
        void aMeshEgressGatewayCountsWhenTheClusterHasAMesh() {
            String yaml = documents(PAYMENT_VENDOR.replace("path: egress-gateway", "path: mesh-egress-gateway")
                    .replace("sourceIp: {required: true, allowlistedBy: vendor}", "sourceIp: {required: false}"),
                    POSTURE.replace("  cni: standard", "  mesh: {kind: istio, egressGateway: {namespace: istio-system,"
                            + " podSelector: {matchLabels: {istio: egressgateway}}}}\n  cni: standard"));

            assertThat(check(yaml)).isEmpty();
        }

        @Test
        void regulatedEgressMustDeclareItsAuditNeeds() {
            String yaml = vendor("audit: [request-count, status, destination, source-workload]", "audit: []");

            assertThat(check(yaml)).containsExactly(at(yaml, "audit:") + ": error: regulated egress must declare its"
                    + " audit needs, e.g. [request-count, status, destination, source-workload] (§19, §21) [audit-needs]");
        }

        @Test
        void unknownDestinationsAreDenied() {
            String yaml = vendor("class: regulated-third-party", "class: unknown");

            assertThat(rules(yaml)).containsExactly("class-unknown");
        }

        @Test
        void aClassOffItsRecommendedPathIsAWarning() {
            String yaml = vendor("class: regulated-third-party", "class: package-download")
                    .replace("dataClassification: regulated", "dataClassification: public");

            assertThat(check(yaml)).containsExactly(at(yaml, "egress-gateway") + ": warning: §19 recommends http-proxy"
                    + " for package-download dependencies, not egress-gateway; see `warden check --explain` for what"
                    + " egress-gateway lacks [class-path]");
        }

        @Test
        void aStableSourceIpNeedsAPathThatGivesOne() {
            String yaml = vendor("path: egress-gateway", "path: private-endpoint")
                    .replace("hosts: [api.payment-vendor.example]", "allowPrivate: [10.20.0.0/16]");

            assertThat(check(yaml)).contains(at(yaml, "true, allowlistedBy") + ": error: the destination allowlists source"
                    + " addresses, but path private-endpoint gives no stable one: the destination sees a private address"
                    + " from the cloud fabric, not an allowlistable public one (§17); use egress-gateway with"
                    + " declared egress addresses [source-ip-path]");
        }

        @Test
        void aGatewayWithoutDeclaredEgressAddressesGivesNoStableSourceIp() {
            String yaml = posture("    egressIps: [198.51.100.10]\n", "");

            assertThat(rules(yaml)).containsExactly("source-ip-path");
        }

        @Test
        void natWithFixedAddressesGivesAStableSourceIp() {
            String base = documents(PAYMENT_VENDOR
                    .replace("class: regulated-third-party", "class: observability")
                    .replace("dataClassification: regulated", "dataClassification: internal")
                    .replace("path: egress-gateway", "path: nat")
                    .replace("hosts: [api.payment-vendor.example]", "cidrs: [203.0.113.0/24]"), POSTURE);

            assertThat(rules(base)).containsExactly("source-ip-path");
            assertThat(rules(base.replace("  cni: standard", "  nat: {egressIps: [198.51.100.20]}\n  cni: standard"))).isEmpty();
        }

        @Test
        void hostNamesOnAPathThatOnlyEnforcesAddressesIsAnErrorThatSuggestsAPath() {
            String yaml = vendor("class: regulated-third-party", "class: observability")
                    .replace("dataClassification: regulated", "dataClassification: internal")
                    .replace("path: egress-gateway", "path: nat")
                    .replace("sourceIp: {required: true, allowlistedBy: vendor}", "sourceIp: {required: false}");

            assertThat(check(yaml)).containsExactly(at(yaml, "nat\n") + ": error: the destination is named only by host"
                    + " names, which path nat cannot enforce: NetworkPolicy enforces addresses only; names are not seen"
                    + " (§15); use path http-proxy or egress-gateway, list the destination's cidrs, or run cni: cilium"
                    + " for toFQDNs [hostname-unenforceable]");
            assertThat(rules(yaml.replace("  cni: standard", "  cni: cilium"))).isEmpty();
        }

        @Test
        void aGatewayCannotCheckNamesOfPlainTcp() {
            String yaml = vendor("protocol: HTTPS", "protocol: TCP");

            assertThat(rules(yaml)).containsExactly("hostname-unenforceable");
            assertThat(rules(vendor("protocol: HTTPS", "protocol: TLS"))).isEmpty();
        }

        @Test
        void aGatewayPathNeedsTheGatewayInThePosture() {
            String yaml = documents(PAYMENT_VENDOR.replace("sourceIp: {required: true, allowlistedBy: vendor}",
                    "sourceIp: {required: false}"), POSTURE.replaceAll("(?s)  gateway:.*?egressIps: \\[198.51.100.10]\n", ""));

            assertThat(rules(yaml)).containsExactly("path-needs-gateway");
        }

        @Test
        void tlsWithoutVerificationIsAnErrorForRegulatedData() {
            String yaml = vendor("tls: {verify: required}", "tls: {verify: none}");

            assertThat(check(yaml)).containsExactly(at(yaml, "none}") + ": error: TLS without certificate verification"
                    + " is encryption without knowing who answers (§14); regulated data requires verify: required,"
                    + " pinned-ca or mtls [tls-unverified]");
        }

        @Test
        void cleartextHttpCannotCarryRegulatedData() {
            String yaml = vendor("protocol: HTTPS", "protocol: HTTP");

            assertThat(rules(yaml)).containsExactly("cleartext-sensitive");
        }

        @Test
        void regulatedEgressMayNotAdmitUnidentifiedCallers() {
            String yaml = vendor("matchLabels: {app: payment-worker}", "matchLabels: {app: payment-worker}\n    allowUnidentified: true");

            assertThat(check(yaml)).containsExactly(at(yaml, "true\n  destination") + ": error: regulated egress must be"
                    + " attributable to a workload (§21, §22); do not admit unidentified callers [unidentified-regulated]");
        }

        @Test
        void reportOnlyForRegulatedDataIsAWarning() {
            String yaml = vendor("mode: enforce", "mode: report-only");

            assertThat(check(yaml)).containsExactly(at(yaml, "report-only") + ": warning: report-only allows everything"
                    + " and only logs would-deny; a regulated dependency should enforce once its record is proven"
                    + " [report-only-regulated]");
        }

        @Test
        void retriesWithoutABudgetWarnOfRetryStorms() {
            String yaml = vendor("retry: {maxAttempts: 2, budgetPercent: 10}", "retry: {maxAttempts: 3}");

            assertThat(rules(yaml)).containsExactly("retry-budget");
            assertThat(rules(vendor("retry: {maxAttempts: 2, budgetPercent: 10}", "retry: {maxAttempts: 1}"))).isEmpty();
        }

        @Test
        void highAvailabilityWantsTimeoutsAndAFallback() {
            String yaml = vendor("  timeouts: {connect: 2s, request: 5s}\n", "").replace("  fallback: queue and retry later\n", "");

            assertThat(rules(yaml)).containsExactly("timeouts-missing", "fallback-missing");
        }

        @Test
        void aMeshPathWithoutAMeshInThePostureIsAnError() {
            String yaml = vendor("path: egress-gateway", "path: mesh-egress-gateway")
                    .replace("sourceIp: {required: true, allowlistedBy: vendor}", "sourceIp: {required: false}");

            assertThat(check(yaml)).containsExactly(at(yaml, "mesh-egress-gateway") + ": error: path mesh-egress-gateway"
                    + " needs the mesh and its egress gateway declared in the EgressPosture (mesh: kind, egressGateway)"
                    + " [path-needs-mesh]");
        }

        @Test
        void unverifiedTlsForPublicDataIsOnlyAWarning() {
            String yaml = vendor("tls: {verify: required}", "tls: {verify: none}")
                    .replace("class: regulated-third-party", "class: public-saas")
                    .replace("dataClassification: regulated", "dataClassification: public")
                    .replace("path: egress-gateway", "path: http-proxy");

            assertThat(check(yaml)).containsExactly(at(yaml, "none}") + ": warning: TLS without certificate verification"
                    + " is encryption without knowing who answers (§14) [tls-unverified]");
        }

        @Test
        void observabilityShippingWantsARateGuard() {
            String yaml = vendor("class: regulated-third-party", "class: observability")
                    .replace("dataClassification: regulated", "dataClassification: internal")
                    .replace("  retry: {maxAttempts: 2, budgetPercent: 10}\n", "");

            assertThat(check(yaml)).containsExactly(at(yaml, "observability") + ": warning: observability shipping needs"
                    + " a rate guard (§19): declare retry with a budgetPercent so a backlog cannot flood egress"
                    + " [observability-rate-guard]");
            assertThat(rules(vendor("class: regulated-third-party", "class: observability")
                    .replace("dataClassification: regulated", "dataClassification: internal"))).isEmpty();
        }

        @Test
        void regulatedEgressWithoutSourceWorkloadAuditWarns() {
            assertThat(rules(vendor("audit: [request-count, status, destination, source-workload]", "audit: [destination]")))
                    .containsExactly("audit-needs");
        }

        @Test
        void aConnectTimeoutLongerThanTheRequestTimeoutIsAWarning() {
            assertThat(rules(vendor("{connect: 2s, request: 5s}", "{connect: 10s, request: 5s}"))).containsExactly("timeouts-order");
        }
    }

    @Nested
    class Lifecycle {
        private static final String EXCEPTION = """
                apiVersion: warden.dev/v1alpha1
                kind: EgressException
                metadata: {name: vendor-migration}
                spec:
                  dependency: payment-vendor
                  loosens: also allow api-old.payment-vendor.example
                  hosts: [api-old.payment-vendor.example]
                  reason: the vendor retires the old API in December
                  approvedBy: security-team
                  expires: EXPIRES
                """;

        private static String exception(String expires) {
            return documents(PAYMENT_VENDOR, POSTURE, EXCEPTION.replace("EXPIRES", expires));
        }

        @Test
        void anExpiredExceptionIsAnError() {
            String yaml = exception("2026-11-24");

            assertThat(check(yaml)).containsExactly(at(yaml, "2026-11-24") + ": error: exception expired on 2026-11-24;"
                    + " remove it, or renew it with a fresh approval and expiry [exception-expired]");
        }

        @Test
        void anExceptionStillAppliesOnItsLastDayWithAWarning() {
            String yaml = exception("2026-11-25");

            assertThat(check(yaml)).containsExactly(at(yaml, "2026-11-25") + ": warning: exception expires on 2026-11-25"
                    + " (today); make the change permanent in the dependency record or let it lapse [exception-expiring]");
        }

        @Test
        void expiryWithinFourteenDaysWarnsAndLaterDoesNot() {
            assertThat(rules(exception("2026-12-09"))).containsExactly("exception-expiring");
            assertThat(rules(exception("2026-12-10"))).isEmpty();
        }

        @Test
        void anExceptionOverAYearIsAStandingRule() {
            assertThat(rules(exception("2027-12-01"))).containsExactly("exception-too-long");
        }

        @Test
        void anExceptionMustNameAnExistingDependency() {
            String yaml = exception("2026-12-31").replace("dependency: payment-vendor", "dependency: payment-vendr");

            assertThat(check(yaml)).containsExactly(at(yaml, "payment-vendr") + ": error: no EgressDependency is named"
                    + " \"payment-vendr\"; did you mean \"payment-vendor\"? [exception-target]");
        }

        @Test
        void anExceptionThatLoosensNothingEnforceableWarns() {
            String yaml = exception("2026-12-31").replace("  hosts: [api-old.payment-vendor.example]\n", "");

            assertThat(check(yaml)).containsExactly(at(yaml, "loosens:") + ": warning: the exception lists no hosts,"
                    + " cidrs or ports, so it loosens nothing that Warden can enforce; list what it adds [exception-empty]");
        }

        @Test
        void anExceptionForWhatTheRecordAlreadyAllowsIsRedundant() {
            String yaml = exception("2026-12-31").replace("[api-old.payment-vendor.example]", "[API.payment-vendor.example]");

            assertThat(check(yaml)).containsExactly(at(yaml, "API.payment") + ": warning: host api.payment-vendor.example"
                    + " is already allowed by dependency payment-vendor; the exception adds nothing [exception-redundant]");
        }

        @Test
        void exceptionRangesGetTheSameAddressChecksAsRecords() {
            String yaml = exception("2026-12-31").replace("  hosts: [api-old.payment-vendor.example]\n",
                    "  cidrs: [169.254.169.254/32]\n");

            assertThat(rules(yaml)).containsExactly("cidr-special-purpose");
        }

        @Test
        void anOverdueReviewWarnsWithTheDueDate() {
            String yaml = vendor("lastReviewed: 2026-09-01", "lastReviewed: 2026-08-24");

            assertThat(check(yaml)).containsExactly(at(yaml, "2026-08-24") + ": warning: review overdue since 2026-11-24"
                    + " (quarterly cadence, last reviewed 2026-08-24) [review-overdue]");
            assertThat(rules(vendor("lastReviewed: 2026-09-01", "lastReviewed: 2026-08-25"))).isEmpty();
        }

        @Test
        void aReviewInTheFutureIsAnError() {
            assertThat(rules(vendor("lastReviewed: 2026-09-01", "lastReviewed: 2026-12-01"))).containsExactly("review-in-future");
        }
    }

    @Nested
    class Posture {
        @Test
        void aRegistryWithoutAPostureIsAnError() {
            assertThat(rules(PAYMENT_VENDOR)).containsExactly("posture-missing");
        }

        @Test
        void twoPosturesAreAnError() {
            String yaml = documents(PAYMENT_VENDOR, POSTURE, POSTURE.replace("name: cluster", "name: second"));

            assertThat(rules(yaml)).containsExactly("posture-duplicate");
        }

        @Test
        void defaultAllowIsAWarning() {
            String yaml = posture("defaultEgress: deny", "defaultEgress: allow");

            assertThat(check(yaml)).containsExactly(at(yaml, "allow\n") + ": warning: default egress is allow: pods reach"
                    + " anything no record names, and every path can be bypassed (§18, §27); prefer deny [default-egress-allow]");
        }

        @Test
        void aSourceThatSelectsNoKnownWorkloadWarns() {
            String yaml = vendor("serviceAccount: payment-worker-sa", "serviceAccount: someone-else");

            assertThat(check(yaml)).containsExactly(at(yaml, "source:") + ": warning: the source (namespace payments,"
                    + " service account someone-else) selects none of the posture's workloads [source-selects-nothing]");
        }

        @Test
        void aPodSelectorThatMatchesNoLabelsSelectsNothing() {
            assertThat(rules(vendor("matchLabels: {app: payment-worker}", "matchLabels: {app: other}")))
                    .containsExactly("source-selects-nothing");
        }

        @Test
        void overlappingWorkloadSourcesMakeIdentityAmbiguous() {
            String yaml = posture("  workloads:\n", "  workloads:\n    - {source: 127.0.0.0/24, namespace: other, workload: x}\n");

            assertThat(rules(yaml)).containsExactly("workload-source-overlap");
        }

        @Test
        void serviceAndPodRangesMustNotOverlap() {
            assertThat(rules(posture("serviceCidrs: [10.96.0.0/12]", "serviceCidrs: [10.244.0.0/20]")))
                    .containsExactly("cluster-cidr-overlap");
        }
    }
}
