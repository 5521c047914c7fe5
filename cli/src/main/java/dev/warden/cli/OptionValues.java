package dev.warden.cli;

import dev.warden.model.time.Durations;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Option values every serving verb parses the same way, with usage errors naming the option. */
final class OptionValues {
    private OptionValues() {}

    static InetSocketAddress address(CommandSpec spec, String text, String option) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " needs ADDR:PORT, not " + text);
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(text.substring(colon + 1)));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + text + " is not ADDR:PORT");
        }
    }

    /** The registry at {@code paths}; a path that cannot be read is a usage error naming it. */
    static LoadedRegistry loadRegistry(CommandSpec spec, List<Path> paths) {
        try {
            return new RegistryLoader().load(paths);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The day a {@code --today} option names, or today in UTC, so dated rules are reproducible when given. */
    static LocalDate dayOrToday(LocalDate given) {
        return given != null ? given : LocalDate.now(ZoneOffset.UTC);
    }

    static Duration duration(CommandSpec spec, String text, String option) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": \"" + text + "\" " + e.getMessage());
        }
    }

    static String localName(String fallback) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return fallback;
        }
    }
}
