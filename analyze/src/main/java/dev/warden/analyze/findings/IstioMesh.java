package dev.warden.analyze.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.reach.LabelSelectors;
import dev.warden.analyze.read.ReadObject;
import dev.warden.analyze.read.ReadResult;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Istio as the manifests show it: which workloads the sidecar injector gives a proxy, which
 * workloads are gateways, and what each sidecar does with hosts outside the service registry.
 *
 * <p>Injection follows Istio's webhook and injector: hostNetwork pods and kube-system and
 * kube-public are never injected; a pod's {@code sidecar.istio.io/inject} label, or else that
 * annotation, set to anything but true opts it out; otherwise a namespace labelled
 * {@code istio-injection=enabled}, or {@code istio.io/rev} without {@code istio-injection},
 * injects every pod, and in a namespace with neither label a pod opts in with the label
 * {@code sidecar.istio.io/inject: "true"} or {@code istio.io/rev}. The webhook selects on
 * labels, so the annotation alone cannot opt a pod in.
 */
final class IstioMesh {
    static final String ALLOW_ANY = "ALLOW_ANY";
    /** The zero value of outboundTrafficPolicy's mode enum: what a policy without a mode means. */
    private static final String REGISTRY_ONLY = "REGISTRY_ONLY";
    private static final String NETWORKING = "networking.istio.io";
    /** Where istiod runs and reads its mesh config, and the mesh's default root namespace. */
    private static final String ISTIO_SYSTEM = "istio-system";
    private static final String DEFAULT_REVISION = "default";
    private static final String MESH_CONFIG_MAP = "istio";
    private static final String INJECTION_LABEL = "istio-injection";
    private static final String REVISION_LABEL = "istio.io/rev";
    private static final String INJECT = "sidecar.istio.io/inject";
    private static final String INJECT_TEMPLATES = "inject.istio.io/templates";
    private static final String GATEWAY_LABEL = "istio";
    private static final String EGRESS_GATEWAY = "egressgateway";
    private static final Set<String> GATEWAY_LABEL_VALUES = Set.of("ingressgateway", EGRESS_GATEWAY);
    private static final Set<String> NEVER_INJECTED_NAMESPACES = Set.of("kube-system", "kube-public");
    /** The values the injector reads as yes, in any case. */
    private static final Set<String> YES = Set.of("y", "yes", "true", "on");
    /** VirtualServices bound to it apply to the sidecars; it is the default when none is named. */
    private static final String MESH_GATEWAY = "mesh";
    private static final List<String> ROUTE_KINDS = List.of("http", "tls", "tcp");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Which setting left a sidecar with its outboundTrafficPolicy mode. */
    enum ModeSource { SIDECAR, MESH_CONFIG, ISTIO_DEFAULT }

    /**
     * What a workload's sidecar does with connections to hosts outside the service registry.
     *
     * @param mode {@code ALLOW_ANY} passes them through; {@code REGISTRY_ONLY} refuses them
     * @param sidecar the Sidecar resource that applies to the workload, if any
     * @param selectsWorkload whether that Sidecar singles the workload out by workloadSelector
     * @param meshConfig the mesh config istiod reads for the workload's revision, when the
     *     manifests hold it; the mode's source unless the Sidecar sets one
     */
    record Outbound(String mode, ModeSource source, Optional<TreeObject> sidecar, boolean selectsWorkload,
            Optional<TreeObject> meshConfig) {
        boolean allowAny() {
            return mode.equals(ALLOW_ANY);
        }
    }

    /**
     * A mesh config and the object it was read from: a ConfigMap's {@code data.mesh}, or an
     * IstioOperator's {@code spec.meshConfig}.
     */
    private record MeshConfig(TreeObject source, JsonNode config) {
        String rootNamespace() {
            JsonNode root = config.path("rootNamespace");
            return root.isTextual() && !root.textValue().isEmpty() ? root.textValue() : ISTIO_SYSTEM;
        }
    }

    private final Cluster cluster;
    private final Map<SourceRef, ReadObject> objectsBySource;
    private final List<TreeObject> sidecars;
    private final List<TreeObject> gateways;
    private final List<TreeObject> configMaps;
    private final List<TreeObject> operators;
    private final List<Endpoint> egressGateways;

    IstioMesh(ReadResult read) {
        this.cluster = read.cluster();
        this.objectsBySource = read.objects().stream()
                .collect(Collectors.toMap(ReadObject::source, Function.identity(), (first, second) -> first));
        this.sidecars = TreeObject.all(read, NETWORKING, "Sidecar").stream()
                .sorted(Comparator.comparing(TreeObject::namespace).thenComparing(TreeObject::name))
                .toList();
        this.gateways = TreeObject.all(read, NETWORKING, "Gateway");
        this.configMaps = TreeObject.all(read, "", "ConfigMap");
        this.operators = TreeObject.all(read, "install.istio.io", "IstioOperator");
        this.egressGateways = findEgressGateways(read);
    }

