package dev.warden.lab;

import dev.warden.lab.net.Commands;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What the lab needs from the host, checked before anything is created. */
public final class Preflight {
    /** The programs the labs run, and the package that usually brings each. */
    public static final List<String[]> TOOLS = List.of(
            new String[] {"ip", "iproute2"}, new String[] {"nft", "nftables"}, new String[] {"curl", "curl"},
            new String[] {"dig", "dnsutils / bind-utils"}, new String[] {"nginx", "nginx"},
            new String[] {"openssl", "openssl"}, new String[] {"python3", "python3"});

    private Preflight() {}

    /** Empty when the host can run a lab; otherwise one sentence per thing missing. Pure. */
    public static List<String> problems(boolean root, Predicate<String> installed) {
        List<String> problems = new ArrayList<>();
        if (!root) {
            problems.add("warden lab needs root: it creates network namespaces, veth pairs and nftables rules"
                    + " (run it with sudo, on a machine or VM you may change)");
        }
        for (String[] tool : TOOLS) {
            if (!installed.test(tool[0])) {
                problems.add("warden lab needs " + tool[0] + " on PATH (package " + tool[1] + ")");
            }
        }
        return problems;
    }

    /** The host's problems, asked of the host. */
    public static List<String> problems() {
        return problems(isRoot(), tool -> onPath(System.getenv("PATH"), tool));
    }

    static boolean isRoot() {
        var id = Commands.run("id", "-u");
        return id.ok() && id.output().strip().equals("0");
    }

    /** Whether an executable {@code tool} is in one of {@code path}'s directories (and /usr/sbin, /sbin, where ip and nft live). */
    static boolean onPath(String path, String tool) {
        List<String> directories = new ArrayList<>(List.of((path == null ? "" : path).split(File.pathSeparator)));
        directories.addAll(List.of("/usr/sbin", "/sbin"));
        return directories.stream().filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
