package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.warden.model.finding.Finding;
import dev.warden.model.registry.EgressPosture;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.check.RegistryCheck;
import dev.warden.registry.explain.Explanation;
import dev.warden.registry.explain.PathAdvisor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden check}: validate the registry and, with --explain, reason about each path. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Validate the egress registry and explain each dependency's egress path.",
            "",
            "Prints every problem at once, as file:line:col: error|warning: message [rule].",
            "--explain adds, per dependency, the path the seed's §14/§17/§19 tables recommend and why,",
            "and what the chosen path gives and lacks on each §17 dimension."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no errors (warnings allowed)", "1:the registry has errors", "2:usage error"})
final class CheckCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Registry files or folders (*.yaml, *.yml, recursively).")
    List<Path> paths;

    @Option(names = "--explain", description = "Explain the recommended egress path for each dependency.")
    boolean explain;

    @Option(names = "--format", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--today", paramLabel = "YYYY-MM-DD",
            description = "The date that review and expiry rules measure against (default: today, UTC).")
    LocalDate today;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LoadedRegistry loaded = OptionValues.loadRegistry(spec, paths);
        LocalDate day = OptionValues.dayOrToday(today);
        List<Finding> findings = RegistryCheck.check(loaded, day);
        List<Explanation> explanations = explain ? explanations(loaded) : List.of();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(json(findings, explanations));
        } else {
            explanations.forEach(explanation -> out.print(ExplainText.render(explanation)));
            findings.forEach(out::println);
            out.println(summary(findings, loaded));
        }
        out.flush();
        return findings.stream().anyMatch(Finding::isError) ? Warden.EXIT_FINDINGS : Warden.EXIT_OK;
    }

    private static List<Explanation> explanations(LoadedRegistry loaded) {
        var posture = loaded.registry().posture().map(EgressPosture::spec);
        return loaded.registry().dependencies().stream()
                .map(dependency -> PathAdvisor.explain(dependency, posture))
                .toList();
    }

    private static String summary(List<Finding> findings, LoadedRegistry loaded) {
        long errors = findings.stream().filter(Finding::isError).count();
        long warnings = findings.size() - errors;
        var registry = loaded.registry();
        return plural(errors, "error") + ", " + plural(warnings, "warning") + " in " + plural(registry.dependencies().size(), "dependency", "dependencies")
                + ", " + plural(registry.exceptions().size(), "exception") + (registry.posture().isPresent() ? ", 1 posture" : ", no posture");
    }

    static String plural(long count, String one) {
        return plural(count, one, one + "s");
    }

    static String plural(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    private static String json(List<Finding> findings, List<Explanation> explanations) {
        ObjectMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("findings", findings.stream().map(CheckCommand::findingJson).toList());
        document.put("errors", findings.stream().filter(Finding::isError).count());
        document.put("warnings", findings.stream().filter(finding -> !finding.isError()).count());
        if (!explanations.isEmpty()) {
            document.put("explanations", explanations.stream().map(ExplainText::json).toList());
        }
        try {
            return mapper.writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> findingJson(Finding finding) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", finding.position().file());
        json.put("line", finding.position().line());
        json.put("column", finding.position().column());
        json.put("severity", finding.severity().label());
        json.put("rule", finding.rule());
        json.put("message", finding.message());
        return json;
    }
}
