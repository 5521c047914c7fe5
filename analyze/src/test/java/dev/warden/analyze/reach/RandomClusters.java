package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.ContainerPort;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.PolicyObject;
import dev.warden.analyze.cluster.ServiceObject;
import dev.warden.analyze.cluster.SourceRef;
import dev.warden.analyze.cluster.cilium.CiliumPolicy;
import dev.warden.analyze.cluster.cilium.CiliumRule;
import dev.warden.analyze.cluster.cilium.Entity;
import dev.warden.analyze.cluster.cilium.PeerRule;
import dev.warden.analyze.cluster.cilium.PeerRule.CidrPeer;
import dev.warden.analyze.cluster.cilium.PeerRule.FqdnSelector;
import dev.warden.analyze.cluster.cilium.PeerRule.PortProtocol;
import dev.warden.analyze.cluster.cilium.PeerRule.PortRule;
import dev.warden.analyze.cluster.cilium.PeerRule.Protocol;
import dev.warden.analyze.cluster.cilium.PeerRule.ServiceSelector;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Clusters of random pods, NetworkPolicies and Cilium policies from a small vocabulary of labels,
 * so that selectors often match: reproducible from their seed.
 */
final class RandomClusters {
    static final List<PortSpec> PORTS = List.of(PortSpec.tcp(80), PortSpec.tcp(9090), new PortSpec(53, "UDP"),
            PortSpec.tcp(443), new PortSpec(8125, "UDP"));
    static final List<String> ADDRESSES = List.of("203.0.113.7", "169.254.169.254", "10.0.0.5", "10.1.0.20",
            "192.0.2.1", "2001:db8::1");
    private static final SourceRef SOURCE = new SourceRef("random.yaml", 1);
    private static final List<ContainerPort> CONTAINER_PORTS = List.of(
            new ContainerPort("http", 80, "TCP"), new ContainerPort("metrics", 9090, "TCP"),
            new ContainerPort("dns", 53, "UDP"));

    private final Random random;
    private final int namespaceCount;

    private RandomClusters(long seed, int namespaceCount) {
        this.random = new Random(seed);
        this.namespaceCount = namespaceCount;
    }

    /**
     * @param ciliumShare the share of policies that are Cilium policies, a tenth of them cluster-wide
     */
    static Cluster cluster(long seed, int namespaces, int podsPerNamespace, int policies, double ciliumShare) {
        return new RandomClusters(seed, namespaces).build(podsPerNamespace, policies, ciliumShare);
    }

    private Cluster build(int podsPerNamespace, int policyCount, double ciliumShare) {
        Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();
        List<Endpoint> endpoints = new ArrayList<>();
        List<ServiceObject> services = new ArrayList<>();
        for (int n = 0; n < namespaceCount; n++) {
            String namespace = "ns" + n;
            namespaces.put(namespace, Map.of("kubernetes.io/metadata.name", namespace, "team", "t" + n % 5,
                    "env", n % 3 == 0 ? "prod" : "dev"));
            for (int p = 0; p < podsPerNamespace; p++) {
                boolean controller = random.nextInt(10) == 0;
                boolean hostNetwork = random.nextInt(50) == 0;
                List<String> ips = controller ? List.of()
                        : hostNetwork ? List.of("10.250.0." + random.nextInt(4))
                        : List.of("10." + (n / 256) + "." + (n % 256) + "." + p);
                endpoints.add(new Endpoint(namespace, "pod" + p, controller ? "Deployment" : "Pod",
                        Map.of("app", "a" + random.nextInt(8), "tier", pick("web", "api", "db", "dns")),
                        CONTAINER_PORTS, ips, hostNetwork, random.nextBoolean() ? "default" : "sa" + random.nextInt(3),
                        SOURCE));
            }
            services.add(new ServiceObject(namespace, "web", Map.of("tier", "web"),
                    random.nextBoolean() ? Map.of("tier", "web") : Map.of(), SOURCE));
        }
        List<PolicyObject> networkPolicies = new ArrayList<>();
        List<CiliumPolicy> ciliumPolicies = new ArrayList<>();
        for (int i = 0; i < policyCount; i++) {
            String namespace = "ns" + random.nextInt(namespaceCount);
            if (random.nextDouble() >= ciliumShare) {
                networkPolicies.add(networkPolicy(namespace, "np" + i));
            } else {
                boolean clusterwide = random.nextInt(10) == 0;
                ciliumPolicies.add(new CiliumPolicy(clusterwide ? null : namespace, "cnp" + i,
                        list(1 + random.nextInt(2), this::ciliumRule), SOURCE));
            }
        }
        return new Cluster(namespaces, endpoints, networkPolicies, ciliumPolicies, services, Map.of());
    }

    private PolicyObject networkPolicy(String namespace, String name) {
        NetworkPolicySpec spec = new NetworkPolicySpec();
        spec.setPodSelector(selector());
        List<String> types = new ArrayList<>();
        if (random.nextInt(3) > 0) {
            types.add("Egress");
            spec.setEgress(list(random.nextInt(3), () -> new NetworkPolicyEgressRule(ports(), peers())));
        }
        if (random.nextInt(3) > 0) {
            types.add("Ingress");
            spec.setIngress(list(random.nextInt(3), () -> new NetworkPolicyIngressRule(peers(), ports())));
        }
        spec.setPolicyTypes(types);
        NetworkPolicy policy = new NetworkPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        policy.setSpec(spec);
        return new PolicyObject(policy, SOURCE);
    }

