package dev.warden.discover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.discover.Discovery.Report;
import dev.warden.discover.Discovery.Row;
import dev.warden.discover.Discovery.Status;
import dev.warden.discover.Observations.Caller;
import dev.warden.model.net.AddressClass;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draft registry records for what is undeclared: one {@code EgressDependency} per workload, per
 * group of hosts sharing a parent domain (the name without its first label, for names of three
 * labels or more; a two-label name is its own group), per application protocol. Public address
 * literals of a workload form one group of their own. Every field {@code warden check} requires
 * is filled; what the logs cannot tell (owner, purpose, class, data, auth) is a marked
 * placeholder to review. Each record starts in {@code mode: report-only}.
 *
 * <p>Not proposed, with a comment saying why: names seen only in DNS (no port was observed),
 * unidentified callers (no namespace to write), private or special-purpose addresses (those need a
 * reasoned {@code allowPrivate}), and destinations the registry already denies on purpose.
 */
public final class Proposals {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The hosts (or addresses), ports and counts of one proposed record. */
    private static final class Group {
        final Caller caller;
        final String protocol;
        final Set<String> hosts = new TreeSet<>();
        final Set<String> cidrs = new TreeSet<>();
        final Set<String> ports = new TreeSet<>();
        long count;
        Instant first;
        Instant last;

        Group(Caller caller, String protocol) {
            this.caller = caller;
            this.protocol = protocol;
        }
    }

    private Proposals() {}

    /** The proposed records as registry YAML, with comments for what was left out; empty text when nothing is undeclared. */
    public static String yaml(Report report, LocalDate today) {
        Map<String, Group> groups = new LinkedHashMap<>();
        List<String> notProposed = new ArrayList<>();
        for (Discovery.Workload workload : report.workloads()) {
            Caller caller = workload.caller();
            for (Row row : workload.rows()) {
                if (row.status() != Status.UNDECLARED) {
                    continue;
                }
                String why = skipReason(caller, row);
                if (why != null) {
                    notProposed.add(caller.displayName() + " -> " + row.destination() + ": " + why);
                    continue;
                }
                String protocol = protocol(row);
                String parent = row.address() ? "addresses" : parent(row.host());
                Group group = groups.computeIfAbsent(caller.namespace() + "/" + caller.workload() + "/"
                        + caller.serviceAccount() + "/" + parent + "/" + protocol, k -> new Group(caller, protocol));
                (row.address() ? group.cidrs : group.hosts).add(row.host());
                group.ports.add(String.format("%05d/%s", row.port(), "udp".equals(row.transport()) ? "UDP" : "TCP"));
                group.count += row.gatewayCount();
                group.first = group.first == null || (row.first() != null && row.first().isBefore(group.first)) ? row.first() : group.first;
                group.last = group.last == null || (row.last() != null && row.last().isAfter(group.last)) ? row.last() : group.last;
            }
        }
        StringBuilder out = new StringBuilder();
        if (!groups.isEmpty()) {
            out.append("# Proposed by warden discover on ").append(today).append(" from observed egress. Every record\n")
                    .append("# starts in report-only; replace each TODO and check the placeholders marked below\n")
                    .append("# before merging, then run warden check.\n");
        }
        Set<String> names = new HashSet<>();
        boolean firstRecord = true;
        for (Group group : groups.values()) {
            if (!firstRecord) {
                out.append("---\n");
            }
            firstRecord = false;
            record(out, group, name(group, names), today);
        }
        if (!notProposed.isEmpty()) {
            out.append(groups.isEmpty() ? "" : "---\n").append("# Undeclared but not proposed:\n");
            notProposed.forEach(line -> out.append("#   ").append(line).append('\n'));
        }
        return out.toString();
    }

    private static String skipReason(Caller caller, Row row) {
        if (!caller.identified()) {
            return "the caller is unidentified, so there is no namespace to declare it for";
        }
        if (row.port() == null) {
            return "seen only in DNS queries, so no port is known; declare it once a connection shows the port";
        }
        if (row.address() && AddressClass.classify(IpAddress.parse(row.host())).refusedByDefault()) {
            return "a private or special-purpose address; declare it by hand under allowPrivate with a reason";
        }
        return null;
    }

