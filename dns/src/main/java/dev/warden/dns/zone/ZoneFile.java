package dev.warden.dns.zone;

import dev.warden.dns.ResourceRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a zone file in the master-file format of RFC 1035 §5, the subset unbound and BIND accept
 * for local data, into a {@link Zone}.
 *
 * <p>Supported: {@code $ORIGIN} and {@code $TTL}; {@code ;} comments; parentheses across lines;
 * {@code @} for the origin and names relative to it; a line starting with a space or tab reusing
 * the previous owner; an optional TTL (seconds, or BIND units such as {@code 1h30m}) and class
 * {@code IN} in either order; and the types A, AAAA, CNAME, NS, PTR, MX, TXT, SRV, SOA and CAA.
 * A record without a TTL takes {@code $TTL}, else the previous record's TTL.
 *
 * <p>Not supported, and reported as errors: {@code $INCLUDE}, {@code $GENERATE}, other classes
 * and other types. Every problem in the file is reported at once in a {@link ZoneFileException}.
 */
public final class ZoneFile {
    /** RFC 2181 §8: TTLs are 31-bit. */
    private static final long MAX_TTL = 0x7FFF_FFFFL;
    private static final Set<String> OTHER_CLASSES = Set.of("CH", "CS", "HS", "NONE", "ANY");

    /** A record and where its line starts, for problems found once the whole file is read. */
    private record Located(ResourceRecord record, Token start) {}

    private final List<ZoneProblem> problems = new ArrayList<>();
    private final List<Located> records = new ArrayList<>();
    private String origin;
    private Long defaultTtl;
    private Long previousTtl;
    private String previousOwner;

    private ZoneFile() {}

    /**
     * @throws ZoneFileException naming the file as given in each problem
     * @throws IOException       when the file cannot be read as UTF-8
     */
    public static Zone parse(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** @throws ZoneFileException with {@code fileName} heading each problem */
    public static Zone parse(String text, String fileName) {
        ZoneFile reader = new ZoneFile();
        for (ZoneTokenizer.Entry entry : ZoneTokenizer.entries(text, reader.problems)) {
            try {
                reader.read(entry);
            } catch (ZoneProblem problem) {
                reader.problems.add(problem);
            }
        }
        reader.checkExclusiveData();
        if (!reader.problems.isEmpty()) {
            throw new ZoneFileException(reader.problems.stream()
                    .sorted(Comparator.<ZoneProblem>comparingInt(problem -> problem.line)
                            .thenComparingInt(problem -> problem.column))
                    .map(problem -> problem.describe(fileName))
                    .toList());
        }
        return new Zone(reader.records.stream().map(Located::record).toList());
    }

    private void read(ZoneTokenizer.Entry entry) {
        List<Token> tokens = entry.tokens();
        Token first = tokens.get(0);
        if (!entry.inheritsOwner() && !first.quoted() && first.text().startsWith("$")) {
            directive(tokens);
            return;
        }
        int next = 0;
        if (entry.inheritsOwner()) {
            if (previousOwner == null) {
                throw first.problem("this line starts with a space or tab, so it reuses the previous owner name,"
                        + " but there is none; start the line with the owner name");
            }
        } else {
            previousOwner = ZoneNames.absolute(first, origin, true);
            next++;
        }
        Long ttl = null;
        boolean classSeen = false;
        for (; next < tokens.size(); next++) {
            Token token = tokens.get(next);
            String word = token.text().toUpperCase(Locale.ROOT);
            if (ttl == null && !token.quoted() && !word.isEmpty() && word.charAt(0) >= '0' && word.charAt(0) <= '9') {
                ttl = RdataReader.duration(token, "TTL", MAX_TTL);
            } else if (!classSeen && word.equals("IN")) {
                classSeen = true;
            } else if (OTHER_CLASSES.contains(word)) {
                throw token.problem("class " + word + " is not supported; write IN or leave the class out");
            } else {
                break;
            }
        }
        if (next == tokens.size()) {
            throw tokens.get(next - 1).problem("record has no type; write the type and its data, like 'A 192.0.2.1'");
        }
        Token typeToken = tokens.get(next);
        RdataReader.Syntax syntax = RdataReader.syntax(typeToken);
        if (ttl == null) {
            ttl = defaultTtl != null ? defaultTtl : previousTtl;
        }
        if (ttl == null) {
            throw first.problem("record has no TTL and no $TTL comes before it;"
                    + " add '$TTL 1h' at the top of the file or write a TTL before the type");
        }
        byte[] rdata = RdataReader.read(syntax, typeToken, tokens.subList(next + 1, tokens.size()), origin);
        previousTtl = ttl;
        records.add(new Located(new ResourceRecord(previousOwner, syntax.type(), ttl, rdata), first));
    }

    private void directive(List<Token> tokens) {
        Token directive = tokens.get(0);
        String word = directive.text().toUpperCase(Locale.ROOT);
        switch (word) {
            case "$ORIGIN" -> origin = ZoneNames.absolute(onlyArgument(tokens, "$ORIGIN example."), origin, false);
            case "$TTL" -> defaultTtl = RdataReader.duration(onlyArgument(tokens, "$TTL 1h"), "$TTL", MAX_TTL);
            case "$INCLUDE", "$GENERATE" -> throw directive.problem(word + " is not supported; write the records into this file");
            default -> throw directive.problem("unknown directive '" + directive + "'; use $ORIGIN or $TTL");
        }
    }

    private static Token onlyArgument(List<Token> tokens, String example) {
        if (tokens.size() < 2) {
            throw tokens.get(0).problem(tokens.get(0) + " needs a value; write it like '" + example + "'");
        }
        if (tokens.size() > 2) {
            throw tokens.get(2).problem("unexpected '" + tokens.get(2) + "' after " + tokens.get(0)
                    + "; write it like '" + example + "'");
        }
        return tokens.get(1);
    }

    /**
     * A CNAME owner holds nothing else (RFC 1034 §3.6.2), and one SOA per apex says which
     * negative-caching TTL applies. Reported at the later of the two records.
     */
    private void checkExclusiveData() {
        Map<String, Located> cnames = new HashMap<>();
        Map<String, Located> otherData = new HashMap<>();
        Map<String, Located> soas = new HashMap<>();
        for (Located located : records) {
            String owner = located.record().name();
            DnsRecordType type = located.record().type();
            if (type.equals(DnsRecordType.CNAME)) {
                Located earlierCname = cnames.putIfAbsent(owner, located);
                if (earlierCname != null) {
                    report(located, owner + " already has a CNAME at line " + earlierCname.start().line()
                            + "; a name may have only one CNAME, so remove one of them");
                } else if (otherData.containsKey(owner)) {
                    reportCnameConflict(located, otherData.get(owner), located);
                }
                continue;
            }
            if (type.equals(DnsRecordType.SOA) && soas.putIfAbsent(owner, located) != null) {
                report(located, owner + " already has an SOA at line " + soas.get(owner).start().line()
                        + "; a zone apex has exactly one SOA, so remove one of them");
            }
            if (otherData.putIfAbsent(owner, located) == null && cnames.containsKey(owner)) {
                reportCnameConflict(located, located, cnames.get(owner));
            }
        }
    }

    private void reportCnameConflict(Located later, Located data, Located cname) {
        report(later, cname.record().name() + " has a CNAME at line " + cname.start().line() + " and "
                + data.record().type().name() + " data at line " + data.start().line()
                + "; a name with a CNAME may hold no other records (RFC 1034 §3.6.2), so move one of them to another name");
    }

    private void report(Located located, String message) {
        problems.add(located.start().problem(message));
    }
}
