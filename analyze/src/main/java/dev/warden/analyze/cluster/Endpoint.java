package dev.warden.analyze.cluster;

import java.util.List;
import java.util.Map;

/**
 * Something that runs pods: a Pod, or a workload controller standing for the pods of its
 * template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob).
 *
 * @param kind the Kubernetes kind it was read from
 * @param labels the pod labels (for a controller, its pod template's)
 * @param ips status.podIP/podIPs for a Pod that has them; empty otherwise
 * @param hostNetwork pods in the node's network namespace, whose traffic policies do not select
 *     the way they select pods (implementation-defined; see the reach documentation)
 * @param serviceAccount the pod's service account ("default" when unset, as the API server sets it)
 */
public record Endpoint(
        String namespace,
        String name,
        String kind,
        Map<String, String> labels,
        List<ContainerPort> ports,
        List<String> ips,
        boolean hostNetwork,
        String serviceAccount,
        SourceRef source) {
    public Endpoint {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        ips = List.copyOf(ips);
    }

    /** {@code namespace/name}, as people write it. */
    public String id() {
        return namespace + "/" + name;
    }
}
