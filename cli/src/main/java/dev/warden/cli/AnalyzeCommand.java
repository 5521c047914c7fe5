package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.findings.Finding;
import dev.warden.analyze.findings.Findings;
import dev.warden.analyze.matrix.EgressMatrix;
import dev.warden.analyze.reach.Destination;
import dev.warden.analyze.reach.PortSpec;
import dev.warden.analyze.reach.Reachability;
import dev.warden.analyze.reach.Side;
import dev.warden.analyze.reach.Verdict;
import dev.warden.analyze.read.ManifestReader;
import dev.warden.analyze.read.ReadResult;
import dev.warden.analyze.report.HtmlReport;
import dev.warden.analyze.report.JsonReport;
import dev.warden.analyze.report.ReportSummary;
import dev.warden.analyze.report.Sarif;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.check.RegistryCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code warden analyze}: what deployed manifests let a workload reach. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        header = "What deployed manifests let each workload reach, and the egress failure modes they show.",
        description = {
            "Read deployed manifests (YAML, JSON, kubectl List output, folders). Without options, list",
            "the egress failure modes they show. --can-reach and --probes answer, exactly as Kubernetes",
            "NetworkPolicy defines it, whether a workload may reach a destination (egress, and ingress",
            "for a workload destination)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:allowed; no findings; with --probes every probe evaluated, whatever the verdicts",
            "1:denied; or findings", "2:usage or input error"})
