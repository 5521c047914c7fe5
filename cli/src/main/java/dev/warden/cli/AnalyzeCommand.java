package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.read.ManifestReader;
import dev.warden.analyze.read.ReadResult;
import dev.warden.analyze.reach.Destination;
import dev.warden.analyze.reach.PortSpec;
import dev.warden.analyze.reach.Reachability;
import dev.warden.analyze.reach.Side;
import dev.warden.analyze.reach.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden analyze}: what deployed manifests let a workload reach. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Read deployed manifests (YAML, JSON, kubectl List output, folders) and answer, exactly as",
            "Kubernetes NetworkPolicy defines it, whether a workload may reach a destination: the egress",
            "side, and for a workload destination its ingress side too."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:allowed", "1:denied", "2:usage or input error"})
final class AnalyzeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Format { text, json }

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or folders.")
    List<Path> paths;

    @Option(names = "--can-reach", arity = "2", paramLabel = "SRC DST", required = true,
            description = "SRC is namespace/name (a Pod or a workload); DST is namespace/name:PORT/PROTO or"
                    + " IP:PORT/PROTO ([IPv6]:PORT/PROTO).")
    List<String> canReach;

    @Option(names = "--format", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReadResult read = ManifestReader.read(paths);
        PrintWriter out = spec.commandLine().getOut();
        if (!read.errors().isEmpty()) {
            read.errors().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().flush();
            return Warden.EXIT_USAGE;
        }
        Cluster cluster = read.cluster();
        Endpoint source = endpoint(cluster, canReach.get(0), "SRC");
        Destination destination = destination(cluster, canReach.get(1));
        Verdict verdict = Reachability.canReach(cluster, source, destination);
        if (format == Format.json) {
            ObjectNode json = JSON.createObjectNode();
            json.set("egress", side(verdict.egress()));
            json.set("ingress", verdict.ingress() == null ? null : side(verdict.ingress()));
            json.put("allowed", verdict.allowed());
            out.println(JSON.writeValueAsString(json));
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
