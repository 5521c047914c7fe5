package dev.warden.cli;

import dev.warden.lab.LabRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden lab}: the seed's labs on this host, with network namespaces standing for pods. */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        header = "Run one of the seed's labs on this host, with network namespaces as pods.",
        description = {
            "Build a small cluster-like network on this host (network namespaces and veth pairs: a pod,",
            "a node enforcing the compiled nftables ruleset, the Warden gateway and resolver, a TLS vendor",
            "and an internet host), run a lab's steps on real packets, print step, expected, observed and",
            "pass or fail, write the evidence, and tear everything down. Needs root, ip and nft."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every step passed", "1:a step failed, or the lab could not be built",
            "2:unknown lab", "3:refused: not root, or a tool is missing"})
final class LabCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "The lab: default-deny, proxy-only, discover or gateway-failure.")
    String name;

    @Option(names = "--keep", description = "Leave the namespaces and programs running to look around; the next run removes them.")
    boolean keep;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the evidence goes (default: warden-lab-NAME).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // autoflush: a lab takes seconds, and each line says what was just built or checked
        return LabRunner.run(name, keep, out, new PrintWriter(spec.commandLine().getOut(), true),
                new PrintWriter(spec.commandLine().getErr(), true));
    }
}
