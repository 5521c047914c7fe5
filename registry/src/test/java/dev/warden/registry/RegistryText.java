package dev.warden.registry;

import dev.warden.model.finding.Finding;
import dev.warden.registry.check.RegistryCheck;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;

/**
 * Test fixtures: a valid posture and the seed's §25 payments record as YAML text, and helpers
 * that check YAML text and find where a piece of it starts, so tests assert exact positions.
 */
public final class RegistryText {
    public static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    public static final String FILE = "registry.yaml";

    public static final String POSTURE = """
            apiVersion: warden.dev/v1alpha1
            kind: EgressPosture
            metadata:
              name: cluster
            spec:
              defaultEgress: deny
              clusterDns:
                namespace: kube-system
                podSelector:
                  matchLabels: {k8s-app: kube-dns}
              podCidrs: [10.244.0.0/16]
              serviceCidrs: [10.96.0.0/12]
              gateway:
                namespace: warden-system
                podSelector:
                  matchLabels: {app: warden-gateway}
                port: 3128
                egressIps: [198.51.100.10]
              cni: standard
              workloads:
                - {source: 127.0.0.2/32, namespace: payments, pod: payment-worker-0, workload: payment-worker,
                   serviceAccount: payment-worker-sa, node: node-1, labels: {app: payment-worker}}
            """;

    public static final String PAYMENT_VENDOR = """
            apiVersion: warden.dev/v1alpha1
            kind: EgressDependency
            metadata:
              name: payment-vendor
            spec:
              owner: payments-team
              service: payment-worker
              purpose: card authorisation with the payment vendor
              class: regulated-third-party
              source:
                namespace: payments
                serviceAccount: payment-worker-sa
                podSelector:
                  matchLabels: {app: payment-worker}
              destination:
                hosts: [api.payment-vendor.example]
                ports:
                  - {port: 443, protocol: TCP}
              protocol: HTTPS
              path: egress-gateway
              dataClassification: regulated
              dataDescription: payment metadata, no PAN
              auth: oauth-client-credentials
              tls: {verify: required}
              sourceIp: {required: true, allowlistedBy: vendor}
              availability: high
              timeouts: {connect: 2s, request: 5s}
              retry: {maxAttempts: 2, budgetPercent: 10}
              fallback: queue and retry later
              audit: [request-count, status, destination, source-workload]
              review: {cadence: quarterly, lastReviewed: 2026-09-01}
              mode: enforce
            """;

    private RegistryText() {}

    public static LoadedRegistry load(String yaml) {
        return new RegistryLoader().load(FILE, new StringReader(yaml));
    }

    /** Every finding for {@code yaml}, as the compiler-style lines that {@code check} prints. */
    public static List<String> check(String yaml) {
        return RegistryCheck.check(load(yaml), TODAY).stream().map(Finding::toString).toList();
    }

    /** {@code documents} joined as one multi-document file, the first at line 1. */
    public static String documents(String... documents) {
        return String.join("---\n", documents);
    }

    /** "file:line:col" of the first occurrence of {@code needle} in {@code yaml}. */
    public static String at(String yaml, String needle) {
        return at(yaml, needle, 1);
    }

    /** "file:line:col" of the {@code occurrence}-th (1-based) occurrence of {@code needle}. */
    public static String at(String yaml, String needle, int occurrence) {
        int index = -1;
        for (int i = 0; i < occurrence; i++) {
            index = yaml.indexOf(needle, index + 1);
            if (index < 0) {
                throw new IllegalArgumentException("\"" + needle + "\" occurs fewer than " + occurrence + " times");
            }
        }
        int line = 1 + (int) yaml.substring(0, index).chars().filter(c -> c == '\n').count();
        int column = index - yaml.lastIndexOf('\n', index - 1);
        return FILE + ":" + line + ":" + column;
    }
}
