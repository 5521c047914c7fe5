package dev.warden.cli;

import dev.warden.discover.Discovery;
import dev.warden.discover.LogReader;
import dev.warden.discover.Observations;
import dev.warden.discover.Proposals;
import dev.warden.discover.ReportWriter;
import dev.warden.model.finding.Finding;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.check.RegistryCheck;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden discover}: observed egress held against the registry, with records proposed for what is undeclared. */
@Command(
        name = "discover",
        mixinStandardHelpOptions = true,
        header = "Observed egress from gateway and DNS logs against the registry; propose records.",
        description = {
            "Read the gateway's audit logs (and the resolver's query logs) from a real deployment, list",
            "each workload's observed destinations against the registry, and propose registry records",
            "for the undeclared ones (--format yaml)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every observed destination is declared",
            "1:undeclared destinations, or destinations the registry denies",
            "2:usage or input error (also after a full report when some log lines could not be read)"})
final class DiscoverCommand implements Callable<Integer> {

    enum Format { text, json, yaml }

    @Parameters(arity = "1..*", paramLabel = "AUDIT", description = "Audit logs (JSON Lines) written by warden gateway.")
    List<Path> audit;

    @Option(names = "--dns-log", arity = "1..*", paramLabel = "FILE",
            description = "Query logs (JSON Lines) written by warden dns.")
    List<Path> dnsLogs = new ArrayList<>();

    @Option(names = "--registry", arity = "1..*", paramLabel = "PATH",
            description = "The egress registry to hold the observations against (default: none, all undeclared).")
    List<Path> registry;

    @Option(names = "--format", defaultValue = "text",
            description = "text (a table per workload), json, or yaml (the proposed records only) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--today", paramLabel = "YYYY-MM-DD",
            description = "The date exceptions are in force on and proposed records are reviewed on (default: today, UTC).")
    LocalDate today;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LocalDate day = OptionValues.dayOrToday(today);
        LoadedRegistry loaded = registry == null ? null : loadRegistry(day);
        List<Path> files = new ArrayList<>(audit);
        files.addAll(dnsLogs);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(spec.commandLine(), file + ": no such file");
            }
        }
        Observations observations = new Observations();
        List<LogReader.Problem> problems = new ArrayList<>();
        for (Path file : files) {
            problems.addAll(LogReader.read(file, observations::add));
        }
        Discovery.Report report = Discovery.compare(observations, loaded == null ? null : loaded.registry(), day);
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case text -> out.print(ReportWriter.text(report, problems));
            case json -> out.print(ReportWriter.json(report, problems));
            case yaml -> out.print(Proposals.yaml(report, day));
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        problems.forEach(err::println);
        err.flush();
        if (!problems.isEmpty()) {
            return Warden.EXIT_USAGE;
        }
        boolean clean = report.count(Discovery.Status.UNDECLARED) == 0 && report.count(Discovery.Status.DENIED_BY_REGISTRY) == 0;
        return clean ? Warden.EXIT_OK : Warden.EXIT_FINDINGS;
    }

    /** The registry, or a usage error listing its errors: statuses against a broken registry would mislead. */
    private LoadedRegistry loadRegistry(LocalDate day) {
        LoadedRegistry loaded = OptionValues.loadRegistry(spec, registry);
        List<Finding> errors = RegistryCheck.check(loaded, day).stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), errors.stream().map(Object::toString)
                    .collect(Collectors.joining("\n")) + "\nthe registry has " + CheckCommand.plural(errors.size(), "error")
                    + "; `warden check` lists them with warnings");
        }
        return loaded;
    }
}