    private static void record(StringBuilder out, Group group, String name, LocalDate today) {
        Caller caller = group.caller;
        List<String> destinations = new ArrayList<>(group.hosts);
        destinations.addAll(group.cidrs);
        String what = String.join(", ", destinations);
        out.append("# ").append(caller.displayName()).append(": ").append(group.count).append(group.count == 1 ? " connection" : " connections");
        if (group.first != null) {
            out.append(", ").append(group.first.truncatedTo(ChronoUnit.SECONDS)).append(" to ")
                    .append(group.last.truncatedTo(ChronoUnit.SECONDS));
        }
        out.append('\n');
        out.append("apiVersion: warden.dev/v1alpha1\n");
        out.append("kind: EgressDependency\n");
        out.append("metadata:\n  name: ").append(name).append('\n');
        out.append("spec:\n");
        out.append("  owner: ").append(quote("TODO owning team")).append('\n');
        out.append("  service: ").append(quote(caller.workload())).append('\n');
        out.append("  purpose: ").append(quote("TODO why " + caller.workload() + " calls " + what)).append('\n');
        out.append("  class: public-saas  # placeholder: the logs cannot tell the §19 class, and check refuses unknown\n");
        out.append("  source:\n");
        out.append("    namespace: ").append(quote(caller.namespace())).append('\n');
        if (caller.serviceAccount() != null) {
            out.append("    serviceAccount: ").append(quote(caller.serviceAccount())).append('\n');
        } else {
            out.append("    # TODO the logs name no service account: this source admits the whole namespace\n");
        }
        out.append("  destination:\n");
        if (!group.hosts.isEmpty()) {
            out.append("    hosts: [").append(String.join(", ", group.hosts.stream().map(Proposals::quote).toList())).append("]\n");
        }
        if (!group.cidrs.isEmpty()) {
            out.append("    cidrs: [").append(String.join(", ", group.cidrs.stream()
                    .map(address -> quote(address + (address.contains(":") ? "/128" : "/32"))).toList())).append("]\n");
        }
        out.append("    ports:\n");
        for (String port : group.ports) {
            String[] parts = port.split("/");
            out.append("      - {port: ").append(Integer.parseInt(parts[0])).append(", protocol: ").append(parts[1]).append("}\n");
        }
        out.append("  protocol: ").append(group.protocol).append('\n');
        out.append("  path: egress-gateway\n");
        out.append("  dataClassification: internal  # placeholder: say what data goes there\n");
        out.append("  dataDescription: ").append(quote("TODO what data " + caller.workload() + " sends")).append('\n');
        out.append("  auth: ").append(quote("TODO")).append('\n');
        boolean encrypted = group.protocol.equals("HTTPS") || group.protocol.equals("TLS");
        out.append("  tls: {verify: ").append(encrypted ? "required" : "none").append("}\n");
        out.append("  availability: low  # placeholder\n");
        out.append("  audit: [request-count, status, destination, source-workload]\n");
        out.append("  review: {cadence: quarterly, lastReviewed: ").append(today).append("}\n");
        out.append("  mode: report-only\n");
    }

    /** The registry protocol for what the gateway logged: http, tls, https; else the transport. */
    private static String protocol(Row row) {
        String protocol = row.protocol() == null ? "" : row.protocol();
        return switch (protocol) {
            case "http" -> "HTTP";
            case "https" -> "HTTPS";
            case "tls" -> "TLS";
            default -> "udp".equals(row.transport()) ? "UDP" : "TCP";
        };
    }

    /** The group a host belongs to: the name after its first label when that leaves two labels or more. */
    static String parent(String host) {
        List<String> labels = Hostname.parse(host).labels();
        return labels.size() >= 3 ? String.join(".", labels.subList(1, labels.size())) : host;
    }

    /** A DNS-1123 name from the workload and the group, unique among {@code taken}. */
    private static String name(Group group, Set<String> taken) {
        String parent = group.hosts.isEmpty() ? "addresses" : parent(group.hosts.iterator().next());
        String base = (group.caller.workload() + "-" + parent + (group.protocol.equals("HTTP") || group.protocol.equals("HTTPS")
                || group.protocol.equals("TLS") ? "" : "-" + group.protocol)).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        if (base.length() > 60) {
            base = base.substring(0, 60).replaceAll("-$", "");
        }
        String name = base.isEmpty() ? "discovered" : base;
        for (int i = 2; !taken.add(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
