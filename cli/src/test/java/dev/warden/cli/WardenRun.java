package dev.warden.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the program in-process as a user would from a shell, capturing what it prints. */
record WardenRun(int exitCode, String out, String err) {

    static WardenRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Warden.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new WardenRun(exitCode, out.toString(), err.toString());
    }
}
