package dev.warden.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.lab.net.CommandResult;
import dev.warden.lab.net.LabNames;
import dev.warden.lab.net.Netns;
import dev.warden.lab.net.Topology;
import dev.warden.lab.report.Step;
import dev.warden.lab.services.Gateway;
import dev.warden.lab.services.Vendor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Lab 3 of the seed (§26), proxy-only egress: the pod reaches its vendor only through the
 * gateway; every way around it is dropped at the node, and the gateway's audit and DNS logs say
 * who did what.
 */
final class ProxyOnlyLab {
    static final String NAME = "proxy-only";
    static final String OTHER_HOST = "internet.lab.example";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROBE = Duration.ofSeconds(15);
    private static final String DROPPED = "no answer; dropped by the node's default deny";

    private final PodProbes pod;
    private final Gateway gateway;
    private final Path certificate;
    private final String proxy = "http://" + Topology.GATEWAY_ADDRESS + ":" + Gateway.PROXY_PORT;

    ProxyOnlyLab(Netns netns, LabNames names, Gateway gateway, Path certificate) {
        this.pod = new PodProbes(netns, names, PROBE);
        this.gateway = gateway;
        this.certificate = certificate;
    }

    List<Step> run() {
        List<Step> steps = new ArrayList<>();
        steps.add(allowedName());
        steps.add(allowedCall());
        steps.add(otherHost());
        steps.add(pod.droppedCall("bypass: direct TLS to the vendor's address", DROPPED, List.of("--resolve",
                Vendor.HOST + ":443:" + Topology.VENDOR_ADDRESS, "--cacert", certificate.toString(), "https://" + Vendor.HOST + "/")));
        steps.add(pod.droppedCall("bypass: direct HTTP to the internet", DROPPED, List.of("http://" + Topology.INTERNET_ADDRESS + "/")));
        steps.add(pod.droppedQuery("bypass: DNS to a resolver on the internet (it answers the node)",
                "no answer; dropped by the node's DNS rule", Topology.INTERNET_ADDRESS, Vendor.HOST));
        steps.add(unlistedName());
        steps.add(join());
        return steps;
    }

    private Step allowedName() {
        CommandResult dig = pod.run("dig", "@" + Topology.GATEWAY_ADDRESS, "+time=2", "+tries=1", "+short", Vendor.HOST);
        String observed = dig.ok() ? "answer " + dig.output().strip() : "dig failed: " + dig.output();
        return Step.of("DNS: the pod resolves " + Vendor.HOST + " at the cluster resolver",
                "answer " + Topology.VENDOR_ADDRESS, observed, dig.ok() && dig.output().strip().equals(Topology.VENDOR_ADDRESS));
    }

    private Step allowedCall() {
        CommandResult curl = pod.run("curl", "-s", "--max-time", "10", "--proxy", proxy, "--cacert", certificate.toString(),
                "-w", "\n%{http_code}", "https://" + Vendor.HOST + "/");
        List<String> lines = curl.output().strip().lines().toList();
        String status = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        boolean body = curl.output().contains(Vendor.BODY);
        return Step.of("proxy: the pod calls https://" + Vendor.HOST + " via the gateway",
                "200 from the vendor", curl.ok() ? status + (body ? " \"" + Vendor.BODY + "\"" : " (not the vendor's body)")
                        : "curl exit " + curl.exitCode() + ": " + curl.output(), curl.ok() && status.equals("200") && body);
    }

    private Step otherHost() {
        CommandResult curl = pod.run("curl", "-s", "-o", "/dev/null", "--max-time", "10", "--proxy", proxy,
                "-w", "%{http_connect}", "https://" + OTHER_HOST + "/");
        String status = curl.output().strip();
        Optional<JsonNode> audit = awaitLine(gateway.audit(), line -> "deny".equals(text(line, "warden.decision"))
                && OTHER_HOST.equals(text(line, "destination.domain")));
        String observed = "CONNECT " + status + "; audit: " + audit.map(line -> text(line, "warden.decision") + " "
                + text(line, "kubernetes.namespace") + "/" + text(line, "kubernetes.workload") + " → "
                + text(line, "destination.domain") + ": " + text(line, "warden.reason")).orElse("no deny line");
        return Step.of("proxy: the pod asks the gateway for " + OTHER_HOST, "403, and an audit line (deny)",
                observed, status.equals("403") && audit.isPresent());
    }


