package dev.warden.analyze.matrix;

/**
 * One destination column of the {@link EgressMatrix}.
 *
 * @param name the namespace's name, or the probe's: {@code internet}, {@code metadata},
 *     {@code private network}, {@code cluster DNS}
 * @param probe what is connected to, for people, e.g. {@code 203.0.113.10:443/TCP}
 * @param total how many destinations the column counts: the namespace's rows, the cluster DNS
 *     rows, or 1 for an address
 */
public record Column(String name, Kind kind, String probe, int total) {
    /** What a column's destinations are. */
    public enum Kind {
        /** The rows of one namespace, each on its declared container ports. */
        NAMESPACE,
        /** One address outside the cluster: only the source's egress decides. */
        ADDRESS,
        /** The cluster DNS rows on 53/UDP. */
        CLUSTER_DNS
    }

    /** Whether the column is one of the fixed probes after the namespaces. */
    public boolean fixed() {
        return kind != Kind.NAMESPACE;
    }
}
