package dev.warden.lab.services;

import dev.warden.lab.net.CommandResult;
import dev.warden.lab.net.Commands;
import dev.warden.lab.net.LabException;
import dev.warden.lab.net.Netns;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The internet: an HTTP server on port 80 and a resolver that is not the cluster's on port 53.
 * Both answer when asked from the node itself, so a pod that gets nothing was dropped by the
 * node's ruleset, not ignored by an absent server.
 */
public final class Internet {
    private Internet() {}

    public static void start(Netns netns, String namespace, String node, String address, Path directory) {
        Path resolver = LabFiles.copy("lab/other-resolver.py", directory.resolve("other-resolver.py"));
        netns.track(Commands.start(Netns.inside(namespace, "python3", "-m", "http.server", "80", "--bind", address,
                "--directory", directory.toString()), directory.resolve("http.log")));
        netns.track(Commands.start(Netns.inside(namespace, "python3", resolver.toString(), address, address),
                directory.resolve("resolver.log")));
        for (int attempt = 0; attempt < 50; attempt++) {
            if (httpAnswers(netns, node, address) && dnsAnswers(netns, node, address)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while waiting for the internet's servers");
            }
        }
        throw new LabException("the internet namespace's HTTP server or resolver did not answer the node; see " + directory);
    }

    static boolean httpAnswers(Netns netns, String from, String address) {
        CommandResult curl = netns.exec(from, Duration.ofSeconds(3), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "1", "http://" + address + "/");
        return curl.ok() && curl.output().strip().equals("200");
    }

    static boolean dnsAnswers(Netns netns, String from, String address) {
        CommandResult dig = netns.exec(from, Duration.ofSeconds(3), "dig", "@" + address, "+time=1", "+tries=1",
                "+short", Vendor.HOST);
        return dig.ok() && dig.output().strip().equals(address);
    }
}
