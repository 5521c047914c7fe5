package dev.warden.dns.zone;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits master-file text into entries (RFC 1035 §5.1): one line, or several joined by
 * parentheses, without comments. An entry with a lexical mistake is reported and dropped.
 */
final class ZoneTokenizer {

    /** One directive or record; {@code inheritsOwner} when its line starts with a space or tab. */
    record Entry(List<Token> tokens, boolean inheritsOwner) {}

    private final String text;
    private final List<ZoneProblem> problems;
    private final List<Entry> entries = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    private List<Token> tokens = new ArrayList<>();
    private boolean inheritsOwner;
    private boolean broken;
    private Token openParenthesis;

    private ZoneTokenizer(String text, List<ZoneProblem> problems) {
        this.text = text;
        this.problems = problems;
    }

    /** The entries of {@code text}; lexical mistakes are added to {@code problems}. */
    static List<Entry> entries(String text, List<ZoneProblem> problems) {
        return new ZoneTokenizer(text, problems).run();
    }

    private List<Entry> run() {
        inheritsOwner = startsWithBlank();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            switch (c) {
                case '\n' -> newLine();
                case ' ', '\t', '\r' -> pos++;
                case ';' -> skipComment();
                case '(' -> open();
                case ')' -> close();
                case '"' -> quoted();
                default -> word();
            }
        }
        if (openParenthesis != null) {
            fail(openParenthesis.problem("'(' is never closed; add ')' after the last field of the record"));
        }
        finishEntry();
        return entries;
    }

    private void newLine() {
        pos++;
        line++;
        lineStart = pos;
        if (openParenthesis == null) {
            finishEntry();
            inheritsOwner = startsWithBlank();
        }
    }

    private boolean startsWithBlank() {
        return pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t');
    }

    private void skipComment() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void open() {
        Token here = token("(", false);
        pos++;
        if (openParenthesis != null) {
            fail(here.problem("parentheses do not nest; remove this '('"));
        } else {
            openParenthesis = here;
        }
    }

    private void close() {
        Token here = token(")", false);
        pos++;
        if (openParenthesis == null) {
            fail(here.problem("')' has no matching '('; remove it, or put '(' before the fields it closes"));
        } else {
            openParenthesis = null;
        }
    }

    private void quoted() {
        Token start = token("", true);
        StringBuilder content = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '\n') {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                tokens.add(new Token(content.toString(), start.line(), start.column(), true));
                return;
            }
            pos += appendEscapedOrPlain(content);
        }
        fail(start.problem("quoted string is not closed; end it with '\"' on the same line"));
    }

    private void word() {
        Token start = token("", false);
        StringBuilder content = new StringBuilder();
        while (pos < text.length() && " \t\r\n;()\"".indexOf(text.charAt(pos)) < 0) {
            pos += appendEscapedOrPlain(content);
        }
        tokens.add(new Token(content.toString(), start.line(), start.column(), false));
    }

    /** Keeps a backslash with the character it escapes, so {@code \"} or {@code \;} ends nothing. */
    private int appendEscapedOrPlain(StringBuilder content) {
        boolean escape = text.charAt(pos) == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) != '\n';
        int length = escape ? 2 : 1;
        content.append(text, pos, pos + length);
        return length;
    }

    private Token token(String content, boolean quoted) {
        return new Token(content, line, pos - lineStart + 1, quoted);
    }

    private void fail(ZoneProblem problem) {
        problems.add(problem);
        broken = true;
    }

    private void finishEntry() {
        if (!tokens.isEmpty() && !broken) {
            entries.add(new Entry(List.copyOf(tokens), inheritsOwner));
        }
        tokens = new ArrayList<>();
        broken = false;
    }
}