final class AnalyzeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Format { text, json, sarif, html }

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or folders.")
    List<Path> paths;

    @Option(names = "--can-reach", arity = "2", paramLabel = "SRC DST",
            description = "SRC is namespace/name (a Pod or a workload); DST is namespace/name:PORT/PROTO or"
                    + " IP:PORT/PROTO ([IPv6]:PORT/PROTO).")
    List<String> canReach;

    @Option(names = "--probes", paramLabel = "FILE",
            description = "Evaluate many questions at once: a YAML or JSON list of {from, to | toIP, port, protocol}"
                    + " (protocol defaults to TCP); prints a truth table, or JSON Lines with --format json.")
    Path probes;

    @Option(names = "--format", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--registry", arity = "1..*", paramLabel = "PATH",
            description = {"Also hold the manifests against this egress registry: records whose enforcement is",
                "absent or broken, and reachable external destinations that no record declares."})
    List<Path> registry;

    @Option(names = "--today", paramLabel = "YYYY-MM-DD",
            description = "With --registry, the date its exceptions are in force on (default: today, UTC).")
    LocalDate today;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the output to FILE instead of standard output.")
    Path outFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoadedRegistry loaded = registry == null ? null : loadRegistry();
        ReadResult read = ManifestReader.read(paths);
        if (outFile == null) {
            return analyze(read, loaded, spec.commandLine().getOut());
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(outFile, StandardCharsets.UTF_8))) {
            return analyze(read, loaded, out);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + outFile + ": cannot write: " + e.getMessage());
        }
    }

    /** The registry, or a usage error listing its problems: findings against a broken registry would mislead. */
    private LoadedRegistry loadRegistry() {
        LoadedRegistry loaded = OptionValues.loadRegistry(spec, registry);
        List<dev.warden.model.finding.Finding> errors = RegistryCheck.check(loaded, day()).stream()
                .filter(dev.warden.model.finding.Finding::isError).toList();
        if (!errors.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), errors.stream().map(Object::toString)
                    .collect(Collectors.joining("\n")) + "\nthe registry has " + CheckCommand.plural(errors.size(), "error")
                    + "; `warden check` lists them with warnings");
        }
        return loaded;
    }

    private LocalDate day() {
        return OptionValues.dayOrToday(today);
    }

    private int analyze(ReadResult read, LoadedRegistry loaded, PrintWriter out) throws Exception {
        if (!read.errors().isEmpty()) {
            read.errors().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().flush();
            return Warden.EXIT_USAGE;
        }
        Cluster cluster = read.cluster();
        if (canReach != null && probes != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --can-reach SRC DST or --probes FILE, not both");
        }
        if ((canReach != null || probes != null) && (format == Format.sarif || format == Format.html)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format " + format
                    + " is for findings; --can-reach and --probes answer in text or json");
        }
        if (probes != null) {
            return runProbes(cluster, out);
        }
        if (canReach == null) {
            return printFindings(read, loaded, out);
        }
        Endpoint source = endpoint(cluster, canReach.get(0), "SRC");
        Destination destination = destination(cluster, canReach.get(1));
        Verdict verdict = Reachability.of(cluster).verdict(source, destination);
        if (format == Format.json) {
            out.println(JSON.writeValueAsString(json(verdict)));
        } else {
            out.println("egress: " + verdict.egress().explanation());
            if (verdict.ingress() != null) {
                out.println("ingress: " + verdict.ingress().explanation());
            }
            out.println(verdict.allowed() ? "allowed" : "denied");
        }
        out.flush();
        return verdict.allowed() ? Warden.EXIT_OK : Warden.EXIT_FINDINGS;
    }

    /**
     * The failure modes the manifests show, as a terminal table, SARIF, or (with the workload ×
     * destination matrix) JSON or an HTML page; exit 1 when there is any finding.
     */
    private int printFindings(ReadResult read, LoadedRegistry loaded, PrintWriter out) throws Exception {
        List<Finding> findings;
        EgressMatrix matrix;
        try {
            findings = loaded == null ? Findings.analyze(read) : Findings.analyze(read, loaded, day());
            matrix = format == Format.json || format == Format.html ? EgressMatrix.of(read) : null;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot analyze the manifests: " + e.getMessage());
        }
        String version = Warden.version();
        String source = paths.stream().map(Path::toString).collect(Collectors.joining(" "));
        switch (format) {
            case json -> out.println(JsonReport.render(matrix, findings, ReportSummary.of(read, source, version)));
            case html -> out.print(HtmlReport.render(matrix, findings, ReportSummary.of(read, source, version)));
            case sarif -> out.println(Sarif.render(findings, Path.of("").toAbsolutePath(), version));
            case text -> {
                for (Finding finding : findings) {
                    out.println(finding.severity().name().toLowerCase(Locale.ROOT) + ": " + finding.subject() + ": "
                            + finding.id());
                    finding.objects().forEach(object -> out.println("  " + object));
                    out.println("  why: " + finding.why());
                    out.println("  fix: " + finding.fix());
                }
                out.println(CheckCommand.plural(findings.size(), "finding") + " in "
                        + CheckCommand.plural(read.cluster().endpoints().size(), "workload") + ", "
                        + CheckCommand.plural(read.cluster().networkPolicies().size(), "network policy", "network policies")
                        + (read.cluster().ciliumPolicies().isEmpty() ? "" : ", " + CheckCommand.plural(
                                read.cluster().ciliumPolicies().size(), "Cilium policy", "Cilium policies"))
                        + skipped(read));
            }
        }
        out.flush();
        return findings.isEmpty() ? Warden.EXIT_OK : Warden.EXIT_FINDINGS;
    }

    private static String skipped(ReadResult read) {
        int count = read.cluster().skippedKinds().values().stream().mapToInt(Integer::intValue).sum();
        return count == 0 ? "" : "; " + CheckCommand.plural(count, "object") + " of kinds not analyzed yet skipped";
    }

    /** One question of a probes file. */
    private record Probe(String from, String to, int port, String protocol) {
        String destination() {
            String host = to.contains(":") && !to.contains("/") ? "[" + to + "]" : to;
            return host + ":" + port + "/" + protocol;
        }
    }

    /** Every probe answered in input order; a probe that cannot be read stops the run before any output. */
    private int runProbes(Cluster cluster, PrintWriter out) throws Exception {
        List<Probe> questions = readProbes();
        List<Verdict> verdicts = new ArrayList<>();
        Reachability reach = Reachability.of(cluster);
        for (int i = 0; i < questions.size(); i++) {
            Probe probe = questions.get(i);
            try {
                verdicts.add(reach.verdict(endpoint(cluster, probe.from(), "from"),
                        destination(cluster, probe.destination())));
            } catch (CommandLine.ParameterException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), probes + ": probe " + (i + 1) + ": "
                        + e.getMessage());
            }
        }
        if (format == Format.json) {
            for (int i = 0; i < questions.size(); i++) {
                Probe probe = questions.get(i);
                ObjectNode line = json(verdicts.get(i));
                ObjectNode asked = line.putObject("probe").put("from", probe.from())
                        .put(probe.to().contains("/") ? "to" : "toIP", probe.to());
                asked.put("port", probe.port()).put("protocol", probe.protocol());
                out.println(JSON.writeValueAsString(line));
            }
        } else {
            String format = "%-28s %-36s %-10s %-8s %-8s %s%n";
            out.printf(format, "FROM", "TO", "PORT", "EGRESS", "INGRESS", "VERDICT");
            for (int i = 0; i < questions.size(); i++) {
                Probe probe = questions.get(i);
                Verdict verdict = verdicts.get(i);
                out.printf(format, probe.from(), probe.to(), probe.port() + "/" + probe.protocol(),
                        word(verdict.egress()), verdict.ingress() == null ? "-" : word(verdict.ingress()),
                        verdict.allowed() ? "allowed" : "denied");
            }
        }
        out.flush();
        return Warden.EXIT_OK;
    }

    private static String word(Side side) {
        return side.allowed() ? "allow" : "deny";
    }

    private List<Probe> readProbes() {
        JsonNode list;
        try {
            list = new YAMLMapper().readTree(probes.toFile());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + probes + ": " + e.getMessage());
        }
        if (list == null || !list.isArray()) {
            throw new CommandLine.ParameterException(spec.commandLine(), probes
                    + ": expected a list of probes like - {from: ns/name, to: ns/name, port: 443, protocol: TCP}");
        }
        List<Probe> questions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String where = probes + ": probe " + (i + 1);
            String from = item.path("from").asText(null);
            String to = item.has("to") ? item.path("to").asText(null) : item.path("toIP").asText(null);
            if (from == null || to == null || item.has("to") == item.has("toIP")) {
                throw new CommandLine.ParameterException(spec.commandLine(), where
                        + " needs from and exactly one of to (namespace/name) or toIP");
            }
            if (!item.path("port").canConvertToInt() || !item.path("port").isIntegralNumber()) {
                throw new CommandLine.ParameterException(spec.commandLine(), where + " needs a numeric port");
            }
            questions.add(new Probe(from, to, item.path("port").asInt(),
                    item.path("protocol").asText("TCP").toUpperCase(Locale.ROOT)));
        }
        return questions;
    }

    private static ObjectNode json(Verdict verdict) {
        ObjectNode json = JSON.createObjectNode();
        json.set("egress", side(verdict.egress()));
        json.set("ingress", verdict.ingress() == null ? null : side(verdict.ingress()));
        json.put("allowed", verdict.allowed());
        return json;
    }

    private static ObjectNode side(Side side) {
        ObjectNode json = JSON.createObjectNode().put("allowed", side.allowed());
        side.policies().forEach(json.putArray("policies")::add);
        return json;
    }

    /** A Pod by that name if there is one, else the workload controller (pods stand for themselves first). */
    private Endpoint endpoint(Cluster cluster, String id, String role) {
        return cluster.endpoints().stream().filter(endpoint -> endpoint.id().equals(id))
                .min(Comparator.comparing(endpoint -> endpoint.kind().equals("Pod") ? 0 : 1))
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), role + " " + id
                        + " is not a Pod or workload in the manifests; write namespace/name"));
    }

    private Destination destination(Cluster cluster, String text) {
        int slash = text.lastIndexOf('/');
        int colon = text.lastIndexOf(':', slash < 0 ? text.length() : slash);
        if (slash < 0 || colon < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "DST " + text
                    + " needs a port and protocol: namespace/name:PORT/PROTO or IP:PORT/PROTO, e.g. 10.0.0.1:443/TCP");
        }
        PortSpec port;
        try {
            port = new PortSpec(Integer.parseInt(text.substring(colon + 1, slash)),
                    text.substring(slash + 1).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "DST " + text + ": " + e.getMessage());
        }
        String target = text.substring(0, colon);
        if (target.contains("/")) {
            return new Destination.ToEndpoint(endpoint(cluster, target, "DST"), port);
        }
        try {
            return new Destination.ToAddress(target.replace("[", "").replace("]", ""), port);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "DST " + text + ": " + e.getMessage());
        }
    }
}
