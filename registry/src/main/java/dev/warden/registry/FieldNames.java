package dev.warden.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Optional;

/** How fields and values are named in messages, and the did-you-mean for misspelt keys. */
public final class FieldNames {
    private FieldNames() {}

    /** "/spec/destination/ports/0/port" is shown as "spec.destination.ports[0].port". */
    public static String display(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String token : pointer.split("/")) {
            if (token.isEmpty()) {
                continue;
            }
            String key = token.replace("~1", "/").replace("~0", "~");
            if (key.chars().allMatch(Character::isDigit)) {
                out.append('[').append(key).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(key);
            }
        }
        return out.toString();
    }

    /** The known name within edit distance 2 (or a third of its length) of {@code typed}. */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(typed.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, typed.length() / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    static String describe(JsonNode value) {
        if (value == null || value.isNull()) {
            return "nothing (null)";
        }
        if (value.isTextual()) {
            return "\"" + value.asText() + "\"";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.toString();
    }

    static String article(String jsonType) {
        return switch (jsonType) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "integer" -> "an integer";
            default -> "a " + jsonType;
        };
    }
}
