package dev.warden.dns.zone;

import java.util.List;

/**
 * A zone file that cannot be loaded. Every problem found is reported as
 * {@code FILE:LINE:COL: message}, one per line of the exception message, first problem first.
 */
public final class ZoneFileException extends IllegalArgumentException {
    private final List<String> problems;

    ZoneFileException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code FILE:LINE:COL: message}, in file order. */
    public List<String> problems() {
        return problems;
    }
}
