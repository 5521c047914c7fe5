package dev.warden.analyze.reach;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.ContainerPort;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.PolicyObject;
import dev.warden.analyze.cluster.SourceRef;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.UncheckedIOException;
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

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SourceRef SOURCE = new SourceRef("test.yaml", 1);

    private NetpolModel() {}

    /** The model's cluster with these NetworkPolicies, given as YAML documents. */
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
        return new Cluster(namespaces, endpoints, Arrays.stream(policies).map(NetpolModel::policy).toList(), Map.of());
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
