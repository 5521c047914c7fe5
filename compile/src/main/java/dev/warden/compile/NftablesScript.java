package dev.warden.compile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of an emitted nftables script, read back by chain, so the control matrix can cite the
 * rule that implements a control the way it cites a Kubernetes object: by what was written, not by
 * what the compiler meant to write.
 *
 * @param file the script's path relative to the output folder
 * @param forward the forward chain's lines, script comments ({@code # ...}) included
 * @param postrouting the postrouting chain's lines
 */
record NftablesScript(Path file, List<String> forward, List<String> postrouting) {
    private static final Pattern CHAIN = Pattern.compile("chain (\\w+) \\{");
    private static final Pattern COMMENT = Pattern.compile("comment \"([^\"]*)\"");
    /** What {@code NftNames.comment} ends a text with when it cuts it to nft's limit. */
    private static final String CUT = "...";

    NftablesScript {
        forward = List.copyOf(forward);
        postrouting = List.copyOf(postrouting);
    }

    /** The script among a compilation's files, if it has one. */
    static Optional<NftablesScript> of(Compilation compilation) {
        return compilation.files().entrySet().stream().filter(file -> file.getKey().toString().endsWith(".nft"))
                .findFirst().map(NftablesScript::parse);
    }

    private static NftablesScript parse(Map.Entry<Path, String> file) {
        List<String> forward = new ArrayList<>();
        List<String> postrouting = new ArrayList<>();
        List<String> current = null;
        for (String raw : file.getValue().split("\n")) {
            String line = raw.strip();
            Matcher chain = CHAIN.matcher(line);
            if (chain.matches()) {
                current = switch (chain.group(1)) {
                    case "forward" -> forward;
                    case "postrouting" -> postrouting;
                    default -> null;
                };
            } else if (line.equals("}")) {
                current = null;
            } else if (current != null && !line.isEmpty()) {
                current.add(line);
            }
        }
        return new NftablesScript(file.getKey(), forward, postrouting);
    }

    /** The rule's comment text, or empty for a rule without one (and for script comments). */
    static String comment(String rule) {
        Matcher matcher = COMMENT.matcher(rule);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** Whether {@code rule}'s comment is {@code text}, or {@code text} cut to nft's comment limit. */
    static boolean commentIs(String rule, String text) {
        String comment = comment(rule);
        return comment.equals(text)
                || comment.endsWith(CUT) && text.startsWith(comment.substring(0, comment.length() - CUT.length()));
    }

    /** The last rule of the forward chain: what a packet no other rule accepted meets. */
    Optional<String> lastForwardRule() {
        return forward.stream().filter(line -> !line.startsWith("#") && !line.startsWith("type ")).reduce((a, b) -> b);
    }

    /** {@code nftables/ruleset.nft: what} — how the matrix names a rule of this script. */
    String cite(String what) {
        return file + ": " + what;
    }
}
