package dev.warden.cli;

import dev.warden.compile.BypassCheck;
import dev.warden.compile.Compilation;
import dev.warden.compile.CompileTarget;
import dev.warden.compile.ControlMatrix;
import dev.warden.model.finding.Finding;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.check.RegistryCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden compile}: the registry as enforcement, one folder per target. */
@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        header = "Compile the registry to enforcement for each target, every allow with its bypass control.",
        description = {
            "Compile the registry to enforcement: one file per target, namespace and kind under",
            "--out, byte-identical for the same registry, each object annotated with the records it",
            "implements. Every allow is checked for its bypass control (§18) before anything is written."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:written; every record expressed and every allow has its bypass control",
            "1:the registry has errors, a record cannot be expressed by a target, or a bypass control is"
                    + " missing (the files for what could be expressed are still written)",
            "2:usage error"
        })
final class CompileCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Registry files or folders, as for `warden check`.")
    List<Path> paths;

    @Option(names = "--target", split = ",", paramLabel = "TARGET", defaultValue = "kubernetes,cilium,istio,nftables,gateway",
            description = "Targets, comma-separated: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            converter = TargetConverter.class)
    List<CompileTarget> targets;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the files go (created if missing).")
    Path out;

    @Option(names = "--today", paramLabel = "YYYY-MM-DD",
            description = "The date exceptions are in force on (default: today, UTC).")
    LocalDate today;

    @Option(names = "--explain", description = {"Also print, per dependency, the control matrix of the seed's §21: for",
            "each control the layer and the emitted object that implements it, or what is missing."})
    boolean explain;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Targets are written as in the docs: lower case. */
    static final class TargetConverter implements CommandLine.ITypeConverter<CompileTarget> {
        @Override
        public CompileTarget convert(String value) {
            return Arrays.stream(CompileTarget.values()).filter(target -> target.wireName().equals(value)).findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException("unknown target '" + value + "'; use "
                            + String.join(", ", Arrays.stream(CompileTarget.values()).map(CompileTarget::wireName).toList())));
        }
    }

    @Override
    public Integer call() {
        LoadedRegistry loaded = OptionValues.loadRegistry(spec, paths);
        LocalDate day = OptionValues.dayOrToday(today);
        PrintWriter out = spec.commandLine().getOut();
        List<Finding> errors = RegistryCheck.check(loaded, day).stream().filter(Finding::isError).toList();
        if (!errors.isEmpty()) {
            errors.forEach(out::println);
            out.println("not compiled: the registry has " + CheckCommand.plural(errors.size(), "error")
                    + "; `warden check` lists them with warnings");
            out.flush();
            return Warden.EXIT_FINDINGS;
        }
        Map<CompileTarget, Compilation> compiled = new LinkedHashMap<>();
        targets.stream().distinct().forEach(target -> compiled.put(target, target.compile(loaded, day)));
        if (explain) {
            out.print(ControlMatrix.text(ControlMatrix.explain(loaded, compiled, day)));
        }
        boolean clean = true;
        for (Map.Entry<CompileTarget, Compilation> entry : compiled.entrySet()) {
            CompileTarget target = entry.getKey();
            Compilation compilation = entry.getValue();
            List<String> gaps = new ArrayList<>();
            BypassCheck.check(compilation).forEach(gap -> gaps.add(gap.toString()));
            for (Map.Entry<Path, String> file : compilation.render().entrySet()) {
                write(out, this.out.resolve(file.getKey()), file.getValue());
            }
            compilation.problems().forEach(problem -> out.println(target.wireName() + ": cannot express: " + problem));
            gaps.forEach(gap -> out.println(target.wireName() + ": bypass control missing: " + gap));
            clean &= compilation.problems().isEmpty() && gaps.isEmpty();
        }
        out.flush();
        return clean ? Warden.EXIT_OK : Warden.EXIT_FINDINGS;
    }

    private static void write(PrintWriter out, Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        out.println("wrote " + file);
    }
}
