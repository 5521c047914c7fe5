package dev.warden.model.registry;

import dev.warden.model.decision.WorkloadIdentity;
import dev.warden.model.net.Cidr;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import java.util.List;
import java.util.Map;

/** The cluster-wide egress settings that every dependency is compiled and checked against. */
public record EgressPosture(ObjectMeta metadata, Spec spec) implements RegistryResource {

    public record Spec(
            DefaultEgress defaultEgress,
            ClusterDns clusterDns,
            List<Cidr> podCidrs,
            List<Cidr> serviceCidrs,
            Gateway gateway,
            Nat nat,
            Mesh mesh,
            Cni cni,
            List<Workload> workloads) {
        public Spec {
            defaultEgress = defaultEgress == null ? DefaultEgress.DENY : defaultEgress;
            podCidrs = podCidrs == null ? List.of() : List.copyOf(podCidrs);
            serviceCidrs = serviceCidrs == null ? List.of() : List.copyOf(serviceCidrs);
            cni = cni == null ? Cni.STANDARD : cni;
            workloads = workloads == null ? List.of() : List.copyOf(workloads);
        }
    }

    /**
     * Where pods resolve names: the only DNS they may reach (§13, §24.2). {@code clusterDomains}
     * are the names the cluster itself needs (services, pods), answered for every workload
     * without a record; Kubernetes' default is {@code cluster.local}.
     */
    public record ClusterDns(
            String namespace, LabelSelector podSelector, List<IpAddress> addresses, List<Hostname> clusterDomains) {
        public static final Hostname DEFAULT_CLUSTER_DOMAIN = Hostname.parse("cluster.local");

        public ClusterDns {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            clusterDomains = clusterDomains == null ? List.of(DEFAULT_CLUSTER_DOMAIN) : List.copyOf(clusterDomains);
        }
    }

    /** Warden's gateway: where gateway and proxy paths go, and the addresses it leaves from. */
    public record Gateway(String namespace, LabelSelector podSelector, Integer port, List<IpAddress> egressIps) {
        public Gateway {
            egressIps = egressIps == null ? List.of() : List.copyOf(egressIps);
        }
    }

    /** A cloud NAT with fixed addresses; without it, the nat path leaves from node addresses. */
    public record Nat(List<IpAddress> egressIps) {
        public Nat {
            egressIps = egressIps == null ? List.of() : List.copyOf(egressIps);
        }
    }

    public record Mesh(MeshKind kind, MeshGateway egressGateway) {}

    public record MeshGateway(String namespace, LabelSelector podSelector) {}

    /**
     * A static identity: the workload behind a source address. Used where no pod watch runs (labs,
     * tests, non-Kubernetes hosts) and by check to see that a dependency's source selects someone.
     * {@code proxyUser}, when set, is the Proxy-Authorization user name that also identifies this
     * workload, wherever it connects from (its password lives in the gateway's credentials file).
     */
    public record Workload(
            Cidr source,
            String namespace,
            String pod,
            String workload,
            String serviceAccount,
            String node,
            Map<String, String> labels,
            String proxyUser) {
        public Workload {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        public WorkloadIdentity identity() {
            return new WorkloadIdentity(namespace, pod, workload, serviceAccount, node, labels);
        }
    }
}
