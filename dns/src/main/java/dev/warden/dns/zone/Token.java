package dev.warden.dns.zone;

/**
 * One word of a zone file and where it starts (1-based). A quoted string keeps its text between
 * the quotes with escapes still undecoded, so only rdata that takes character-strings decodes them.
 */
record Token(String text, int line, int column, boolean quoted) {

    ZoneProblem problem(String message) {
        return new ZoneProblem(line, column, message);
    }

    @Override
    public String toString() {
        return quoted ? '"' + text + '"' : text;
    }
}
