package dev.warden.analyze.reach;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.ContainerPort;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.PolicyObject;
import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.read.ManifestReader;
import dev.warden.analyze.read.ReadResult;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The upstream e2e "network policy" model: namespaces x, y, z, each with pods a, b, c serving
 * 80/TCP, 81/TCP and 80/UDP. Pods are dual-stack: x/a is 192.168.1.10 and fd00::1:10, z/c is
 * 192.168.3.12 and fd00::3:12.
 */
final class NetpolModel {
    static final List<String> NAMESPACES = List.of("x", "y", "z");
    static final List<String> PODS = List.of("a", "b", "c");
    static final List<ContainerPort> PORTS = List.of(
            new ContainerPort("serve-80-tcp", 80, "TCP"),
            new ContainerPort("serve-81-tcp", 81, "TCP"),
            new ContainerPort("serve-80-udp", 80, "UDP"));

    static final PortSpec TCP_80 = new PortSpec(80, "TCP");
    static final PortSpec TCP_81 = new PortSpec(81, "TCP");
    static final PortSpec UDP_80 = new PortSpec(80, "UDP");

    /** Denies x's pods egress to y, and so, having a deny section, isolates them. */
    static final String CILIUM_DENY_EGRESS_X_TO_Y = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: deny-to-y, namespace: x}
            spec:
              endpointSelector: {}
              egressDeny:
              - toEndpoints:
                - matchLabels: {io.kubernetes.pod.namespace: y}
            """;

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SourceRef SOURCE = new SourceRef("test.yaml", 1);

    private NetpolModel() {}

    /**
     * The model's cluster with these policies, given as YAML documents: NetworkPolicies, and
     * Cilium policies and Services, which are read as {@code warden analyze} reads them.
     */
    static Cluster cluster(String... policies) {
        return cluster(UnaryOperator.identity(), policies);
    }

    /** The model's cluster, with each pod passed through {@code edit}, and these policies. */
    static Cluster cluster(UnaryOperator<Endpoint> edit, String... policies) {
        Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (String ns : NAMESPACES) {
            namespaces.put(ns, Map.of("ns", ns, "kubernetes.io/metadata.name", ns));
            for (String name : PODS) {
                endpoints.add(edit.apply(pod(ns, name)));
            }
        }
        List<String> networkPolicies = Arrays.stream(policies).filter(NetpolModel::isNetworkPolicy).toList();
        List<String> others = Arrays.stream(policies).filter(yaml -> !isNetworkPolicy(yaml)).toList();
        Cluster read = read(others);
        return new Cluster(namespaces, endpoints, networkPolicies.stream().map(NetpolModel::policy).toList(),
                read.ciliumPolicies(), read.services(), Map.of());
    }

    private static boolean isNetworkPolicy(String yaml) {
        return yaml.contains("kind: NetworkPolicy\n");
    }

    /** Documents read by the manifest reader, which must find nothing wrong with them. */
    private static Cluster read(List<String> documents) {
        if (documents.isEmpty()) {
            return new Cluster(Map.of(), List.of(), List.of(), Map.of());
        }
        try {
            Path file = Files.createTempFile("netpol-model", ".yaml");
            try {
                Files.writeString(file, String.join("---\n", documents));
                ReadResult result = ManifestReader.read(List.of(file));
                assertThat(result.errors()).as("errors reading the model's policies").isEmpty();
                return result.cluster();
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CiliumNetworkPolicy {@code x/egress} selecting all of x, with these egress rules (YAML list items). */
    static String ciliumEgressOfX(String rules) {
        return """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: egress, namespace: x}
                spec:
                  endpointSelector: {}
                  egress:
                """ + rules.indent(2);
    }

    /** The pod as a hostNetwork pod, which has its node's IP. */
    static Endpoint hostNetwork(Endpoint pod, String nodeIp) {
        return new Endpoint(pod.namespace(), pod.name(), pod.kind(), pod.labels(), pod.ports(),
                List.of(nodeIp), true, pod.serviceAccount(), pod.source());
    }

    static Endpoint pod(String namespace, String name) {
        int nsIndex = NAMESPACES.indexOf(namespace) + 1;
        int podOctet = PODS.indexOf(name) + 10;
        return new Endpoint(namespace, name, "Pod", Map.of("pod", name), PORTS,
                List.of("192.168." + nsIndex + "." + podOctet, "fd00::" + nsIndex + ":" + podOctet),
                false, "default", SOURCE);
    }

    /** The endpoint {@code namespace/name} of the cluster. */
    static Endpoint endpoint(Cluster cluster, String id) {
        return cluster.endpoints().stream()
                .filter(e -> e.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no endpoint " + id));
    }

    static PolicyObject policy(String yaml) {
        try {
            return new PolicyObject(YAML.treeToValue(YAML.readTree(yaml), NetworkPolicy.class), SOURCE);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