    private Step unlistedName() {
        CommandResult dig = pod.run("dig", "@" + Topology.GATEWAY_ADDRESS, "+time=2", "+tries=1", "+noall", "+comments", OTHER_HOST);
        String status = dig.output().lines().filter(line -> line.contains("status:"))
                .map(line -> line.replaceAll(".*status: ([A-Z]+).*", "$1")).findFirst().orElse("no status");
        Optional<JsonNode> logged = awaitLine(gateway.dnsLog(), line -> OTHER_HOST.equals(text(line, "dns.question.name"))
                && "deny".equals(text(line, "warden.decision")));
        return Step.of("DNS: the pod resolves " + OTHER_HOST + " (in no record)", "REFUSED, logged as deny",
                status + (logged.isPresent() ? "; DNS log: deny" : "; not in the DNS log"),
                status.equals("REFUSED") && logged.isPresent());
    }

    /** The allowed call's audit line and the query before it name the same workload from the same address. */
    private Step join() {
        Optional<JsonNode> query = awaitLine(gateway.dnsLog(), line -> Vendor.HOST.equals(text(line, "dns.question.name"))
                && "allow".equals(text(line, "warden.decision")));
        Optional<JsonNode> call = awaitLine(gateway.audit(), line -> Vendor.HOST.equals(text(line, "destination.domain"))
                && "allow".equals(text(line, "warden.decision")));
        String expected = "same workload and source in both; the query first";
        if (query.isEmpty() || call.isEmpty()) {
            return Step.of("logs: the audit line joins the DNS query on workload", expected,
                    (query.isEmpty() ? "no allowed query in the DNS log " : "") + (call.isEmpty() ? "no allowed call in the audit log" : ""), false);
        }
        List<String> keys = List.of("kubernetes.namespace", "kubernetes.workload", "kubernetes.pod.name", "source.ip");
        boolean same = keys.stream().allMatch(key -> text(query.get(), key) != null
                && Objects.equals(text(query.get(), key), text(call.get(), key)));
        boolean ordered = Objects.requireNonNullElse(text(query.get(), "@timestamp"), "")
                .compareTo(Objects.requireNonNullElse(text(call.get(), "@timestamp"), "")) < 0;
        String observed = text(call.get(), "kubernetes.namespace") + "/" + text(call.get(), "kubernetes.workload")
                + " (" + text(call.get(), "kubernetes.pod.name") + ", " + text(call.get(), "source.ip") + ")"
                + (same ? " in both" : " vs DNS " + text(query.get(), "kubernetes.namespace") + "/" + text(query.get(), "kubernetes.workload"))
                + "; rule " + text(call.get(), "warden.rule") + (ordered ? "; query first" : "; query NOT first");
        return Step.of("logs: the audit line joins the DNS query on workload", expected, observed, same && ordered);
    }


    /** The first line of a JSON-lines log matching {@code match}, waiting up to five seconds for it to be written. */
    static Optional<JsonNode> awaitLine(Path log, Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        do {
            Optional<JsonNode> found = lines(log).stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** The parsed lines of a JSON-lines file; a line not (yet completely) written is skipped. */
    static List<JsonNode> lines(Path log) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                try {
                    if (!line.isBlank()) {
                        nodes.add(JSON.readTree(line));
                    }
                } catch (IOException partial) {
                    // the writer is mid-line; the next poll sees it whole
                }
            }
            return nodes;
        } catch (IOException e) {
            return List.of();
        }
    }

    static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
