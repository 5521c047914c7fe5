package dev.warden.dns.zone;

/**
 * A mistake at one place in a zone file. Thrown to abandon the record being read, then collected
 * so that one bad line does not hide the problems after it.
 */
final class ZoneProblem extends RuntimeException {
    final int line;
    final int column;

    ZoneProblem(int line, int column, String message) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    String describe(String fileName) {
        return fileName + ":" + line + ":" + column + ": " + getMessage();
    }
}