    /** Workloads that run with an Istio sidecar; gateways are left out, Envoy being the workload itself there. */
    List<Endpoint> injected() {
        return cluster.endpoints().stream().filter(this::isInjected).toList();
    }

    /**
     * Istio egress gateways: workloads labelled {@code istio=egressgateway}, as Istio's profiles and
     * gateway chart label them, and workloads a Gateway resource selects that sidecars are routed
     * to (a VirtualService bound to the {@code mesh} gateway sends traffic to their Service), the
     * egress gateway pattern whatever the labels.
     */
    List<Endpoint> egressGateways() {
        return egressGateways;
    }

    /**
     * The workload's outboundTrafficPolicy. The Sidecar that applies is one in the workload's
     * namespace whose workloadSelector matches it, else the namespace's Sidecar without one, else
     * the root namespace's Sidecar without one; a Sidecar that sets no outboundTrafficPolicy
     * leaves the mesh config's, and a mesh config that sets none leaves Istio's default,
     * ALLOW_ANY. Which of several matching Sidecars applies is undefined in Istio; the first by
     * name is taken.
     */
    Outbound outbound(Endpoint endpoint) {
        Optional<MeshConfig> mesh = meshConfig(revision(endpoint));
        String root = mesh.map(MeshConfig::rootNamespace).orElse(ISTIO_SYSTEM);
        Optional<TreeObject> selecting = sidecars.stream()
                .filter(sidecar -> sidecar.namespace().equals(endpoint.namespace())
                        && workloadSelector(sidecar).isObject()
                        && LabelSelectors.containsAll(endpoint.labels(), labels(workloadSelector(sidecar).path("labels"))))
                .findFirst();
        Optional<TreeObject> sidecar = selecting
                .or(() -> namespaceWideSidecar(endpoint.namespace()))
                .or(() -> namespaceWideSidecar(root));
        Optional<TreeObject> meshSource = mesh.map(MeshConfig::source);
        Optional<String> sidecarMode = sidecar.flatMap(found -> mode(found.spec()));
        if (sidecarMode.isPresent()) {
            return new Outbound(sidecarMode.get(), ModeSource.SIDECAR, sidecar, selecting.isPresent(), meshSource);
        }
        Optional<String> meshMode = mesh.flatMap(config -> mode(config.config()));
        return new Outbound(meshMode.orElse(ALLOW_ANY), meshMode.isPresent() ? ModeSource.MESH_CONFIG
                : ModeSource.ISTIO_DEFAULT, sidecar, selecting.isPresent(), meshSource);
    }

    private Optional<TreeObject> namespaceWideSidecar(String namespace) {
        return sidecars.stream()
                .filter(sidecar -> sidecar.namespace().equals(namespace) && !workloadSelector(sidecar).isObject())
                .findFirst();
    }

    private static JsonNode workloadSelector(TreeObject sidecar) {
        return sidecar.spec().path("workloadSelector");
    }

    private boolean isInjected(Endpoint endpoint) {
        if (endpoint.hostNetwork() || NEVER_INJECTED_NAMESPACES.contains(endpoint.namespace()) || isGateway(endpoint)) {
            return false;
        }
        String choice = endpoint.labels().getOrDefault(INJECT, annotations(endpoint).get(INJECT));
        if (choice != null && !choice.isEmpty() && !YES.contains(choice.toLowerCase(Locale.ROOT))) {
            return false;
        }
        Map<String, String> namespace = namespaceLabels(endpoint);
        if (namespace.containsKey(INJECTION_LABEL)) {
            return namespace.get(INJECTION_LABEL).equals("enabled");
        }
        return namespace.containsKey(REVISION_LABEL)
                || "true".equals(endpoint.labels().get(INJECT))
                || endpoint.labels().containsKey(REVISION_LABEL);
    }

    /** The control plane revision that injects the workload: the namespace's, else the pod's own. */
    private String revision(Endpoint endpoint) {
        Map<String, String> namespace = namespaceLabels(endpoint);
        if (namespace.containsKey(INJECTION_LABEL)) {
            return DEFAULT_REVISION;
        }
        return namespace.getOrDefault(REVISION_LABEL, endpoint.labels().getOrDefault(REVISION_LABEL, DEFAULT_REVISION));
    }

