package dev.warden.analyze.matrix;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.reach.Cidr;
import dev.warden.analyze.reach.Destination;
import dev.warden.analyze.reach.Destination.ToAddress;
import dev.warden.analyze.reach.Destination.ToEndpoint;
import dev.warden.analyze.reach.PortSpec;
import dev.warden.analyze.reach.Reachability;
import dev.warden.analyze.read.ReadResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Who can reach what: every workload of the cluster against every namespace and a few fixed
 * probes, under its NetworkPolicies as {@link Reachability} evaluates them (the common CNI
 * assumptions). A heat map of this shows at a glance where egress is open.
 *
 * <h2>Rows</h2>
 * Endpoints of one namespace with identical pod labels, service account and hostNetwork flag are
 * one row ({@link Workload}): NetworkPolicy tells pods apart by namespace and labels only and
 * hostNetwork takes a pod out of its reach, so the pods of a Deployment and the Deployment itself
 * look the same to every selector; the service account is kept apart too, as identity-based layers
 * (meshes, Cilium) select on it. This keeps the matrix to one row per workload rather than one per
 * pod. A row is evaluated once, as its representative: a Pod with IPs when the group has one, since
 * ipBlock peers can match pod IPs, else its first endpoint. That is the grouping's one imprecision:
 * pods of one group with different IPs can differ under ipBlock rules (one IP inside a block,
 * another outside), and the row shows only the representative's answer. Labels a controller adds to
 * its pods and not to its template ({@code pod-template-hash}) are not compared (see {@link Workload}).
 *
 * <h2>Columns</h2>
 * <ul>
 *   <li>One per namespace that has rows, in name order: the share of that namespace's rows the row
 *       can connect to on at least one port the destination's representative declares, its egress
 *       and their ingress both allowing. A destination that declares no container ports is probed on
 *       80/TCP, where servers that do not declare their port most often listen; a rule that admits
 *       only other ports reads as denied there. A row counted against itself asks whether one of its
 *       replicas reaches another (another endpoint of the group); a lone Pod reaches itself, as
 *       Kubernetes defines it.
 *   <li>Fixed probes, as addresses whose ingress is outside the cluster: {@code internet}
 *       (203.0.113.10, a documentation address standing for any public one, on 443/TCP),
 *       {@code metadata} (the cloud metadata service, 169.254.169.254 on 80/TCP) and
 *       {@code private network} (a private address outside the pod network on 443/TCP; see
 *       {@link #privateNetworkProbe(Cluster)}).
 *   <li>{@code cluster DNS}, when the manifests hold it: the rows in {@code kube-system} labelled
 *       {@code k8s-app=kube-dns}, on 53/UDP.
 * </ul>
 *
 * <p>The matrix keeps one int per cell (how many of the column's destinations were reached) and
 * nothing else per pair, so 2,000 rows by 500 columns take 4 MB. Rows are computed in parallel;
 * the result does not depend on it.
 */
public final class EgressMatrix {
    private static final String INTERNET_IP = "203.0.113.10";
    private static final String METADATA_IP = "169.254.169.254";
    /** Where servers that do not declare a container port most often listen. */
    private static final PortSpec UNDECLARED_PORT = PortSpec.tcp(80);
    private static final PortSpec DNS_PORT = new PortSpec(53, "UDP");
    /** Private addresses in the last /16 of each RFC 1918 range, where pod networks rarely are. */
    private static final List<String> PRIVATE_CANDIDATES = List.of("10.255.255.1", "172.31.255.1", "192.168.255.1");
    private static final String CLUSTER_DNS_NAMESPACE = "kube-system";
    private static final String CLUSTER_DNS_LABEL = "k8s-app";
    private static final String CLUSTER_DNS_VALUE = "kube-dns";

    private final List<Workload> rows;
    private final List<Column> columns;
    /** Per cell, row-major, how many of the column's destinations the row reaches. */
    private final int[] reached;

    private EgressMatrix(List<Workload> rows, List<Column> columns, int[] reached) {
        this.rows = rows;
        this.columns = columns;
        this.reached = reached;
    }

    /** {@link #of(Cluster)} for what the reader made of the manifests. */
    public static EgressMatrix of(ReadResult read) {
        return of(read.cluster());
    }

    /**
     * The matrix of {@code cluster}.
     *
     * @throws IllegalArgumentException for a policy the API server would have rejected, or a pod IP
     *     that is not one, as {@link Reachability} does
     */
    public static EgressMatrix of(Cluster cluster) {
        return new Evaluation(cluster).matrix();
    }

    /** The workloads, ordered by {@link Workload#id()}. */
    public List<Workload> rows() {
        return rows;
    }

    /** The namespaces in name order, then the fixed probes. */
    public List<Column> columns() {
        return columns;
    }

    /** What row {@code row} of {@link #rows()} reaches of column {@code column} of {@link #columns()}. */
    public Cell cell(int row, int column) {
        Objects.checkIndex(row, rows.size());
        Objects.checkIndex(column, columns.size());
        return new Cell(reached[row * columns.size() + column], columns.get(column).total());
    }

    /**
     * A private address that shares no /16 with any endpoint's IP, on 443/TCP, so the column
     * measures reach to private networks beyond the pods (a VPC's databases, an office network)
     * rather than to pod IPs an ipBlock for the pod network also matches. When every candidate
     * shares a /16 with some pod, the first, 10.255.255.1, is used, and the column then also answers
     * for pods near it. Manifests without pod status carry no IPs, so they too get the first.
     */
    static ToAddress privateNetworkProbe(Cluster cluster) {
        List<Cidr> podAddresses = cluster.endpoints().stream()
                .flatMap(endpoint -> endpoint.ips().stream())
                .map(ip -> Cidr.parse(ip + (ip.contains(":") ? "/128" : "/32")))
                .toList();
        String chosen = PRIVATE_CANDIDATES.stream()
                .filter(candidate -> {
                    Cidr around = Cidr.parse(candidate + "/16");
                    return podAddresses.stream().noneMatch(around::covers);
                })
                .findFirst()
                .orElse(PRIVATE_CANDIDATES.getFirst());
        return new ToAddress(chosen, PortSpec.tcp(443));
    }


    /**
     * A row, with what evaluating it needs.
     *
     * @param replica the endpoint the row reaches when it is its own destination: another of its
     *     endpoints, or the representative itself when it has none
     * @param ports the representative's declared ports, or {@link #UNDECLARED_PORT}
     */
    private record Group(Workload workload, Endpoint representative, Endpoint replica, List<PortSpec> ports) {
        static Group of(Workload workload) {
            List<Endpoint> endpoints = workload.endpoints();
            Endpoint representative = workload.representative();
            List<Endpoint> others = endpoints.stream().filter(e -> e != representative).toList();
            Endpoint replica = firstWithIps(others.stream()).or(() -> others.stream().findFirst()).orElse(representative);
            List<PortSpec> ports = representative.ports().stream()
                    .map(declared -> new PortSpec(declared.port(), declared.protocol()))
                    .distinct()
                    .toList();
            return new Group(workload, representative, replica, ports.isEmpty() ? List.of(UNDECLARED_PORT) : ports);
        }

        private static Optional<Endpoint> firstWithIps(Stream<Endpoint> endpoints) {
            return endpoints.filter(e -> !e.ips().isEmpty()).findFirst();
        }

        boolean isClusterDns() {
            return workload.namespace().equals(CLUSTER_DNS_NAMESPACE)
                    && CLUSTER_DNS_VALUE.equals(representative.labels().get(CLUSTER_DNS_LABEL));
        }
    }

    /** What one column connects to. */
    private sealed interface Probe {
        Column column();
    }

    /** Rows of the cluster, each on the ports {@code ports} gives it. */
    private record GroupsProbe(Column column, List<Group> destinations, Function<Group, List<PortSpec>> ports)
            implements Probe {}

    private record AddressProbe(Column column, ToAddress address) implements Probe {}

    /** One computation of the matrix. */
    private static final class Evaluation {
        private final Cluster cluster;
        private final Reachability reach;
        private final List<Group> groups;
        private final List<Probe> probes;

        Evaluation(Cluster cluster) {
            this.cluster = cluster;
            this.reach = Reachability.of(cluster);
            this.groups = Workload.of(cluster.endpoints()).stream().map(Group::of).toList();
            this.probes = probes();
        }

        private List<Probe> probes() {
            Map<String, List<Group>> byNamespace = groups.stream()
                    .collect(Collectors.groupingBy(group -> group.workload().namespace(), TreeMap::new, Collectors.toList()));
            Stream<Probe> namespaces = byNamespace.entrySet().stream().map(namespace -> new GroupsProbe(
                    new Column(namespace.getKey(), Column.Kind.NAMESPACE,
                            "each workload's declared ports (" + UNDECLARED_PORT + " when it declares none)",
                            namespace.getValue().size()),
                    namespace.getValue(), Group::ports));
            Stream<Probe> addresses = Stream.of(
                    address("internet", new ToAddress(INTERNET_IP, PortSpec.tcp(443))),
                    address("metadata", new ToAddress(METADATA_IP, PortSpec.tcp(80))),
                    address("private network", privateNetworkProbe(cluster)));
            List<Group> dns = groups.stream().filter(Group::isClusterDns).toList();
            Stream<Probe> clusterDns = dns.isEmpty() ? Stream.empty() : Stream.of(new GroupsProbe(
                    new Column("cluster DNS", Column.Kind.CLUSTER_DNS,
                            CLUSTER_DNS_NAMESPACE + " " + CLUSTER_DNS_LABEL + "=" + CLUSTER_DNS_VALUE + ", " + DNS_PORT,
                            dns.size()),
                    dns, group -> List.of(DNS_PORT)));
            return Stream.of(namespaces, addresses, clusterDns).flatMap(Function.identity()).toList();
        }

        private static Probe address(String name, ToAddress address) {
            return new AddressProbe(new Column(name, Column.Kind.ADDRESS, address.ip() + ":" + address.port(), 1), address);
        }

        EgressMatrix matrix() {
            int width = probes.size();
            int[] reached = new int[groups.size() * width];
            // each row writes only its own cells; the stream's end publishes them
            IntStream.range(0, groups.size()).parallel().forEach(row -> {
                for (int column = 0; column < width; column++) {
                    reached[row * width + column] = reached(groups.get(row), probes.get(column));
                }
            });
            return new EgressMatrix(groups.stream().map(Group::workload).toList(),
                    probes.stream().map(Probe::column).toList(), reached);
        }

        private int reached(Group source, Probe probe) {
            return switch (probe) {
                case AddressProbe address -> allows(source.representative(), address.address()) ? 1 : 0;
                case GroupsProbe toGroups -> (int) toGroups.destinations().stream()
                        .filter(destination -> reaches(source, destination, toGroups.ports().apply(destination)))
                        .count();
            };
        }

        private boolean reaches(Group source, Group destination, List<PortSpec> ports) {
            Endpoint target = destination == source ? destination.replica() : destination.representative();
            return ports.stream().anyMatch(port -> allows(source.representative(), new ToEndpoint(target, port)));
        }

        /** The one question the matrix asks, asked here only, so a faster evaluator can answer it instead. */
        private boolean allows(Endpoint source, Destination destination) {
            return reach.allows(source, destination);
        }
    }
}
