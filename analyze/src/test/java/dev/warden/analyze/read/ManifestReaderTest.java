package dev.warden.analyze.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.ContainerPort;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.PolicyObject;
import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.cluster.cilium.CiliumPolicy;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryKindFromMultiDocumentYaml() {
        Path file = resource("all-kinds.yaml");
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).isEmpty();
        Cluster cluster = result.cluster();
        assertThat(cluster.endpoints())
                .extracting(Endpoint::id, Endpoint::kind)
                .containsExactly(
                        tuple("kube-system/node-agent", "DaemonSet"),
                        tuple("reports/nightly-report", "CronJob"),
                        tuple("shop/backfill", "Job"),
                        tuple("shop/checkout-7d9f", "Pod"),
                        tuple("shop/db", "StatefulSet"),
                        tuple("shop/web", "Deployment"),
                        tuple("shop/worker-5c8d", "ReplicaSet"));
        assertThat(cluster.networkPolicies()).extracting(PolicyObject::id, PolicyObject::source)
                .containsExactly(tuple("shop/default-deny-egress", new SourceRef(file.toString(), 172)));
        assertThat(cluster.skippedKinds()).isEqualTo(Map.of("v1/ConfigMap", 1));
        assertThat(cluster.ciliumPolicies()).extracting(CiliumPolicy::id).containsExactly("CiliumNetworkPolicy shop/to-fqdn");
        assertThat(result.objects()).extracting(ReadObject::kind).containsExactly(
                "Namespace", "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
                "Service", "NetworkPolicy", "PodDisruptionBudget", "ConfigMap", "CiliumNetworkPolicy");
        assertThat(result.objects()).extracting(ReadObject::source).extracting(SourceRef::line)
                .containsExactly(2, 10, 53, 72, 92, 109, 126, 141, 163, 172, 181, 191, 198);
    }

    @Test
    void podHasRegularContainersPortsBothFamiliesIpsAndItsServiceAccount() {
        Endpoint pod = endpoint(ManifestReader.read(List.of(resource("all-kinds.yaml"))), "shop/checkout-7d9f");

        assertThat(pod.labels()).isEqualTo(Map.of("app", "checkout"));
        // the init container's 9999 is not a port of the running pod
        assertThat(pod.ports()).containsExactly(
                new ContainerPort("http", 8080, "TCP"),
                new ContainerPort("dns-probe", 5353, "UDP"),
                new ContainerPort(null, 15001, "TCP"));
        assertThat(pod.ips()).containsExactly("10.244.1.7", "fd00:10:244:1::7");
        assertThat(pod.hostNetwork()).isFalse();
        assertThat(pod.serviceAccount()).isEqualTo("checkout");
    }

    @Test
    void controllersStandForTheirPodTemplate() {
        ReadResult result = ManifestReader.read(List.of(resource("all-kinds.yaml")));

        Endpoint web = endpoint(result, "shop/web");
        assertThat(web.labels()).isEqualTo(Map.of("app", "web", "tier", "front"));
        assertThat(web.ports()).containsExactly(new ContainerPort("http", 80, "TCP"));
        assertThat(web.ips()).isEmpty();
        assertThat(web.serviceAccount()).isEqualTo("default");

        Endpoint report = endpoint(result, "reports/nightly-report");
        assertThat(report.labels()).isEqualTo(Map.of("app", "report"));
        assertThat(report.ports()).containsExactly(new ContainerPort("metrics", 9090, "TCP"));

        assertThat(endpoint(result, "shop/db").serviceAccount()).isEqualTo("legacy-db");
        assertThat(endpoint(result, "kube-system/node-agent").hostNetwork()).isTrue();
    }

    @Test
    void namespacesCarryTheNameLabelAndReferredOnesExist() {
        Cluster cluster = ManifestReader.read(List.of(resource("all-kinds.yaml"))).cluster();

        assertThat(cluster.namespaces()).isEqualTo(Map.of(
                "shop", Map.of("team", "payments", "kubernetes.io/metadata.name", "shop"),
                "kube-system", Map.of("kubernetes.io/metadata.name", "kube-system"),
                "reports", Map.of("kubernetes.io/metadata.name", "reports")));
    }

    @Test
    void keepsServicesPodDisruptionBudgetsAndSkippedKindsAsObjects() {
        ReadResult result = ManifestReader.read(List.of(resource("all-kinds.yaml")));

        assertThat(typed(result, "Service", Service.class).getSpec().getExternalName()).isEqualTo("api.payments.example");
        assertThat(typed(result, "PodDisruptionBudget", PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal())
                .isEqualTo(1);
        Pod pod = typed(result, "Pod", Pod.class);
        assertThat(pod.getSpec().getContainers().get(0).getEnv()).extracting(env -> env.getName() + "=" + env.getValue())
                .containsExactly("HTTPS_PROXY=http://proxy.egress:3128");
        assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getCapabilities().getAdd())
                .containsExactly("NET_ADMIN");
        ReadObject configMap = result.objects().stream().filter(o -> o.kind().equals("ConfigMap")).findFirst().orElseThrow();
        // the reader does not know a skipped kind's scope, so it does not default its namespace
        assertThat(configMap.namespace()).isNull();
        assertThat(configMap.typed()).isInstanceOf(com.fasterxml.jackson.databind.JsonNode.class);
    }

    @Test
    void readsJsonValuesAndPutsObjectsWithoutNamespaceInDefault() {
        Path file = resource("pod.json");
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).isEmpty();
        Endpoint pod = endpoint(result, "default/api-0");
        assertThat(pod.source()).isEqualTo(new SourceRef(file.toString(), 1));
        assertThat(pod.hostNetwork()).isTrue();
        assertThat(pod.ips()).containsExactly("10.0.0.12");
        assertThat(pod.ports()).containsExactly(new ContainerPort("grpc", 9000, "TCP"));
        assertThat(result.cluster().networkPolicies()).extracting(PolicyObject::id, PolicyObject::source)
                .containsExactly(tuple("default/api-egress", new SourceRef(file.toString(), 16)));
        assertThat(result.cluster().namespaces()).isEqualTo(Map.of("default", Map.of("kubernetes.io/metadata.name", "default")));
    }

    @Test
    void flattensKubectlListOutputWithEachItemsLine() {
        Path file = resource("kubectl-list.yaml");
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).isEmpty();
        assertThat(result.objects()).extracting(ReadObject::kind, ReadObject::namespace, ReadObject::name, o -> o.source().line())
                .containsExactly(
                        tuple("Pod", "web", "frontend-6b9c7f5d4-x2k8p", 3),
                        tuple("Service", "web", "frontend", 77),
                        tuple("Deployment", "web", "frontend", 106),
                        tuple("Namespace", null, "web", 155));
        assertThat(result.cluster().endpoints()).extracting(Endpoint::id, Endpoint::kind, Endpoint::ips)
                .containsExactly(
                        tuple("web/frontend", "Deployment", List.of()),
                        tuple("web/frontend-6b9c7f5d4-x2k8p", "Pod", List.of("10.244.1.23")));
        assertThat(result.cluster().namespaces())
                .isEqualTo(Map.of("web", Map.of("kubernetes.io/metadata.name", "web", "env", "prod")));
        assertThat(typed(result, "Deployment", Deployment.class).getSpec().getStrategy().getRollingUpdate()
                .getMaxSurge().getStrVal()).isEqualTo("25%");
    }

    @Test
    void typedListsGiveTheirItemsTheirKind() throws IOException {
        Path file = write("pods.json", """
                {"apiVersion": "v1", "kind": "PodList", "metadata": {"resourceVersion": "9"},
                 "items": [
                  {"metadata": {"name": "a", "namespace": "x"}, "spec": {"containers": []}},
                  {"metadata": {"name": "b", "namespace": "x"}, "spec": {"containers": []}}
                 ]}
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).isEmpty();
        assertThat(result.cluster().endpoints()).extracting(Endpoint::id, Endpoint::kind, e -> e.source().line())
                .containsExactly(tuple("x/a", "Pod", 3), tuple("x/b", "Pod", 4));
    }

    @Test
    void walksFoldersForManifestFilesInPathOrder() {
        Path tree = resource("tree");
        ReadResult result = ManifestReader.read(List.of(tree));

        assertThat(result.errors()).isEmpty();
        assertThat(result.objects()).extracting(o -> tree.relativize(Path.of(o.source().file())).toString().replace('\\', '/'))
                .containsExactly("apps/kustomization.yaml", "apps/policy.json", "apps/web/deployment.yaml",
                        "base/namespace.yml");
        assertThat(result.cluster().endpoints()).extracting(Endpoint::id).containsExactly("tree/web");
        assertThat(result.cluster().skippedKinds()).isEqualTo(Map.of("kustomize.config.k8s.io/v1beta1/Kustomization", 1));
        assertThat(result.cluster().namespaces()).isEqualTo(Map.of("tree", Map.of("kubernetes.io/metadata.name", "tree")));
    }

    @Test
    void resultDoesNotDependOnTheOrderFilesAreGiven() {
        List<Path> files = List.of(resource("all-kinds.yaml"), resource("pod.json"), resource("kubectl-list.yaml"));
        Cluster forward = ManifestReader.read(files).cluster();
        Cluster backward = ManifestReader.read(files.reversed()).cluster();

        assertThat(backward.endpoints()).extracting(Endpoint::id).containsExactlyElementsOf(
                forward.endpoints().stream().map(Endpoint::id).toList());
        assertThat(backward.endpoints()).extracting(Endpoint::id).isSorted();
        assertThat(backward.networkPolicies()).extracting(PolicyObject::id)
                .containsExactly("default/api-egress", "shop/default-deny-egress");
        assertThat(backward.namespaces()).isEqualTo(forward.namespaces());
        assertThat(backward.skippedKinds()).isEqualTo(forward.skippedKinds());
    }

    @Test
    void aPodAndItsControllerWithTheSameNameAreOrderedByKind() throws IOException {
        Path file = write("same-name.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: api, namespace: x}
                spec: {containers: []}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api, namespace: x}
                spec:
                  selector: {matchLabels: {app: api}}
                  template: {metadata: {labels: {app: api}}, spec: {containers: []}}
                """);

        assertThat(ManifestReader.read(List.of(file)).cluster().endpoints()).extracting(Endpoint::kind)
                .containsExactly("Deployment", "Pod");
    }

    @Test
    void reportsTextThatIsNotYaml() throws IOException {
        Path file = write("broken.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: ok
                ---
                apiVersion: v1
                kind: [Pod
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).containsExactly(file + ":8: not valid YAML: expected ',' or ']', but got <stream end>"
                + " (while parsing a flow sequence started at line 7)");
        // documents before the broken one are still read, as kubectl applies them
        assertThat(result.cluster().skippedKinds()).isEqualTo(Map.of("v1/ConfigMap", 1));
    }

    @Test
    void reportsAPlainTextDocumentAndInvalidJson() throws IOException {
        Path text = write("notes.yaml", """
                # release notes
                We moved the frontend to the web namespace.
                """);
        Path json = write("bad.json", """
                {"apiVersion": "v1",
                 "kind": "Pod",,
                """);

        assertThat(ManifestReader.read(List.of(text, json)).errors()).satisfiesExactly(
                error -> assertThat(error).isEqualTo(text + ":2: expected a Kubernetes object (a mapping with"
                        + " apiVersion, kind and metadata), found the string \"We moved the frontend to the web namespace.\""),
                error -> assertThat(error).startsWith(json + ":2: not valid JSON: Unexpected character (',' "));
    }

    @Test
    void reportsMissingKindApiVersionAndName() throws IOException {
        Path file = write("missing.yaml", """
                apiVersion: v1
                metadata:
                  name: no-kind
                ---
                kind: Pod
                metadata:
                  name: no-api-version
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  namespace: x
                ---
                apiVersion: v1
                kind: 7
                metadata: {name: numeric-kind}
                """);

        assertThat(ManifestReader.read(List.of(file)).errors()).containsExactly(
                file + ":1: missing kind",
                file + ":5: missing apiVersion",
                file + ":9: Pod: missing metadata.name",
                file + ":14: kind must be a string, found the number 7");
    }

    @Test
    void reportsAFieldOfTheWrongTypeByItsPath() throws IOException {
        Path file = write("deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: shop
                spec:
                  replicas: "three"
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: web}]}
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).containsExactly(
                file + ":1: Deployment shop/web: spec.replicas: expected an integer, found the string \"three\"");
        assertThat(result.cluster().endpoints()).isEmpty();
        assertThat(result.objects()).isEmpty();
    }

    @Test
    void bindsAsStrictlyAsTheApiServer() throws IOException {
        Path file = write("strict.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: a
                  labels: {version: 1.0}
                spec: {containers: []}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: b}
                spec:
                  containers:
                    - name: b
                      ports: [{containerPort: "8080"}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: c}
                spec:
                  hostNetwork: "true"
                  containers: []
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: d, labels: {app.kubernetes.io/name: [d]}}
                spec: {containers: []}
                """);

        assertThat(ManifestReader.read(List.of(file)).errors()).containsExactly(
                file + ":1: Pod default/a: metadata.labels.version: expected a string, found the number 1.0",
                file + ":8: Pod default/b: spec.containers[0].ports[0].containerPort: expected an integer,"
                        + " found the string \"8080\"",
                file + ":16: Pod default/c: spec.hostNetwork: expected true or false, found the string \"true\"",
                file + ":23: Pod default/d: metadata.labels[\"app.kubernetes.io/name\"]: expected a string, found a list");
    }

    @Test
    void reportsAListItemMissingItsNameAtTheItemsLine() throws IOException {
        Path file = write("list.yaml", """
                apiVersion: v1
                kind: List
                metadata:
                  resourceVersion: ""
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    name: fine
                    namespace: x
                  spec:
                    containers: []
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    namespace: x
                  spec:
                    containers: []
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).containsExactly(file + ":13: Pod: missing metadata.name");
        assertThat(result.cluster().endpoints()).extracting(Endpoint::id).containsExactly("x/fine");
    }

    @Test
    void reportsMissingTemplatesPortsAndDuplicates() throws IOException {
        Path file = write("incomplete.yaml", """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly, namespace: x}
                spec:
                  schedule: "@daily"
                  jobTemplate: {spec: {}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: x}
                spec:
                  containers: [{name: p, ports: [{name: http}]}]
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: x}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: x, labels: {second: "true"}}
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).containsExactly(
                file + ":1: CronJob x/nightly: missing spec.jobTemplate.spec.template",
                file + ":8: Pod x/p: missing spec.containers[0].ports[0].containerPort",
                file + ":18: duplicate Namespace x (first read at " + file + ":14); the first is used");
        assertThat(result.cluster().namespaces()).isEqualTo(Map.of("x", Map.of("kubernetes.io/metadata.name", "x")));
    }

    @Test
    void skipsAndCountsKindsItDoesNotRead() throws IOException {
        Path file = write("other.yaml", """
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: a, namespace: x}
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: b, namespace: x}
                ---
                apiVersion: extensions/v1beta1
                kind: Deployment
                metadata: {name: old, namespace: x}
                spec: {replicas: "not checked"}
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).isEmpty();
        // an API version the API server no longer serves is not read as the current one
        assertThat(result.cluster().skippedKinds())
                .isEqualTo(Map.of("monitoring.coreos.com/v1/ServiceMonitor", 2, "extensions/v1beta1/Deployment", 1));
        assertThat(result.cluster().endpoints()).isEmpty();
    }

    @Test
    void expandsAnchorsAliasesAndMergeKeys() throws IOException {
        Path file = write("anchors.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: a
                  labels: &labels {app: a, tier: back}
                spec:
                  containers:
                    - &container
                      name: a
                      ports: [{name: http, containerPort: 80}]
                    - <<: *container
                      name: b
                      ports: [{containerPort: 81}]
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).isEmpty();
        Endpoint pod = endpoint(result, "default/a");
        assertThat(pod.labels()).isEqualTo(Map.of("app", "a", "tier", "back"));
        assertThat(pod.ports()).containsExactly(new ContainerPort("http", 80, "TCP"), new ContainerPort(null, 81, "TCP"));
    }

    @Test
    void reportsDuplicateKeysAtTheirLine() throws IOException {
        Path file = write("dup.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: a
                  name: b
                spec: {containers: []}
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).containsExactly(file + ":5: duplicate key \"name\" (first at line 4); the first is used");
        assertThat(result.cluster().endpoints()).extracting(Endpoint::id).containsExactly("default/a");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Endpoint endpoint(ReadResult result, String id) {
        return result.cluster().endpoints().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private static <T> T typed(ReadResult result, String kind, Class<T> type) {
        return type.cast(result.objects().stream().filter(o -> o.kind().equals(kind)).findFirst().orElseThrow().typed());
    }

    private static Path resource(String name) {
        try {
            return Path.of(ManifestReaderTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
