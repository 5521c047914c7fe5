package dev.warden.discover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.discover.Discovery.Report;
import dev.warden.discover.Discovery.Row;
import dev.warden.discover.Discovery.Status;
import dev.warden.discover.Discovery.Workload;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;

/** The comparison as a terminal table or as one JSON document. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROW = "  %-34s %-9s %-18s %-20s %-20s %-10s %s%n";

    private ReportWriter() {}

    /** One table per workload, a reason line under each destination that is not declared, and a summary. */
    public static String text(Report report, List<LogReader.Problem> problems) {
        StringBuilder out = new StringBuilder();
        for (Workload workload : report.workloads()) {
            var caller = workload.caller();
            out.append(caller.displayName());
            if (caller.serviceAccount() != null) {
                out.append(" (service account ").append(caller.serviceAccount()).append(')');
            }
            out.append('\n');
            out.append(String.format(ROW, "DESTINATION", "PROTOCOL", "SEEN", "FIRST", "LAST", "DECISIONS", "STATUS"));
            for (Row row : workload.rows()) {
                String seen = row.seenBy().stream()
                        .map(by -> by + " " + (by.equals("gateway") ? row.gatewayCount() : row.dnsCount()))
                        .collect(Collectors.joining(", "));
                String decisions = row.decisions().isEmpty() ? "-" : row.decisions().entrySet().stream()
                        .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
                out.append(String.format(ROW, row.destination(), protocol(row), seen, time(row.first()), time(row.last()),
                        decisions, status(row)));
                if (row.reason() != null && row.status() != Status.DECLARED) {
                    out.append("    ").append(row.reason()).append('\n');
                }
            }
            out.append('\n');
        }
        out.append(plural(report.destinations(), "destination")).append(" of ").append(plural(report.workloads().size(), "workload"))
                .append(": ").append(report.count(Status.DECLARED)).append(" declared, ")
                .append(report.count(Status.UNDECLARED)).append(" undeclared, ")
                .append(report.count(Status.DENIED_BY_REGISTRY)).append(" denied by the registry")
                .append(report.registryGiven() ? "" : " (no --registry: everything is undeclared)");
        if (!problems.isEmpty()) {
            out.append("; ").append(plural(problems.size(), "unreadable line")).append(" skipped");
        }
        out.append('\n');
        if (report.count(Status.UNDECLARED) > 0) {
            out.append("--format yaml proposes records for the undeclared destinations\n");
        }
        return out.toString();
    }

    /** {@code {workloads: [{namespace, workload, serviceAccount, destinations: [...]}], summary, unreadable}}. */
    public static String json(Report report, List<LogReader.Problem> problems) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode workloads = root.putArray("workloads");
        for (Workload workload : report.workloads()) {
            var caller = workload.caller();
            ObjectNode node = workloads.addObject();
            node.put("namespace", caller.namespace()).put("workload", caller.workload())
                    .put("serviceAccount", caller.serviceAccount());
            if (!caller.identified()) {
                node.put("source", caller.unidentifiedSource());
            }
            ArrayNode destinations = node.putArray("destinations");
            for (Row row : workload.rows()) {
                ObjectNode destination = destinations.addObject();
                destination.put(row.address() ? "address" : "host", row.host());
                if (row.port() != null) {
                    destination.put("port", row.port());
                } else {
                    destination.putNull("port");
                }
                destination.put("transport", row.transport()).put("protocol", row.protocol());
                row.seenBy().forEach(destination.putArray("seenBy")::add);
                destination.put("gatewayCount", row.gatewayCount()).put("dnsCount", row.dnsCount())
                        .put("first", row.first() == null ? null : row.first().toString())
                        .put("last", row.last() == null ? null : row.last().toString());
                ObjectNode decisions = destination.putObject("decisions");
                row.decisions().forEach(decisions::put);
                destination.put("status", row.status().wireName()).put("record", row.record()).put("reason", row.reason());
            }
        }
        root.putObject("summary").put("destinations", report.destinations())
                .put("declared", report.count(Status.DECLARED))
                .put("undeclared", report.count(Status.UNDECLARED))
                .put("deniedByRegistry", report.count(Status.DENIED_BY_REGISTRY))
                .put("registry", report.registryGiven());
        ArrayNode unreadable = root.putArray("unreadable");
        problems.forEach(problem -> unreadable.addObject().put("file", problem.file()).put("line", problem.line())
                .put("message", problem.message()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String protocol(Row row) {
        if (row.port() == null) {
            return "dns";
        }
        String transport = row.transport() == null ? "?" : row.transport();
        return row.protocol() == null || row.protocol().equals(transport) ? transport : transport + "/" + row.protocol();
    }

    private static String status(Row row) {
        if (row.record() == null) {
            return row.status().wireName();
        }
        return row.status().wireName() + " (" + (row.status() == Status.UNDECLARED ? "report-only " : "") + row.record() + ")";
    }

    private static String time(Instant at) {
        return at == null ? "-" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
