package dev.warden.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.warden.model.audit.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Serialises an {@link AuditEvent} as one JSON line: a flat object whose keys are
 * {@link AuditEvent#FIELDS}, in that order, every one present ({@code null} when unknown),
 * followed by {@code '\n'}.
 *
 * <p>{@code @timestamp} is ISO-8601 in UTC with at least millisecond precision and as many
 * further digits (up to nanoseconds) as the instant carries, e.g. {@code 2026-11-25T12:00:00.123Z}
 * or {@code 2026-11-25T12:00:00.123456Z}. Numbers are JSON numbers; strings are escaped by
 * Jackson (quotes, backslash, control characters) and non-ASCII text is kept as is, so a line
 * encoded as UTF-8 carries it as UTF-8.
 */
public final class AuditJson {

    private static final JsonFactory JSON =
            JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 3, 9, true)
            .appendLiteral('Z')
            .toFormatter(Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final SerializedString[] NAMES =
            Arrays.stream(AuditEvent.FIELDS).map(SerializedString::new).toArray(SerializedString[]::new);

    /** In record-component order, so entry i writes the value named {@code AuditEvent.FIELDS[i]}. */
    private static final List<ValueWriter> VALUES = List.of(
            (json, event) -> timestamp(json, event.timestamp()),
            text(AuditEvent::action),
            text(AuditEvent::outcome),
            text(AuditEvent::decision),
            text(AuditEvent::rule),
            text(AuditEvent::reason),
            text(AuditEvent::sourceIp),
            integer(AuditEvent::sourcePort),
            text(AuditEvent::namespace),
            text(AuditEvent::pod),
            text(AuditEvent::workload),
            text(AuditEvent::serviceAccount),
            text(AuditEvent::node),
            text(AuditEvent::observerName),
            text(AuditEvent::sourceNatIp),
            text(AuditEvent::destinationDomain),
            text(AuditEvent::destinationIp),
            integer(AuditEvent::destinationPort),
            text(AuditEvent::transport),
            text(AuditEvent::protocol),
            text(AuditEvent::tlsServerName),
            text(AuditEvent::httpMethod),
            integer(AuditEvent::httpStatusCode),
            whole(AuditEvent::sourceBytes),
            whole(AuditEvent::destinationBytes),
            whole(AuditEvent::durationNanos),
            text(AuditEvent::traceId),
            text(AuditEvent::dnsQuestionName),
            text(AuditEvent::dnsQuestionType),
            text(AuditEvent::dnsResponseCode),
            (json, event) -> strings(json, event.dnsResolvedIps()));

    static {
        // A component added to the model without a writer here must fail the first use loudly,
        // not shift every later value under the wrong name.
        if (VALUES.size() != NAMES.length) {
            throw new IllegalStateException("AuditJson writes " + VALUES.size() + " values but AuditEvent.FIELDS names "
                    + NAMES.length + "; add the new component to AuditJson.VALUES");
        }
    }

    private AuditJson() {}

    /** The event's JSON line, terminated by {@code '\n'}. */
    public static String line(AuditEvent event) {
        return new Lines().line(event);
    }

    /** Writes the event's JSON line, terminated by {@code '\n'}, to {@code out}; does not flush or close it. */
    public static void write(AuditEvent event, Writer out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            writeObject(json, event);
        }
        out.write('\n');
    }

    private static void writeObject(JsonGenerator json, AuditEvent event) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < NAMES.length; i++) {
            json.writeFieldName(NAMES[i]);
            VALUES.get(i).write(json, event);
        }
        json.writeEndObject();
    }

    /**
     * Formats lines one after another with one generator and one buffer, for a writer thread
     * that formats every line of a busy resolver or gateway; not for sharing between threads.
     */
    public static final class Lines {
        private final StringBuilder text = new StringBuilder(1024);
        private final JsonGenerator json;

        public Lines() {
            try {
                json = JSON.createGenerator(new Writer() {
                    @Override
                    public void write(char[] chars, int offset, int length) {
                        text.append(chars, offset, length);
                    }

                    @Override
                    public void write(String string, int offset, int length) {
                        text.append(string, offset, offset + length);
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                });
            } catch (IOException e) {
                throw new UncheckedIOException("creating a generator over a StringBuilder does not fail", e);
            }
            json.setRootValueSeparator(null); // the line break is ours
        }

        /** The event's JSON line, terminated by {@code '\n'}. */
        public String line(AuditEvent event) {
            text.setLength(0);
            try {
                writeObject(json, event);
                json.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("a StringBuilder does not fail", e);
            }
            return text.append('\n').toString();
        }
    }

    @FunctionalInterface
    private interface ValueWriter {
        void write(JsonGenerator json, AuditEvent event) throws IOException;
    }

    private static void timestamp(JsonGenerator json, Instant timestamp) throws IOException {
        if (timestamp == null) {
            json.writeNull();
        } else {
            json.writeString(format(timestamp));
        }
    }

    /** The date and time to the second, formatted once per second rather than once per line. */
    private record Second(long epochSecond, String text) {}

    private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    /** {@link #TIMESTAMP}'s text, computed from a per-second prefix and the fraction's digits. */
    static String format(Instant timestamp) {
        Second second = lastSecond;
        if (second.epochSecond() != timestamp.getEpochSecond()) {
            String full = TIMESTAMP.format(timestamp.truncatedTo(ChronoUnit.SECONDS));
            second = new Second(timestamp.getEpochSecond(), full.substring(0, full.length() - ".000Z".length()));
            lastSecond = second;
        }
        int nanos = timestamp.getNano();
        int digits = 9;
        while (digits > 3 && nanos % 10 == 0) {
            nanos /= 10;
            digits--;
        }
        StringBuilder text = new StringBuilder(second.text().length() + 11).append(second.text()).append('.');
        String fraction = Integer.toString(nanos);
        text.repeat('0', digits - fraction.length()).append(fraction);
        return text.append('Z').toString();
    }

    private static void strings(JsonGenerator json, List<String> values) throws IOException {
        if (values == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static ValueWriter text(Function<AuditEvent, String> component) {
        return (json, event) -> {
            String value = component.apply(event);
            if (value == null) {
                json.writeNull();
            } else {
                json.writeString(value);
            }
        };
    }

    private static ValueWriter integer(Function<AuditEvent, Integer> component) {
        return (json, event) -> {
            Integer value = component.apply(event);
            if (value == null) {
                json.writeNull();
            } else {
                json.writeNumber(value.intValue());
            }
        };
    }

    private static ValueWriter whole(Function<AuditEvent, Long> component) {
        return (json, event) -> {
            Long value = component.apply(event);
            if (value == null) {
                json.writeNull();
            } else {
                json.writeNumber(value.longValue());
            }
        };
    }
}
