package dev.warden.cli;

import dev.warden.capacity.Capacity;
import dev.warden.capacity.metrics.MetricsSource;
import dev.warden.capacity.metrics.Observed;
import dev.warden.capacity.metrics.PrometheusText;
import dev.warden.capacity.metrics.Sample;
import dev.warden.capacity.report.HtmlReport;
import dev.warden.capacity.report.JsonReport;
import dev.warden.capacity.report.TextReport;
import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden capacity}: the NAT and gateway port model of a scenario (§7, §20, §24.5). */
@Command(
        name = "capacity",
        mixinStandardHelpOptions = true,
        header = "Model NAT and gateway port capacity, retry storms and what each remedy buys.",
        description = {
            "Model NAT port capacity for a CapacityScenario (§7, §20, §24.5): per",
            "destination tuple the ports in use (Little's law: new connections/s x",
            "seconds each holds its port), every limit on the egress path and the load",
            "at which it runs out, the retry storm when a destination fails, and",
            "recommendations ranked by what each buys.",
            "Presets: aws-nat-gateway, gcp-cloud-nat, azure-nat-gateway,",
            "azure-load-balancer-outbound, linux-masquerade, warden-gateway.",
            "The format and every provider number with its source: docs/capacity.md."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:within capacity, with at least minHeadroom free on every limit",
            "1:a limit runs out, a failure's retry storm exhausts the path, or headroom is below minHeadroom",
            "2:usage or input error (the scenario's problems are listed as file:line:col)"})
final class CapacityCommand implements Callable<Integer> {

    enum Format { text, json, html }

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "The CapacityScenario YAML file.")
    Path scenarioFile;

    @Option(names = "--format", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path outFile;

    @Option(names = "--from-metrics", paramLabel = "URL",
            description = {"A running gateway's /metrics: observed open connections per destination ("
                + Observed.OPEN + "{rule,destination_ip,destination_port}) replace the computed ones. Repeat for each replica."})
    List<String> metricsUrls;

    @Option(names = "--min-headroom", paramLabel = "PERCENT",
            description = "The share of every limit that must stay free (default: the scenario's, else 20%%).")
    String minHeadroom;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(scenarioFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "SCENARIO " + scenarioFile
                    + ": no such file");
        }
        ScenarioLoader.Result loaded = ScenarioLoader.load(scenarioFile);
        if (!loaded.ok()) {
            loaded.findings().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().println(CheckCommand.plural(loaded.findings().size(), "error")
                    + " in " + scenarioFile);
            spec.commandLine().getErr().flush();
            return Warden.EXIT_USAGE;
        }
        Scenario scenario = withHeadroom(loaded.scenario());
        List<String> observations = List.of();
        if (metricsUrls != null && !metricsUrls.isEmpty()) {
            Observed.Applied applied = Observed.apply(scenario, scrape(), metricsUrls.size());
            scenario = applied.scenario();
            observations = applied.observations();
        }
        Capacity.Report report = Capacity.run(scenario, observations);
        String rendered = switch (format) {
            case json -> JsonReport.render(report) + "\n";
            case html -> HtmlReport.render(report);
            case text -> TextReport.render(report);
        };
        if (outFile == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(rendered);
            out.flush();
        } else {
            try {
                Files.writeString(outFile, rendered, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out " + outFile + ": cannot write: "
                        + e.getMessage());
            }
        }
        return report.withinCapacity() ? Warden.EXIT_OK : Warden.EXIT_FINDINGS;
    }

    private Scenario withHeadroom(Scenario scenario) {
        if (minHeadroom == null) {
            return scenario;
        }
        String text = minHeadroom.trim();
        double share;
        try {
            share = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100
                    : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            share = Double.NaN;
        }
        if (!(share >= 0 && share < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--min-headroom " + minHeadroom
                    + ": write a share from 0% to 99%, such as 20%");
        }
        Scenario.Settings settings = scenario.settings();
        return new Scenario(scenario.name(), scenario.file(), scenario.destinations(), scenario.workloads(),
                scenario.gateway(), scenario.nat(), new Scenario.Settings(share, settings.horizon(), settings.step()));
    }

    private List<Sample> scrape() {
        List<Sample> samples = new ArrayList<>();
        for (String text : metricsUrls) {
            URI url;
            try {
                url = new URI(text);
            } catch (URISyntaxException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from-metrics " + text + ": not a URL");
            }
            try {
                samples.addAll(PrometheusText.parse(MetricsSource.fetch(url, Duration.ofSeconds(10))));
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from-metrics " + text + ": "
                        + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from-metrics " + text
                        + ": not Prometheus text: " + e.getMessage());
            }
        }
        return samples;
    }
}
