package dev.warden.discover;

import dev.warden.model.audit.AuditEvent;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.IpAddress;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the logs show, folded as it is read: per workload, one tally per distinct destination.
 * Memory grows with the number of distinct (workload, destination) pairs, never with the number
 * of lines. Gateway events ({@code http-request}, {@code connect-tunnel}, …) are keyed by host (or
 * address), port, transport and protocol; DNS queries ({@code event.action: dns-query}) by the
 * name asked, since a query says nothing about the port that follows.
 */
public final class Observations {

    /** Who called: the {@code kubernetes.*} fields, or the source address of an unidentified caller. */
    public record Caller(String namespace, String workload, String serviceAccount, String unidentifiedSource)
            implements Comparable<Caller> {
        private static final Comparator<Caller> ORDER = Comparator
                .comparing(Caller::namespace, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Caller::workload, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Caller::serviceAccount, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Caller::unidentifiedSource, Comparator.nullsLast(Comparator.naturalOrder()));

        public boolean identified() {
            return namespace != null;
        }

        /** {@code payments/payment-worker}, or {@code unidentified 10.0.0.7}. */
        public String displayName() {
            return identified() ? namespace + "/" + (workload != null ? workload : "?")
                    : "unidentified " + (unidentifiedSource == null ? "?" : unidentifiedSource);
        }

        @Override
        public int compareTo(Caller other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * One destination as the gateway saw it: a host name or an address literal, the port, and the
     * lower-case transport and protocol the log names (either may be null).
     */
    public record Target(String host, boolean address, int port, String transport, String protocol)
            implements Comparable<Target> {
        private static final Comparator<Target> ORDER = Comparator.comparing(Target::host)
                .thenComparingInt(Target::port)
                .thenComparing(Target::transport, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Target::protocol, Comparator.nullsFirst(Comparator.naturalOrder()));

        @Override
        public int compareTo(Target other) {
            return ORDER.compare(this, other);
        }
    }

    /** Counts and times of one (caller, destination). Decisions are those logged with the events. */
    public static final class Tally {
        long count;
        Instant first;
        Instant last;
        final Map<String, Long> decisions = new TreeMap<>();

        void add(AuditEvent event) {
            count++;
            Instant at = event.timestamp();
            if (at != null) {
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
            }
            if (event.decision() != null) {
                decisions.merge(event.decision(), 1L, Long::sum);
            }
        }

        public long count() {
            return count;
        }

        public Instant first() {
            return first;
        }

        public Instant last() {
            return last;
        }

        /** Logged {@code warden.decision} values ({@code allow}, {@code deny}, {@code would-deny}) and their counts. */
        public Map<String, Long> decisions() {
            return decisions;
        }
    }

    /** Everything seen from one caller, with the first pod and node it was seen on. */
    public static final class Seen {
        String pod;
        String node;
        String sourceIp;
        final Map<Target, Tally> gateway = new TreeMap<>();
        final Map<String, Tally> dns = new TreeMap<>();

        public String pod() {
            return pod;
        }

        public String node() {
            return node;
        }

        public String sourceIp() {
            return sourceIp;
        }

        public Map<Target, Tally> gateway() {
            return gateway;
        }

        public Map<String, Tally> dns() {
            return dns;
        }
    }

    private final Map<Caller, Seen> callers = new TreeMap<>();
    private long ignored;

    /**
     * Folds one event in. Events that name no destination (neither a DNS question nor a host,
     * server name or address with a port) are counted as {@link #ignored()}.
     *
     * @throws IllegalArgumentException when the destination is not a valid host name or address
     */
    public void add(AuditEvent event) {
        boolean dnsQuery = "dns-query".equals(event.action()) || event.dnsQuestionName() != null;
        if (dnsQuery) {
            if (event.dnsQuestionName() == null) {
                ignored++;
                return;
            }
            String name = hostname(event.dnsQuestionName(), "dns.question.name");
            seen(event).dns.computeIfAbsent(name, k -> new Tally()).add(event);
            return;
        }
        String host = firstNonNull(event.destinationDomain(), event.tlsServerName());
        boolean address = false;
        if (host != null) {
            host = hostname(host, event.destinationDomain() != null ? "destination.domain" : "tls.client.server_name");
        } else if (event.destinationIp() != null) {
            host = address(event.destinationIp());
            address = true;
        }
        if (host == null || event.destinationPort() == null) {
            ignored++;
            return;
        }
        if (event.destinationPort() < 1 || event.destinationPort() > 65535) {
            throw new IllegalArgumentException("destination.port " + event.destinationPort() + " is not a port (1-65535)");
        }
        Target target = new Target(host, address, event.destinationPort(), lower(event.transport()), lower(event.protocol()));
        seen(event).gateway.computeIfAbsent(target, k -> new Tally()).add(event);
    }

    /** The callers seen, in name order. */
    public Map<Caller, Seen> callers() {
        return callers;
    }

    /** Events read that named no destination (e.g. a request the gateway could not parse). */
    public long ignored() {
        return ignored;
    }

    private Seen seen(AuditEvent event) {
        Caller caller = event.namespace() == null
                ? new Caller(null, null, null, event.sourceIp())
                : new Caller(event.namespace(), firstNonNull(event.workload(), event.pod()), event.serviceAccount(), null);
        Seen seen = callers.computeIfAbsent(caller, k -> new Seen());
        if (seen.pod == null) {
            seen.pod = event.pod();
            seen.node = event.node();
            seen.sourceIp = event.sourceIp();
        }
        return seen;
    }

    private static String hostname(String text, String field) {
        if (looksLikeAddress(text)) {
            return address(text);
        }
        try {
            return Hostname.parse(text).ascii();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " \"" + text + "\" " + e.getMessage());
        }
    }

    private static boolean looksLikeAddress(String text) {
        return text.contains(":") || text.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static String address(String text) {
        try {
            return IpAddress.parse(text.replace("[", "").replace("]", "")).toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("address \"" + text + "\" " + e.getMessage());
        }
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }

    /** The hosts of {@code seen} that the gateway saw, for joining DNS names to them. */
    static List<Target> targetsOf(Seen seen, String host) {
        return seen.gateway.keySet().stream().filter(target -> target.host().equals(host)).toList();
    }
}
