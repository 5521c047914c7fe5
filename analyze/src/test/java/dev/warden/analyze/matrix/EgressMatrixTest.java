package dev.warden.analyze.matrix;

import static dev.warden.analyze.matrix.Manifests.serving;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.reach.Destination.ToAddress;
import dev.warden.analyze.reach.PortSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressMatrixTest {
    @TempDir
    Path dir;

    private static final String DEFAULT_DENY_EGRESS_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny-egress, namespace: x}
            spec: {podSelector: {}, policyTypes: [Egress]}
            """;

    @Test
    void endpointsSelectorsCannotTellApartAreOneRowNamedAfterTheirController() {
        EgressMatrix matrix = matrix(
                pod("x", "web-1", "{app: web}", "10.0.0.5", ""),
                pod("x", "web-2", "{app: web}", "10.0.0.6", ""),
                deployment("x", "web", "{app: web}", ""),
                pod("x", "other", "{app: web}", "10.0.0.7", "serviceAccountName: other"),
                pod("x", "host", "{app: web}", "192.0.2.1", "hostNetwork: true"));

        assertThat(matrix.rows())
                .extracting(Workload::id, Workload::kind, Workload::pods, w -> w.endpoints().size())
                .containsExactly(
                        tuple("x/host", "Pod", 1, 1),
                        tuple("x/other", "Pod", 1, 1),
                        tuple("x/web", "Deployment", 2, 3));
    }

    @Test
    void aNamespaceCellIsTheShareOfItsWorkloadsTheRowReaches() {
        String aToYa = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a-to-y-a, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress: [{to: [{namespaceSelector: {}, podSelector: {matchLabels: {pod: a}}}], ports: [{port: 80}]}]
                """;
        EgressMatrix matrix = matrix(serving("x", "a"), serving("y", "a"), serving("y", "b"), aToYa);

        assertThat(cell(matrix, "x/a", "y")).isEqualTo(new Cell(1, 2));
        assertThat(cell(matrix, "x/a", "y").value()).isEqualTo(0.5);
        assertThat(cell(matrix, "y/a", "x")).isEqualTo(new Cell(1, 1));
        assertThat(matrix.columns()).extracting(Column::name, Column::kind, Column::total).startsWith(
                tuple("x", Column.Kind.NAMESPACE, 1), tuple("y", Column.Kind.NAMESPACE, 2));
    }

    @Test
    void theDestinationsIngressMustAllowTheConnectionToo() {
        String denyIngressY = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny-ingress, namespace: y}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """;
        EgressMatrix matrix = matrix(serving("x", "a"), serving("y", "a"), denyIngressY);

        assertThat(cell(matrix, "x/a", "y")).isEqualTo(new Cell(0, 1));
        assertThat(cell(matrix, "y/a", "x")).isEqualTo(new Cell(1, 1));
    }

    @Test
    void aDestinationIsProbedOnItsDeclaredPortsOrOn80TcpWhenItDeclaresNone() {
        String undeclared = pod("y", "plain", "{app: plain}", "10.0.2.1", "");
        String declares8080 = """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: z, labels: {app: web}}
                spec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}, {containerPort: 9090, protocol: UDP}]}]}
                """;
        String egressOn = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: only-port, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress: [{ports: [{port: PORT}]}]
                """;

        EgressMatrix on8080 = matrix(serving("x", "a"), undeclared, declares8080, egressOn.replace("PORT", "8080"));
        assertThat(cell(on8080, "x/a", "y")).isEqualTo(new Cell(0, 1));
        assertThat(cell(on8080, "x/a", "z")).isEqualTo(new Cell(1, 1));

        EgressMatrix on80 = matrix(serving("x", "a"), undeclared, declares8080, egressOn.replace("PORT", "80"));
        assertThat(cell(on80, "x/a", "y")).isEqualTo(new Cell(1, 1));
        assertThat(cell(on80, "x/a", "z")).isEqualTo(new Cell(0, 1));
    }

    @Test
    void replicasReachingEachOtherAreEvaluatedLikeAnyPairWhileALonePodReachesItself() {
        String denyIngressX = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny-ingress, namespace: x}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """;
        EgressMatrix matrix = matrix(
                deployment("x", "web", "{app: web}", ""),
                pod("x", "web-1", "{app: web}", "10.0.0.5", ""),
                pod("x", "web-2", "{app: web}", "10.0.0.6", ""),
                pod("x", "solo", "{app: solo}", "10.0.0.9", ""),
                denyIngressX);

        assertThat(cell(matrix, "x/web", "x")).isEqualTo(new Cell(0, 2));
        assertThat(cell(matrix, "x/solo", "x")).isEqualTo(new Cell(1, 2));
    }

    @Test
    void fixedColumnsProbeTheInternetTheMetadataServiceAndAPrivateAddress() {
        String publicOnly = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: public-only, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16]}}]
                """;
        EgressMatrix matrix = matrix(serving("x", "a"), serving("x", "b"), publicOnly);

        assertThat(matrix.columns()).filteredOn(Column::fixed)
                .extracting(Column::name, Column::kind, Column::probe, Column::total)
                .containsExactly(
                        tuple("internet", Column.Kind.ADDRESS, "203.0.113.10:443/TCP", 1),
                        tuple("metadata", Column.Kind.ADDRESS, "169.254.169.254:80/TCP", 1),
                        tuple("private network", Column.Kind.ADDRESS, "10.255.255.1:443/TCP", 1));
        assertThat(List.of(cell(matrix, "x/a", "internet"), cell(matrix, "x/a", "metadata"),
                        cell(matrix, "x/a", "private network")))
                .containsExactly(new Cell(1, 1), new Cell(0, 1), new Cell(0, 1));
        assertThat(List.of(cell(matrix, "x/b", "internet"), cell(matrix, "x/b", "metadata"),
                        cell(matrix, "x/b", "private network")))
                .containsExactly(new Cell(1, 1), new Cell(1, 1), new Cell(1, 1));
    }

    @Test
    void thePrivateProbeSharesNoSixteenBitNetworkWithAnyPodIp() {
        assertThat(EgressMatrix.privateNetworkProbe(withIps())).isEqualTo(privateProbe("10.255.255.1"));
        assertThat(EgressMatrix.privateNetworkProbe(withIps("10.255.7.1", "fd00::1")))
                .isEqualTo(privateProbe("172.31.255.1"));
        assertThat(EgressMatrix.privateNetworkProbe(withIps("10.255.7.1", "172.31.0.4")))
                .isEqualTo(privateProbe("192.168.255.1"));
        // nowhere is free: the first, which the column then shares with those pods
        assertThat(EgressMatrix.privateNetworkProbe(withIps("10.255.7.1", "172.31.0.4", "192.168.255.200")))
                .isEqualTo(privateProbe("10.255.255.1"));
    }

    @Test
    void clusterDnsIsAColumnOfTheKubeDnsWorkloadsOn53UdpWhenTheManifestsHoldThem() {
        String coredns = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: coredns, namespace: kube-system}
                spec:
                  selector: {matchLabels: {k8s-app: kube-dns}}
                  template:
                    metadata: {labels: {k8s-app: kube-dns}}
                    spec: {containers: [{name: coredns, image: coredns, ports: [{containerPort: 53, protocol: UDP}]}]}
                """;
        String dnsForA = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: dns-for-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress: [{to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{port: 53, protocol: UDP}]}]
                """;
        EgressMatrix matrix = matrix(serving("x", "a"), serving("x", "b"), coredns, DEFAULT_DENY_EGRESS_X, dnsForA);

        assertThat(matrix.columns().getLast())
                .isEqualTo(new Column("cluster DNS", Column.Kind.CLUSTER_DNS, "kube-system k8s-app=kube-dns, 53/UDP", 1));
        assertThat(cell(matrix, "x/a", "cluster DNS")).isEqualTo(new Cell(1, 1));
        assertThat(cell(matrix, "x/b", "cluster DNS")).isEqualTo(new Cell(0, 1));
        assertThat(matrix(serving("x", "a")).columns()).extracting(Column::name).doesNotContain("cluster DNS");
    }

    @Test
    void rowsComputedInParallelGiveTheSameMatrixEveryTime() {
        List<String> documents = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            String namespace = "ns" + n;
            for (int w = 0; w < 4; w++) {
                documents.add(deployment(namespace, "w" + w, "{app: w" + w + "}", ""));
            }
            // each namespace's w0 may reach only the next namespace's w1, and everything else is open
            documents.add("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: w0, namespace: NS}
                    spec:
                      podSelector: {matchLabels: {app: w0}}
                      policyTypes: [Egress]
                      egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: NEXT}}, podSelector: {matchLabels: {app: w1}}}]}]
                    """.replace("NEXT", "ns" + (n + 1) % 12).replace("NS", namespace));
        }
        EgressMatrix first = matrix(documents.toArray(String[]::new));

        assertThat(first.rows()).hasSize(48);
        assertThat(cell(first, "ns3/w0", "ns4")).isEqualTo(new Cell(1, 4));
        assertThat(cell(first, "ns3/w0", "ns5")).isEqualTo(new Cell(0, 4));
        assertThat(cell(first, "ns3/w2", "ns5")).isEqualTo(new Cell(4, 4));
        for (int run = 0; run < 3; run++) {
            assertThat(cells(matrix(documents.toArray(String[]::new)))).isEqualTo(cells(first));
        }
    }

    private static List<Cell> cells(EgressMatrix matrix) {
        return IntStream.range(0, matrix.rows().size()).boxed()
                .flatMap(row -> IntStream.range(0, matrix.columns().size()).mapToObj(column -> matrix.cell(row, column)))
                .toList();
    }

    private static ToAddress privateProbe(String ip) {
        return new ToAddress(ip, PortSpec.tcp(443));
    }

    private static Cluster withIps(String... ips) {
        List<Endpoint> pods = Arrays.stream(ips)
                .map(ip -> new Endpoint("x", "pod-" + ip, "Pod", Map.of(), List.of(), List.of(ip), false, "default",
                        new SourceRef("test.yaml", 1)))
                .toList();
        return new Cluster(Map.of(), pods, List.of(), Map.of());
    }

    private static String pod(String namespace, String name, String labels, String ip, String specExtra) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: NAME, namespace: NS, labels: LABELS}
                spec:
                  containers: [{name: c, image: i}]
                  EXTRA
                status: {podIP: ADDRESS}
                """.replace("NAME", name).replace("NS", namespace).replace("LABELS", labels)
                .replace("ADDRESS", ip).replace("EXTRA", specExtra);
    }

    private static String deployment(String namespace, String name, String labels, String specExtra) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: NAME, namespace: NS}
                spec:
                  selector: {matchLabels: LABELS}
                  template:
                    metadata: {labels: LABELS}
                    spec:
                      containers: [{name: c, image: i}]
                      EXTRA
                """.replace("NAME", name).replace("NS", namespace).replace("LABELS", labels).replace("EXTRA", specExtra);
    }

    private EgressMatrix matrix(String... documents) {
        return EgressMatrix.of(Manifests.read(dir, documents));
    }

    private static Cell cell(EgressMatrix matrix, String row, String column) {
        List<String> rows = matrix.rows().stream().map(Workload::id).toList();
        List<String> columns = matrix.columns().stream().map(Column::name).toList();
        assertThat(rows).as("rows").containsOnlyOnce(row);
        assertThat(columns).as("columns").containsOnlyOnce(column);
        return matrix.cell(rows.indexOf(row), columns.indexOf(column));
    }
}
