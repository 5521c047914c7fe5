package dev.warden.model.finding;

import java.util.Comparator;

/**
 * One problem found in an input, at the position of the offending field. {@code rule} is a
 * stable identifier (kebab-case) that documentation and suppressions can refer to.
 */
public record Finding(Severity severity, String rule, String message, SourcePosition position) {

    public static final Comparator<Finding> BY_POSITION = Comparator.comparing(Finding::position)
            .thenComparing(Finding::severity)
            .thenComparing(Finding::message);

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The compiler-style line: {@code file:line:col: error: message [rule]}. */
    @Override
    public String toString() {
        return position + ": " + severity.label() + ": " + message + " [" + rule + "]";
    }
}
