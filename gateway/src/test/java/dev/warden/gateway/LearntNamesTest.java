package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.dns.Observations;
import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import dev.warden.policy.EgressRequest;
import dev.warden.policy.PolicyIndex;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A CONNECT to an IP literal is decided as the name the caller resolved it from through Warden's DNS. */
class LearntNamesTest {
    private static final WorkloadIdentity PAYMENT_WORKER = new WorkloadIdentity("payments", "payment-worker-0",
            "payment-worker", "payment-worker-sa", "node-1", Map.of("app", "payment-worker"));
    private static final WorkloadIdentity CART = new WorkloadIdentity("payments", "cart-0", "cart", "payment-worker-sa",
            "node-2", Map.of("app", "payment-worker"));
    private static final IpAddress SOURCE = IpAddress.parse("127.0.0.2");
    private static final IpAddress ANSWERED = IpAddress.parse("203.0.113.10");

    private final PolicyIndex policy = policy();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T12:00:00Z"));
    private final Observations observations = new Observations(now::get);

    private static PolicyIndex policy() {
        LoadedRegistry loaded = new RegistryLoader().load("test.yaml", new StringReader("""
                apiVersion: warden.dev/v1alpha1
                kind: EgressDependency
                metadata: {name: payment-vendor}
                spec:
                  owner: payments-team
                  service: payment-worker
                  purpose: card authorisation
                  class: public-saas
                  source: {namespace: payments, serviceAccount: payment-worker-sa}
                  destination:
                    hosts: [api.vendor.test]
                    ports: [{port: 443}]
                  protocol: HTTPS
                  path: http-proxy
                  dataClassification: internal
                  auth: none
                  tls: {verify: required}
                  availability: medium
                  audit: [destination, source-workload]
                  review: {cadence: annual, lastReviewed: 2026-10-01}
                """));
        assertThat(loaded.findings()).isEmpty();
        return PolicyIndex.compile(loaded.registry(), LocalDate.of(2026, 11, 25));
    }

    private EgressRequest literal(WorkloadIdentity caller, int port) {
        return EgressRequest.toAddress(caller, SOURCE, ANSWERED, port);
    }

    @Test
    void an_address_the_caller_resolved_from_an_allowed_name_is_decided_as_that_name() {
        observations.recordAnswer(PAYMENT_WORKER, SOURCE, Hostname.parse("api.vendor.test"), List.of(ANSWERED),
                "payment-vendor", 60);

        EgressRequest attributed = LearntNames.attribute(policy, observations, literal(PAYMENT_WORKER, 443));

        assertThat(attributed.name()).isEqualTo(Hostname.parse("api.vendor.test"));
        assertThat(attributed.address()).isEqualTo(ANSWERED);
        assertThat(policy.decide(attributed).admits()).isTrue();
    }

    @Test
    void without_an_observation_or_after_it_expires_the_literal_stays_denied() {
        EgressRequest unseen = literal(PAYMENT_WORKER, 443);
        assertThat(LearntNames.attribute(policy, observations, unseen)).isSameAs(unseen);

        observations.recordAnswer(PAYMENT_WORKER, SOURCE, Hostname.parse("api.vendor.test"), List.of(ANSWERED),
                "payment-vendor", 60);
        now.set(now.get().plusSeconds(61));
        assertThat(LearntNames.attribute(policy, observations, unseen)).isSameAs(unseen);
    }

    @Test
    void another_workloads_lookup_does_not_attribute_and_the_port_still_counts() {
        observations.recordAnswer(CART, IpAddress.parse("127.0.0.3"), Hostname.parse("api.vendor.test"),
                List.of(ANSWERED), "payment-vendor", 60);
        EgressRequest fromWorker = literal(PAYMENT_WORKER, 443);
        assertThat(LearntNames.attribute(policy, observations, fromWorker)).isSameAs(fromWorker);

        observations.recordAnswer(PAYMENT_WORKER, SOURCE, Hostname.parse("api.vendor.test"), List.of(ANSWERED),
                "payment-vendor", 60);
        EgressRequest otherPort = literal(PAYMENT_WORKER, 22);
        assertThat(LearntNames.attribute(policy, observations, otherPort)).isSameAs(otherPort);
    }

    @Test
    void without_a_dns_resolver_in_the_process_nothing_is_attributed() {
        EgressRequest request = literal(PAYMENT_WORKER, 443);
        assertThat(LearntNames.attribute(policy, null, request)).isSameAs(request);
    }
}