    private List<NetworkPolicyPeer> peers() {
        return list(random.nextInt(3), () -> switch (random.nextInt(4)) {
            case 0 -> new NetworkPolicyPeer(new IPBlock(pick("10.0.0.0/8", "0.0.0.0/0", "203.0.113.0/24", "::/0"),
                    random.nextBoolean() ? List.of() : List.of("10.1.0.0/16")), null, null);
            case 1 -> new NetworkPolicyPeer(null, selector(), null);
            case 2 -> new NetworkPolicyPeer(null, null, selector());
            default -> new NetworkPolicyPeer(null, selector(), selector());
        });
    }

    private List<NetworkPolicyPort> ports() {
        return list(random.nextInt(3), () -> switch (random.nextInt(4)) {
            case 0 -> new NetworkPolicyPort(null, new IntOrString(80), "TCP");
            case 1 -> new NetworkPolicyPort(null, new IntOrString("metrics"), null);
            case 2 -> new NetworkPolicyPort(9000, new IntOrString(53), "UDP");
            default -> new NetworkPolicyPort(null, null, "UDP");
        });
    }

    private CiliumRule ciliumRule() {
        boolean hostPolicy = random.nextInt(20) == 0;
        boolean egress = random.nextBoolean();
        List<PeerRule> allows = list(random.nextInt(3), this::peerRule);
        List<PeerRule> denies = random.nextInt(4) == 0 ? list(1, this::peerRule) : List.of();
        boolean defaultDeny = random.nextInt(4) > 0 && !(allows.isEmpty() && denies.isEmpty());
        return new CiliumRule(hostPolicy ? new CiliumRule.Subject.Nodes(selector()) : new CiliumRule.Subject.Endpoints(ciliumSelector()),
                egress ? List.of() : allows, egress ? List.of() : denies, egress ? allows : List.of(),
                egress ? denies : List.of(), !egress && defaultDeny, egress && defaultDeny);
    }

    private PeerRule peerRule() {
        return switch (random.nextInt(6)) {
            case 0 -> peerRule(list(1 + random.nextInt(2), this::ciliumSelector), List.of(), List.of(), List.of(), List.of());
            case 1 -> peerRule(List.of(), List.of(new CidrPeer.Block(pick("10.0.0.0/8", "0.0.0.0/0", "203.0.113.0/24"),
                    random.nextBoolean() ? List.of() : List.of("10.1.0.0/16"))), List.of(), List.of(), List.of());
            case 2 -> peerRule(List.of(), List.of(), List.of(pick(Entity.WORLD, Entity.CLUSTER, Entity.ALL, Entity.HOST,
                    Entity.REMOTE_NODE, Entity.KUBE_APISERVER)), List.of(), List.of());
            case 3 -> peerRule(List.of(), List.of(), List.of(), List.of(new FqdnSelector("api.vendor.example", null)),
                    List.of());
            case 4 -> peerRule(List.of(), List.of(), List.of(), List.of(), List.of(random.nextBoolean()
                    ? new ServiceSelector.ByName("web", random.nextBoolean() ? null : "ns" + random.nextInt(namespaceCount))
                    : new ServiceSelector.ByLabels(new LabelSelector(List.of(), Map.of("tier", "web")), null)));
            default -> peerRule(List.of(), List.of(), List.of(), List.of(), List.of());
        };
    }

    private PeerRule peerRule(List<LabelSelector> endpoints, List<CidrPeer> cidrs, List<Entity> entities,
            List<FqdnSelector> fqdns, List<ServiceSelector> services) {
        List<PortRule> ports = services.isEmpty() && random.nextBoolean()
                ? List.of(new PortRule(list(1 + random.nextInt(2), this::portProtocol), random.nextInt(5) == 0))
                : List.of();
        return new PeerRule(endpoints, cidrs, entities, fqdns, services, List.of(), ports,
                ports.isEmpty() && random.nextInt(10) == 0);
    }

    private PortProtocol portProtocol() {
        return switch (random.nextInt(5)) {
            case 0 -> new PortProtocol("80", 0, Protocol.TCP);
            case 1 -> new PortProtocol("http", 0, Protocol.ANY);
            case 2 -> new PortProtocol("53", 0, Protocol.ANY);
            case 3 -> new PortProtocol("0", 0, Protocol.UDP);
            default -> new PortProtocol("400", 9100, Protocol.TCP);
        };
    }

    /** A NetworkPolicy selector: empty, by one label, or by an expression. */
    private LabelSelector selector() {
        return switch (random.nextInt(3)) {
            case 0 -> new LabelSelector(List.of(), Map.of());
            case 1 -> new LabelSelector(List.of(), Map.of(pick("app", "tier", "team", "env"), pick("a1", "a2", "web", "db", "t1", "prod")));
            default -> new LabelSelector(List.of(new LabelSelectorRequirement(pick("app", "tier", "env"),
                    pick("In", "NotIn", "Exists", "DoesNotExist"), List.of("a3", "api", "dev"))), Map.of());
        };
    }

    /** A Cilium selector, which may also name the namespace, namespace labels or the service account. */
    private LabelSelector ciliumSelector() {
        return switch (random.nextInt(6)) {
            case 0 -> new LabelSelector(List.of(), Map.of("io.kubernetes.pod.namespace", "ns" + random.nextInt(namespaceCount)));
            case 1 -> new LabelSelector(List.of(), Map.of("io.cilium.k8s.namespace.labels.env", "prod", "k8s:tier", "web"));
            case 2 -> new LabelSelector(List.of(), Map.of("io.cilium.k8s.policy.serviceaccount", "sa1"));
            default -> selector();
        };
    }

    private <T> List<T> list(int size, Supplier<T> element) {
        List<T> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
