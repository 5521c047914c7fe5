package dev.warden.model.net;

import java.util.Objects;

/**
 * A host name pattern {@code *.suffix} in which {@code *} stands for exactly one label, as in TLS
 * certificate wildcards (RFC 6125) and Cilium's {@code toFQDNs} {@code matchPattern}:
 * {@code *.vendor.example} matches {@code api.vendor.example}, but neither {@code vendor.example}
 * nor {@code a.b.vendor.example}.
 *
 * @param suffix the part after {@code *.}, with at least two labels
 */
public record WildcardName(Hostname suffix) {

    private static final int MAX_NAME_OCTETS = 253;
    private static final String EXAMPLE = "*.vendor.example";

    /**
     * @throws InvalidValueException if the suffix is a single label (too broad) or so long that no
     *     matching name could fit in 253 octets
     */
    public WildcardName {
        Objects.requireNonNull(suffix, "suffix");
        if (suffix.isSingleLabel()) {
            throw new InvalidValueException("is too broad: it would match every name directly under " + suffix
                    + "; name at least two labels after '*.', such as *.vendor." + suffix);
        }
        if ("x.".length() + suffix.ascii().length() > MAX_NAME_OCTETS) {
            throw new InvalidValueException("matches nothing: a name with one more label would exceed "
                    + MAX_NAME_OCTETS + " octets; shorten the suffix");
        }
    }

    /**
     * Parses {@code *.suffix}, normalising the suffix exactly as {@link Hostname#parse} does, so
     * {@code *.BÜCHER.Example.} gives {@code *.xn--bcher-kva.example}.
     *
     * @throws InvalidValueException naming the problem and what to write instead
     */
    public static WildcardName parse(String text) {
        String pattern = Hostname.requirePlainText(text, EXAMPLE);
        if (pattern.equals("*") || pattern.equals("*.")) {
            throw new InvalidValueException("matches every host name; name a suffix, such as " + EXAMPLE);
        }
        if (pattern.indexOf('*') < 0) {
            throw new InvalidValueException("has no '*.' at the start; write it as *.<suffix>, such as "
                    + EXAMPLE + ", or list the exact name as a host instead");
        }
        if (pattern.startsWith("**")) {
            throw new InvalidValueException("uses '**', but '*' already stands for exactly one label;"
                    + " write a single '*' and list deeper names separately");
        }
        String[] labels = pattern.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].indexOf('*') >= 0) {
                refuseMisplacedStar(labels, i);
            }
        }
        return new WildcardName(Hostname.parse(pattern.substring(2), 2));
    }

    /** Whether {@code name} is exactly one label followed by the suffix. */
    public boolean matches(Hostname name) {
        String tail = "." + suffix.ascii();
        String ascii = name.ascii();
        return ascii.endsWith(tail) && ascii.indexOf('.') == ascii.length() - tail.length();
    }

    /** The pattern as written in a registry, e.g. {@code *.vendor.example}. */
    @Override
    public String toString() {
        return "*." + suffix;
    }

    /** Accepts a '*' in label {@code index} only if it is the whole first label. */
    private static void refuseMisplacedStar(String[] labels, int index) {
        int number = index + 1;
        if (!labels[index].equals("*")) {
            throw new InvalidValueException("has '*' inside label " + number + "; partial-label wildcards"
                    + " are not supported, '*' must be the whole first label, such as " + EXAMPLE);
        }
        if (index > 0 && labels[0].equals("*")) {
            throw new InvalidValueException("has more than one '*' label; only a single leading '*.' is allowed,"
                    + " standing for exactly one label, so list each depth separately");
        }
        if (index > 0) {
            throw new InvalidValueException("has '*' as label " + number + ", but '*' may only be the first label,"
                    + " such as " + EXAMPLE);
        }
    }
}
