package dev.warden.dns.zone;

import dev.warden.dns.WireNames;
import java.util.Locale;

/** Domain names as a zone file writes them, made absolute and lower-case, and their hierarchy. */
final class ZoneNames {
    static final String ROOT = ".";

    private ZoneNames() {}

    /**
     * The absolute, lower-case name {@code token} stands for: {@code @} is the origin, a name
     * without a trailing dot is relative to it. Only an owner name may be a wildcard, and only
     * with {@code *} as its whole first label (RFC 4592 §2.1.1).
     */
    static String absolute(Token token, String origin, boolean wildcardAllowed) {
        String text = token.text();
        if (token.quoted()) {
            throw token.problem("names are written without quotes; write " + text);
        }
        if (text.equals("@") || !text.endsWith(".")) {
            if (origin == null) {
                throw token.problem("'" + text + "' needs an $ORIGIN to complete it, but none is set;"
                        + " add '$ORIGIN example.' above this line or write the full name ending in '.'");
            }
            if (text.equals("@")) {
                return origin;
            }
            text = origin.equals(ROOT) ? text + ROOT : text + "." + origin;
        }
        String name = text.toLowerCase(Locale.ROOT);
        check(token, name, wildcardAllowed);
        return name;
    }

    private static void check(Token token, String name, boolean wildcardAllowed) {
        if (name.equals(ROOT)) {
            return;
        }
        String[] labels = name.substring(0, name.length() - 1).split("\\.", -1);
        int wireLength = 1;
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label.isEmpty()) {
                throw token.problem("'" + token.text() + "' has an empty label; remove the extra '.'");
            }
            if (label.length() > WireNames.MAX_LABEL) {
                throw token.problem("label '" + label + "' is " + label.length()
                        + " characters long; a label may have at most 63, so shorten it");
            }
            if (label.contains("*") && !(label.equals("*") && i == 0 && wildcardAllowed)) {
                throw token.problem("'*' may only be the whole first label of an owner name, as in *.example.");
            }
            label.chars().filter(c -> !isNameCharacter(c)).findFirst().ifPresent(c -> {
                throw token.problem("'" + token.text() + "' contains '" + (char) c
                        + "'; names may only use letters, digits, '-' and '_'");
            });
            wireLength += label.length() + 1;
        }
        if (wireLength > WireNames.MAX_NAME) {
            throw token.problem("name is " + wireLength + " octets long in wire format;"
                    + " the limit is 255, so use fewer or shorter labels");
        }
    }

    private static boolean isNameCharacter(int c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*';
    }

    /** The name one label up: {@code api.example.} → {@code example.} → {@code .}. */
    static String parent(String name) {
        int dot = name.indexOf('.');
        return dot == name.length() - 1 ? ROOT : name.substring(dot + 1);
    }
}
