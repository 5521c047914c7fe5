package dev.warden.lab.services;

import dev.warden.compile.nftables.NftablesRuleset;
import dev.warden.compile.nftables.NftablesTarget;
import dev.warden.lab.net.Netns;
import dev.warden.model.registry.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's firewall: exactly what {@code warden compile --target nftables} writes for the lab
 * registry, loaded with {@code nft -f}, plus the one thing the deployment adds: the gateway pod's
 * address in {@code gateway_addrs}.
 */
public final class NodeFirewall {
    private NodeFirewall() {}

    /** Compiles, writes the script to {@code script}, loads it in the node; returns the problems the compiler named. */
    public static List<String> load(Netns netns, String node, Registry registry, String gatewayAddress, Path script) {
        NftablesRuleset ruleset = NftablesTarget.compile(registry);
        try {
            Files.writeString(script, ruleset.script());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        netns.ok(node, "nft", "-f", script.toString());
        netns.ok(node, "nft", "add", "element", "inet", "warden", "gateway_addrs", "{ " + gatewayAddress + " }");
        return ruleset.problems();
    }

    /** The node's forward chain as loaded now, with its counters. */
    public static String forwardChain(Netns netns, String node) {
        return netns.ok(node, "nft", "list", "chain", "inet", "warden", "forward");
    }

    /** The packet count of the rule whose comment starts with {@code comment}, or -1 when there is none. */
    public static long packets(String chain, String comment) {
        Matcher rule = Pattern.compile("counter packets (\\d+) bytes \\d+ drop comment \"" + Pattern.quote(comment))
                .matcher(chain);
        return rule.find() ? Long.parseLong(rule.group(1)) : -1;
    }
}