    /**
     * The mesh config of a revision: the ConfigMap {@code istio} (revision default) or
     * {@code istio-<revision>} in istio-system, which istiod reads, else the IstioOperator of that
     * revision, which generates it. A mesh config that is not valid YAML sets nothing here.
     */
    private Optional<MeshConfig> meshConfig(String revision) {
        String name = revision.equals(DEFAULT_REVISION) ? MESH_CONFIG_MAP : MESH_CONFIG_MAP + "-" + revision;
        Optional<MeshConfig> fromConfigMap = configMaps.stream()
                .filter(map -> map.namespace().equals(ISTIO_SYSTEM) && map.name().equals(name))
                .findFirst()
                .map(map -> new MeshConfig(map, parse(map.tree().path("data").path("mesh"))));
        return fromConfigMap.or(() -> operators.stream()
                .filter(operator -> {
                    JsonNode written = operator.spec().path("revision");
                    boolean named = written.isTextual() && !written.textValue().isEmpty();
                    return (named ? written.textValue() : DEFAULT_REVISION).equals(revision);
                })
                .findFirst()
                .map(operator -> new MeshConfig(operator, operator.spec().path("meshConfig"))));
    }

    private static JsonNode parse(JsonNode mesh) {
        if (!mesh.isTextual()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode parsed = YAML.readTree(mesh.textValue());
            return parsed == null ? MissingNode.getInstance() : parsed;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** The mode an outboundTrafficPolicy in {@code holder} sets, if it has one. */
    private static Optional<String> mode(JsonNode holder) {
        JsonNode policy = holder.path("outboundTrafficPolicy");
        if (!policy.isObject()) {
            return Optional.empty();
        }
        JsonNode mode = policy.path("mode");
        return Optional.of(mode.isTextual() ? mode.textValue() : REGISTRY_ONLY);
    }

    private boolean isGateway(Endpoint endpoint) {
        return GATEWAY_LABEL_VALUES.contains(endpoint.labels().getOrDefault(GATEWAY_LABEL, ""))
                || annotations(endpoint).getOrDefault(INJECT_TEMPLATES, "").contains("gateway")
                || selectedByGateway(endpoint);
    }

    /**
     * Gateway resources select gateway pods in every namespace, Istio's default scope; an empty
     * selector tells nothing about which pods are gateways.
     */
    private boolean selectedByGateway(Endpoint endpoint) {
        return gateways.stream()
                .map(gateway -> labels(gateway.spec().path("selector")))
                .anyMatch(selector -> !selector.isEmpty() && LabelSelectors.containsAll(endpoint.labels(), selector));
    }

    private List<Endpoint> findEgressGateways(ReadResult read) {
        ServiceHosts hosts = new ServiceHosts(read);
        Set<Endpoint> routedFromSidecars = new HashSet<>();
        for (TreeObject service : TreeObject.all(read, NETWORKING, "VirtualService")) {
            if (!boundToMesh(service.spec().path("gateways"))) {
                continue;
            }
            destinations(service.spec())
                    .flatMap(host -> hosts.resolve(host, service.namespace()).stream())
                    .forEach(fronting -> routedFromSidecars.addAll(hosts.backends(fronting)));
        }
        return cluster.endpoints().stream()
                .filter(endpoint -> EGRESS_GATEWAY.equals(endpoint.labels().get(GATEWAY_LABEL))
                        || routedFromSidecars.contains(endpoint) && selectedByGateway(endpoint))
                .toList();
    }

    private static boolean boundToMesh(JsonNode gateways) {
        if (!gateways.isArray() || gateways.isEmpty()) {
            return true;
        }
        for (JsonNode gateway : gateways) {
            if (MESH_GATEWAY.equals(gateway.textValue())) {
                return true;
            }
        }
        return false;
    }

    /** The destination hosts of a VirtualService's http, tls and tcp routes. */
    private static Stream<String> destinations(JsonNode spec) {
        return ROUTE_KINDS.stream()
                .flatMap(kind -> stream(spec.path(kind)))
                .flatMap(route -> stream(route.path("route")))
                .map(destination -> destination.path("destination").path("host"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::textValue);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return array.isArray() ? array.valueStream() : Stream.empty();
    }

    /** A JSON object of string values as a label map; anything else as no labels. */
    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new HashMap<>();
        if (object.isObject()) {
            object.properties().forEach(field -> {
                if (field.getValue().isTextual()) {
                    labels.put(field.getKey(), field.getValue().textValue());
                }
            });
        }
        return labels;
    }

    private Map<String, String> namespaceLabels(Endpoint endpoint) {
        return cluster.namespaces().getOrDefault(endpoint.namespace(), Map.of());
    }

    private Map<String, String> annotations(Endpoint endpoint) {
        ReadObject object = objectsBySource.get(endpoint.source());
        return object == null ? Map.of() : PodSpecs.annotations(object);
    }
}
