package dev.warden.gateway;

import dev.warden.dns.DnsConfig;
import dev.warden.runtime.PodWatchConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.fixtures.NginxOrigin;
import dev.warden.gateway.fixtures.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real gateway on loopback in front of a real nginx origin, with a registry written for the
 * origin's ports: payments/payment-worker (127.0.0.2) may use the origin over HTTP and HTTPS;
 * reporting/report-builder (127.0.0.3) only over HTTPS. The hosts file maps the origin's name
 * to loopback, and two trap names to the metadata address and to loopback without a record
 * that allows it.
 */
final class GatewayHarness implements AutoCloseable {
    static final String ORIGIN = "api.vendor.test";
    static final String METADATA_TRAP = "meta.vendor.test";
    static final String LOOPBACK_TRAP = "loop.vendor.test";
    static final String LIMITED = "limited.vendor.test";
    static final String RATED = "rated.vendor.test";
    static final String PAYMENT_WORKER = "127.0.0.2";
    static final String REPORT_BUILDER = "127.0.0.3";
    static final String STRANGER = "127.0.0.9";

    final Path dir;
    final TestCa ca;
    final NginxOrigin origin;
    final Path registry;
    final Path auditFile;
    GatewayServer gateway;

    GatewayHarness(Path dir) throws Exception {
        this.dir = dir;
        this.ca = TestCa.create(Files.createDirectories(dir.resolve("ca")));
        this.origin = NginxOrigin.start(Files.createDirectories(dir.resolve("origin")), ca, ORIGIN);
        this.registry = Files.createDirectories(dir.resolve("registry"));
        this.auditFile = dir.resolve("audit/warden-audit.jsonl");
        writeRegistry(registryText(""));
        Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + ORIGIN + " extra0.vendor.test extra1.vendor.test"
                + " extra2.vendor.test extra3.vendor.test " + LIMITED + " " + RATED + "\n169.254.169.254 " + METADATA_TRAP + "\n127.0.0.1 " + LOOPBACK_TRAP + "\n");
        startGateway();
    }

    void startGateway() throws InterruptedException {
        gateway = GatewayServer.start(config(false), Clock.systemUTC());
    }

    GatewayConfig config(boolean proxyProtocol) {
        return config(proxyProtocol, null);
    }

    GatewayConfig config(boolean proxyProtocol, PodWatchConfig podWatch) {
        return config(proxyProtocol, podWatch, null);
    }

    GatewayConfig config(boolean proxyProtocol, PodWatchConfig podWatch, Path proxyCredentials) {
        return config(proxyProtocol, podWatch, proxyCredentials, null);
    }

    GatewayConfig config(boolean proxyProtocol, PodWatchConfig podWatch, Path proxyCredentials,
            InetSocketAddress upstreamDns) {
        return config(proxyProtocol, podWatch, proxyCredentials, upstreamDns, null);
    }

    GatewayConfig config(boolean proxyProtocol, PodWatchConfig podWatch, Path proxyCredentials,
            InetSocketAddress upstreamDns, DnsConfig dns) {
        return new GatewayConfig(List.of(registry), new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0), auditFile.toString(), dir.resolve("hosts"), upstreamDns,
                "test-gateway",
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10), 10_000, 10L * 1024 * 1024, 3,
                proxyProtocol, podWatch, proxyCredentials, dns);
    }

    int proxyPort() {
        return gateway.listenAddress().getPort();
    }

    int adminPort() {
        return gateway.adminAddress().getPort();
    }

    /** The registry, with {@code extraPaymentHosts} added to the payments HTTP record's hosts. */
    String registryText(String extraPaymentHosts) {
        return """
                apiVersion: warden.dev/v1alpha1
                kind: EgressPosture
                metadata: {name: test}
                spec:
                  defaultEgress: deny
                  clusterDns: {namespace: kube-system, podSelector: {matchLabels: {k8s-app: kube-dns}}}
                  gateway: {namespace: warden-system, podSelector: {matchLabels: {app: warden}}, port: 3128,
                            egressIps: [198.51.100.10]}
                  workloads:
                    - {source: 127.0.0.2/32, namespace: payments, pod: payment-worker-0, workload: payment-worker,
                       serviceAccount: payment-worker-sa, node: node-1, labels: {app: payment-worker}}
                    - {source: 127.0.0.3/32, namespace: reporting, pod: report-builder-0, workload: report-builder,
                       serviceAccount: report-builder, node: node-2, labels: {app: report-builder}}
                    - {source: 127.0.0.250/32, namespace: payments, pod: settlement-batch, workload: settlement-batch,
                       serviceAccount: payment-worker-sa, node: node-3, proxyUser: settlement-batch}
                ---
                %s
                ---
                %s
                ---
                %s
                ---
                %s
                ---
                %s
                ---
                %s
                """.formatted(
                record("payments-http", "payments", "payment-worker-sa", "[" + ORIGIN + extraPaymentHosts + "]",
                        "HTTP", origin.httpPort(), true),
                record("payments-https", "payments", "payment-worker-sa", "[" + ORIGIN + "]", "HTTPS", origin.tlsPort(), true),
                record("payments-traps", "payments", "payment-worker-sa", "[" + METADATA_TRAP + ", " + LOOPBACK_TRAP + "]",
                        "HTTP", origin.httpPort(), false),
                record("reporting-https", "reporting", "report-builder", "[" + ORIGIN + "]", "HTTPS", origin.tlsPort(), true),
                record("payments-limited", "payments", "payment-worker-sa", "[" + LIMITED + "]", "TCP", origin.httpPort(), true)
                        + "  limits: {maxConnections: 1}\n",
                record("payments-rated", "payments", "payment-worker-sa", "[" + RATED + "]", "HTTP", origin.httpPort(), true)
                        + "  limits: {connectionsPerSecond: 0.01}\n");
    }

    private static String record(String name, String namespace, String serviceAccount, String hosts, String protocol,
            int port, boolean loopbackAllowed) {
        return """
                apiVersion: warden.dev/v1alpha1
                kind: EgressDependency
                metadata: {name: %s}
                spec:
                  owner: test-team
                  service: test
                  purpose: exercise the gateway
                  class: public-saas
                  source: {namespace: %s, serviceAccount: %s}
                  destination:
                    hosts: %s
                    %s
                    ports: [{port: %d}]
                  protocol: %s
                  path: http-proxy
                  dataClassification: internal
                  auth: none
                  tls: {verify: required}
                  availability: medium
                  audit: [destination, source-workload, status, bytes]
                  review: {cadence: annual, lastReviewed: 2026-10-01}
                """.formatted(name, namespace, serviceAccount, hosts,
                loopbackAllowed ? "allowPrivate: [{cidr: 127.0.0.0/8, reason: the test origin listens on loopback}]" : "",
                port, protocol);
    }

    void writeRegistry(String text) {
        try {
            Path file = registry.resolve("registry.yaml");
            Path temporary = registry.resolve(".registry.yaml.tmp");
            Files.writeString(temporary, text);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The audit lines written so far, parsed. */
    List<JsonNode> auditLines() {
        try {
            if (!Files.exists(auditFile)) {
                return List.of();
            }
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(auditFile)) {
                lines.add(json.readTree(line));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET or POST on the admin listener; returns status and body. */
    HttpResponse<String> admin(String method, String path) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        origin.close();
    }
}
