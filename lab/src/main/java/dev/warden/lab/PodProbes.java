package dev.warden.lab;

import dev.warden.lab.net.CommandResult;
import dev.warden.lab.net.LabNames;
import dev.warden.lab.net.Netns;
import dev.warden.lab.report.Step;
import dev.warden.lab.services.NodeFirewall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's pod as every lab probes it: commands run in its namespace, and the probes the node
 * must drop, judged by the probe failing <em>and</em> the node's rule counting it, so a silence
 * for another reason (nothing listening, a dead server) never passes as enforcement.
 */
final class PodProbes {
    /** The comments the compiled ruleset puts on its drop rules. */
    static final String DEFAULT_DENY = "warden: default deny";
    static final String DNS_DROP = "warden: DNS only to the resolver";
    static final int CURL_TIMED_OUT = 28;
    static final int DIG_NO_REPLY = 9;

    private final Netns netns;
    private final LabNames names;
    private final Duration limit;

    /** @param limit how long any one probe may take */
    PodProbes(Netns netns, LabNames names, Duration limit) {
        this.netns = netns;
        this.names = names;
        this.limit = limit;
    }

    CommandResult run(String... command) {
        return netns.exec(names.pod(), limit, command);
    }

    /** Packets the node's forward rule with {@code comment} has counted so far. */
    long counter(String comment) {
        return NodeFirewall.packets(NodeFirewall.forwardChain(netns, names.node()), comment);
    }

    /** A connection the node must drop: curl times out and the default deny counted it. */
    Step droppedCall(String name, String expected, List<String> curlTarget) {
        long before = counter(DEFAULT_DENY);
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "--connect-timeout", "3", "--max-time", "4"));
        command.addAll(curlTarget);
        CommandResult curl = run(command.toArray(String[]::new));
        long dropped = counter(DEFAULT_DENY) - before;
        return Step.of(name, expected,
                (curl.exitCode() == CURL_TIMED_OUT ? "timed out" : "curl exit " + curl.exitCode() + " " + curl.output())
                        + "; default-deny counter +" + dropped,
                curl.exitCode() == CURL_TIMED_OUT && dropped > 0);
    }

    /** A query the node must drop: dig gets no reply and the DNS rule counted it. */
    Step droppedQuery(String name, String expected, String resolver, String host) {
        long before = counter(DNS_DROP);
        CommandResult dig = run("dig", "@" + resolver, "+time=2", "+tries=1", "+short", host);
        long dropped = counter(DNS_DROP) - before;
        return Step.of(name, expected,
                (dig.exitCode() == DIG_NO_REPLY ? "no reply" : "dig exit " + dig.exitCode() + " " + dig.output())
                        + "; DNS-drop counter +" + dropped,
                dig.exitCode() == DIG_NO_REPLY && dropped > 0);
    }
}
