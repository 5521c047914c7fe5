package dev.warden.cli;

import dev.warden.gateway.identity.ProxyCredentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code warden gateway hash-password USER}: a line for the --proxy-credentials file. */
@Command(
        name = "hash-password",
        mixinStandardHelpOptions = true,
        description = {
            "Read a password from standard input (first line) and print USER:pbkdf2-sha256$... for the",
            "gateway's --proxy-credentials file, which then holds no password."
        })
final class HashPasswordCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "USER", description = "The proxy user name (letters, digits, . _ -).")
    String user;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!user.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "USER must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no password on standard input");
        }
        spec.commandLine().getOut().println(ProxyCredentials.line(user, password.toCharArray()));
        return Warden.EXIT_OK;
    }
}
