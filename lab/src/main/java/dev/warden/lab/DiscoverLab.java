package dev.warden.lab;

import dev.warden.discover.Discovery;
import dev.warden.discover.LogReader;
import dev.warden.discover.Observations;
import dev.warden.discover.Proposals;
import dev.warden.lab.net.CommandResult;
import dev.warden.lab.net.LabNames;
import dev.warden.lab.net.Netns;
import dev.warden.lab.net.Topology;
import dev.warden.lab.report.Step;
import dev.warden.lab.services.Gateway;
import dev.warden.lab.services.LabFiles;
import dev.warden.lab.services.Vendor;
import dev.warden.model.finding.Finding;
import dev.warden.model.registry.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lab discover (issue #8): on the proxy-only setup the pod resolves and calls the declared vendor
 * and an undeclared host (internet.lab.example: in the lab's zone and hosts files, in no record);
 * then the discover module reads the gateway's audit and DNS logs against the lab registry, as
 * {@code warden discover} does, and its proposed records are checked as {@code warden check} would.
 */
final class DiscoverLab {
    static final String NAME = "discover";
    static final String UNDECLARED = ProxyOnlyLab.OTHER_HOST;
    private static final Duration PROBE = Duration.ofSeconds(15);

    private final PodProbes pod;
    private final Gateway gateway;
    private final Path certificate;
    private final Registry registry;
    private final Path registryDir;
    private final Path out;
    private final LocalDate today;
    private final String proxy = "http://" + Topology.GATEWAY_ADDRESS + ":" + Gateway.PROXY_PORT;

    DiscoverLab(Netns netns, LabNames names, Gateway gateway, Path certificate, Registry registry, Path registryDir,
            Path out, LocalDate today) {
        this.pod = new PodProbes(netns, names, PROBE);
        this.gateway = gateway;
        this.certificate = certificate;
        this.registry = registry;
        this.registryDir = registryDir;
        this.out = out;
        this.today = today;
    }

    List<Step> run() {
        List<Step> steps = new ArrayList<>();
        steps.add(traffic());
        Discovery.Report report = discover(steps);
        steps.add(status(report, Vendor.HOST, Discovery.Status.DECLARED, "declared, record payment-vendor"));
        steps.add(status(report, UNDECLARED, Discovery.Status.UNDECLARED, "undeclared"));
        steps.add(proposal(report));
        return steps;
    }

    /** The pod's traffic: resolve and call the vendor, resolve and call the undeclared host. */
    private Step traffic() {
        CommandResult digVendor = pod.run("dig", "@" + Topology.GATEWAY_ADDRESS, "+time=2", "+tries=1", "+short", Vendor.HOST);
        CommandResult vendor = pod.run("curl", "-s", "-o", "/dev/null", "--max-time", "10", "--proxy", proxy,
                "--cacert", certificate.toString(), "-w", "%{http_code}", "https://" + Vendor.HOST + "/");
        CommandResult digOther = pod.run("dig", "@" + Topology.GATEWAY_ADDRESS, "+time=2", "+tries=1", "+short", UNDECLARED);
        CommandResult other = pod.run("curl", "-s", "-o", "/dev/null", "--max-time", "10", "--proxy", proxy,
                "-w", "%{http_connect}", "https://" + UNDECLARED + "/");
        boolean logged = ProxyOnlyLab.awaitLine(gateway.audit(), line -> UNDECLARED.equals(ProxyOnlyLab.text(line, "destination.domain")))
                .isPresent()
                && ProxyOnlyLab.awaitLine(gateway.dnsLog(), line -> UNDECLARED.equals(ProxyOnlyLab.text(line, "dns.question.name")))
                        .isPresent();
        String observed = "dig " + Vendor.HOST + ": " + (digVendor.ok() ? digVendor.output().strip() : "failed")
                + "; call: " + vendor.output().strip() + "; dig " + UNDECLARED + ": exit " + digOther.exitCode()
                + "; CONNECT " + UNDECLARED + ": " + other.output().strip() + (logged ? "; both in the logs" : "; not in the logs");
        return Step.of("traffic: the pod resolves and calls " + Vendor.HOST + " and " + UNDECLARED + " via the gateway",
                "vendor 200, the undeclared host 403, both in the audit and DNS logs",
                observed, vendor.output().strip().equals("200") && other.output().strip().equals("403") && logged);
    }

    private Discovery.Report discover(List<Step> steps) {
        Observations observations = new Observations();
        List<LogReader.Problem> problems = new ArrayList<>();
        problems.addAll(LogReader.read(gateway.audit(), observations::add));
        problems.addAll(LogReader.read(gateway.dnsLog(), observations::add));
        Discovery.Report report = Discovery.compare(observations, registry, today);
        try {
            Files.writeString(out.resolve("discover.txt"), dev.warden.discover.ReportWriter.text(report, problems));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    private Step status(Discovery.Report report, String host, Discovery.Status wanted, String expected) {
        List<Discovery.Row> rows = report.workloads().stream()
                .filter(workload -> "payment-worker".equals(workload.caller().workload()))
                .flatMap(workload -> workload.rows().stream()).filter(row -> host.equals(row.host())).toList();
        Optional<Discovery.Row> gatewayRow = rows.stream().filter(row -> row.port() != null).findFirst();
        Discovery.Row row = gatewayRow.orElse(rows.isEmpty() ? null : rows.get(0));
        String name = "discover: payments/payment-worker → " + host;
        if (row == null) {
            return Step.of(name, expected, "not in the report (see discover.txt)", false);
        }
        String observed = row.destination() + " " + row.status().wireName() + (row.record() == null ? "" : ", record " + row.record())
                + " (seen by " + String.join("+", row.seenBy()) + ")";
        boolean recordOk = wanted != Discovery.Status.DECLARED || "payment-vendor".equals(row.record());
        boolean allRows = rows.stream().allMatch(r -> r.status() == wanted);
        return Step.of(name, expected, observed, row.status() == wanted && recordOk && allRows);
    }

    /** The proposals go next to the lab's posture in a fresh directory; load and check must report no errors. */
    private Step proposal(Discovery.Report report) {
        String yaml = Proposals.yaml(report, today);
        Path checked = out.resolve("proposed");
        try {
            Files.createDirectories(checked);
            Files.writeString(out.resolve("proposed.yaml"), yaml);
            Files.writeString(checked.resolve("proposed.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabFiles.copy("lab/registry/posture.yaml", checked.resolve("posture.yaml"));
        List<Finding> findings = LabRegistry.findings(checked, today);
        List<Finding> errors = findings.stream().filter(Finding::isError).toList();
        boolean namesHost = yaml.contains(UNDECLARED);
        boolean namesVendor = yaml.contains(Vendor.HOST);
        return Step.of("propose: the proposed records (proposed.yaml) with the lab's posture, loaded and checked",
                "a record for " + UNDECLARED + " only; no errors from load and check",
                (namesHost ? "proposes " + UNDECLARED : "no record for " + UNDECLARED) + (namesVendor ? ", and the vendor" : "")
                        + "; " + errors.size() + " errors, " + (findings.size() - errors.size()) + " other findings"
                        + (errors.isEmpty() ? "" : ": " + errors),
                namesHost && !namesVendor && errors.isEmpty());
    }
}
