package dev.warden.dns;

import dev.warden.model.net.Hostname;
import dev.warden.model.net.InvalidValueException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed host names by their lower-case text. A resolver sees the same few names over and
 * over, and parsing one (UTS #46 mapping, shape checks) costs more than the rest of a cached
 * answer; names that fail to parse are remembered too, as their reason.
 */
final class HostnameCache {
    /** A parse outcome: the name, or why the text is not one. */
    record Parsed(Hostname hostname, String problem) {}

    private static final int CAPACITY = 50_000;
    private final ConcurrentHashMap<String, Parsed> parsed = new ConcurrentHashMap<>();

    Parsed parse(String name) {
        Parsed known = parsed.get(name);
        if (known != null) {
            return known;
        }
        Parsed fresh;
        try {
            fresh = new Parsed(Hostname.parse(name), null);
        } catch (InvalidValueException e) {
            fresh = new Parsed(null, e.getMessage());
        }
        if (parsed.size() >= CAPACITY) {
            parsed.clear(); // a cheap bound: a burst of random names costs one re-parse each afterwards
        }
        parsed.put(name, fresh);
        return fresh;
    }
}
