package dev.warden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code warden} program: one verb per capability, all reading the same registry. */
@Command(
        name = "warden",
        mixinStandardHelpOptions = true,
        versionProvider = Warden.Version.class,
        description = "Egress control for Kubernetes: one registry of external dependencies drives every layer.",
        subcommands = {CheckCommand.class, CompileCommand.class, AnalyzeCommand.class, GatewayCommand.class, DnsCommand.class, CapacityCommand.class, DiscoverCommand.class, LabCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (warnings allowed)",
            "1:the input has errors",
            "2:usage error (bad option, missing file)"
        })
public final class Warden implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the program in-process (tests use this); returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return new CommandLine(new Warden())
                .setParameterExceptionHandler((exception, args) -> {
                    CommandLine command = exception.getCommandLine();
                    command.getErr().println("warden: " + exception.getMessage());
                    command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
                    return EXIT_USAGE;
                });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a verb is required (check, gateway)");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"warden " + version()};
        }
    }

    /** The version the jar's manifest carries, as reports name the tool. */
    static String version() {
        String version = Warden.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
