package dev.warden.analyze.matrix;

import dev.warden.analyze.cluster.Endpoint;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One row of the {@link EgressMatrix}: the endpoints of one namespace that every NetworkPolicy
 * selector sees alike (same pod labels, service account and hostNetwork flag), such as a
 * Deployment and the pods read with it. Labels a controller puts on its pods but not in its
 * template ({@code pod-template-hash}, {@code controller-revision-hash}, a StatefulSet pod's name
 * and index) are left out of the comparison, so pods listed by {@code kubectl get pods} join
 * their controller's row; a policy selecting on them would be told apart only through the
 * representative.
 *
 * @param id {@code namespace/name} of the group's first workload controller, or of its first Pod
 *     when it has none
 * @param kind the kind of the endpoint the row is named after
 * @param pods how many Pods the manifests hold in the group; 0 for a controller read without its pods
 * @param endpoints the group's endpoints, in {@code Cluster.endpoints()} order
 */
public record Workload(String id, String namespace, String kind, int pods, List<Endpoint> endpoints) {
    private static final String POD = "Pod";
    private static final Set<String> CONTROLLER_POD_LABELS = Set.of("pod-template-hash", "controller-revision-hash",
            "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index");

    public Workload {
        endpoints = List.copyOf(endpoints);
    }

    /** The workloads of {@code endpoints}, ordered by {@link #id()}. */
    public static List<Workload> of(List<Endpoint> endpoints) {
        Map<GroupKey, List<Endpoint>> byKey = endpoints.stream()
                .collect(Collectors.groupingBy(GroupKey::of, LinkedHashMap::new, Collectors.toList()));
        // a stable sort: rows sharing a name stay in endpoint order
        return byKey.values().stream().map(Workload::named).sorted(Comparator.comparing(Workload::id)).toList();
    }

    private static Workload named(List<Endpoint> endpoints) {
        Endpoint named = endpoints.stream().filter(e -> !e.kind().equals(POD)).findFirst().orElse(endpoints.getFirst());
        int pods = (int) endpoints.stream().filter(e -> e.kind().equals(POD)).count();
        return new Workload(named.id(), named.namespace(), named.kind(), pods, endpoints);
    }

    /**
     * The endpoint that answers for the group: a Pod with IPs when there is one, since ipBlock
     * peers can match pod IPs, else the first endpoint.
     */
    public Endpoint representative() {
        return endpoints.stream().filter(e -> !e.ips().isEmpty()).findFirst().orElse(endpoints.getFirst());
    }

    /** The endpoint the group is named after: its controller, or its first Pod. */
    public Endpoint named() {
        return endpoints.stream().filter(e -> e.id().equals(id) && e.kind().equals(kind)).findFirst().orElseThrow();
    }

    /** What selectors can tell apart: endpoints with equal keys are one row. */
    private record GroupKey(String namespace, Map<String, String> labels, String serviceAccount, boolean hostNetwork) {
        static GroupKey of(Endpoint endpoint) {
            Map<String, String> labels = new HashMap<>(endpoint.labels());
            labels.keySet().removeAll(CONTROLLER_POD_LABELS);
            return new GroupKey(endpoint.namespace(), labels, endpoint.serviceAccount(), endpoint.hostNetwork());
        }
    }
}
