package dev.warden.analyze.reach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.reach.Destination.ToEndpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Cyclonus-style truth tables: every endpoint of a cluster against every other, for one port.
 * Rows are sources, columns destinations; {@code .} is allowed and {@code X} denied, e.g.
 *
 * <pre>
 *      x/a x/b
 * x/a   .   X
 * x/b   .   .
 * </pre>
 *
 * <p>Each cell also checks that {@link Reachability#allows} agrees with {@link Reachability#verdict}.
 */
final class TruthTable {
    static final String ALL_ALLOWED = """
                 x/a x/b x/c y/a y/b y/c z/a z/b z/c
            x/a   .   .   .   .   .   .   .   .   .
            x/b   .   .   .   .   .   .   .   .   .
            x/c   .   .   .   .   .   .   .   .   .
            y/a   .   .   .   .   .   .   .   .   .
            y/b   .   .   .   .   .   .   .   .   .
            y/c   .   .   .   .   .   .   .   .   .
            z/a   .   .   .   .   .   .   .   .   .
            z/b   .   .   .   .   .   .   .   .   .
            z/c   .   .   .   .   .   .   .   .   .
            """;

    /** x's pods may send nothing (but to themselves); everything else is open. */
    static final String X_EGRESS_DENIED = """
                 x/a x/b x/c y/a y/b y/c z/a z/b z/c
            x/a   .   X   X   X   X   X   X   X   X
            x/b   X   .   X   X   X   X   X   X   X
            x/c   X   X   .   X   X   X   X   X   X
            y/a   .   .   .   .   .   .   .   .   .
            y/b   .   .   .   .   .   .   .   .   .
            y/c   .   .   .   .   .   .   .   .   .
            z/a   .   .   .   .   .   .   .   .   .
            z/b   .   .   .   .   .   .   .   .   .
            z/c   .   .   .   .   .   .   .   .   .
            """;

    private TruthTable() {}

    static void assertTable(Cluster cluster, PortSpec port, String expected) {
        assertTable(cluster, port, Assumptions.COMMON_CNI, expected);
    }

    static void assertTable(Cluster cluster, PortSpec port, Assumptions assumptions, String expected) {
        Reachability reachability = Reachability.of(cluster, assumptions);
        List<Endpoint> endpoints = cluster.endpoints();
        List<String> ids = endpoints.stream().map(Endpoint::id).toList();
        List<List<String>> rows = new ArrayList<>();
        for (Endpoint source : endpoints) {
            List<String> row = new ArrayList<>();
            row.add(source.id());
            for (Endpoint destination : endpoints) {
                ToEndpoint to = new ToEndpoint(destination, port);
                boolean allowed = reachability.verdict(source, to).allowed();
                assertThat(reachability.allows(source, to)).as("allows(%s, %s) agrees with its verdict", source.id(), to)
                        .isEqualTo(allowed);
                row.add(allowed ? "." : "X");
            }
            rows.add(row);
        }
        assertThat(render(ids, rows)).as("reachability on %s", port).isEqualTo(normalize(expected));
    }

    /** The expected grid re-rendered, so that spacing in the test source does not matter. */
    private static String normalize(String grid) {
        List<List<String>> lines = grid.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line -> List.of(line.split("\\s+")))
                .toList();
        return render(lines.getFirst(), lines.subList(1, lines.size()));
    }

    private static String render(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder(" ".repeat(3));
        header.forEach(id -> out.append(String.format("%4s", id)));
        for (List<String> row : rows) {
            out.append('\n').append(String.format("%-3s", row.getFirst()));
            row.subList(1, row.size()).forEach(cell -> out.append(String.format("%4s", cell)));
        }
        return out.toString();
    }
}
