package dev.warden.lab.net;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The names of one run's network namespaces: {@code wdn-lab-SUFFIX-ROLE}, at most 15 characters
 * like an interface name, so a name can also be used where the kernel's 15-character limit
 * applies. The random suffix keeps two runs apart; the common prefix lets {@link Netns#cleanupStale}
 * find what a killed run left behind.
 */
public record LabNames(String suffix) {
    public static final String PREFIX = "wdn-lab-";
    private static final Pattern SUFFIX = Pattern.compile("[0-9a-f]{4}");
    private static final Pattern LAB_NAMESPACE = Pattern.compile("wdn-lab-[0-9a-f]{4}-[a-z]{2}");

    public LabNames {
        if (!SUFFIX.matcher(suffix).matches()) {
            throw new IllegalArgumentException("a lab suffix is four lowercase hex digits, not " + suffix);
        }
    }

    public static LabNames random() {
        return new LabNames(HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt()));
    }

    public String pod() {
        return name("pd");
    }

    public String node() {
        return name("nd");
    }

    public String gateway() {
        return name("gw");
    }

    public String vendor() {
        return name("vd");
    }

    public String internet() {
        return name("in");
    }

    /** Every namespace of the run, in creation order. */
    public List<String> all() {
        return List.of(node(), pod(), gateway(), vendor(), internet());
    }

    private String name(String role) {
        return PREFIX + suffix + "-" + role;
    }

    /** Whether {@code namespace} has the shape of a lab namespace (of any run). */
    public static boolean isLabNamespace(String namespace) {
        return LAB_NAMESPACE.matcher(namespace).matches();
    }

    /** The namespace names in the output of {@code ip netns list} ("NAME" or "NAME (id: N)" per line). */
    public static List<String> parseNetnsList(String output) {
        return output.lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+", 2)[0]).toList();
    }
}
