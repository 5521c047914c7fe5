package dev.warden.model.time;

import dev.warden.model.net.InvalidValueException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the Go and Kubernetes way: {@code 2s}, {@code 500ms}, {@code 1m30s},
 * {@code 1.5h}.
 *
 * <p>Everything accepted here is also accepted by Go's {@code time.ParseDuration}, so values can be
 * copied into Kubernetes manifests. It is stricter than Go: no sign, no bare {@code 0}, units from
 * largest to smallest and each at most once, at most nanosecond precision, and at most Go's
 * maximum of 2<sup>63</sup>-1 nanoseconds (about 292 years).
 */
public final class Durations {

    private static final String UNITS = "ns, us (or µs), ms, s, m, h";
    private static final String EXAMPLES = "30s, 500ms or 1m30s";
    private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);
    private static final Pattern PAIR = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([^0-9.]*)");

    /** The units from largest to smallest, the order they must appear in. */
    private enum Unit {
        HOURS(3_600_000_000_000L, "h"),
        MINUTES(60_000_000_000L, "m"),
        SECONDS(1_000_000_000L, "s"),
        MILLIS(1_000_000L, "ms"),
        MICROS(1_000L, "us", "µs", "μs"), // Go accepts both the micro sign and the Greek mu
        NANOS(1L, "ns");

        final long nanos;
        final List<String> symbols;

        Unit(long nanos, String... symbols) {
            this.nanos = nanos;
            this.symbols = List.of(symbols);
        }
    }

    private Durations() {}

    /**
     * Parses one or more number-and-unit pairs, e.g. {@code 1m30s} or {@code 1.5h}.
     *
     * @throws InvalidValueException naming the accepted units with an example
     */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new InvalidValueException("is empty; write a duration such as " + EXAMPLES + " (units: " + UNITS + ")");
        }
        if (text.startsWith("-") || text.startsWith("+")) {
            throw new InvalidValueException("has a sign; durations here are never negative, write one such as " + EXAMPLES);
        }
        if (text.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))) {
            throw new InvalidValueException("contains whitespace; write the duration without spaces, such as 1m30s");
        }
        Matcher pair = PAIR.matcher(text);
        BigInteger nanos = BigInteger.ZERO;
        Unit previous = null;
        int end = 0;
        while (pair.lookingAt()) {
            Unit unit = unit(pair.group(1), pair.group(2));
            if (previous != null && unit.compareTo(previous) <= 0) {
                throw new InvalidValueException("lists " + pair.group(2) + " after " + previous.symbols.get(0)
                        + "; write each unit once, largest first, such as 1h30m or 1m30s");
            }
            nanos = nanos.add(toNanos(pair.group(1), unit));
            previous = unit;
            end = pair.end();
            pair.region(end, text.length());
        }
        if (end < text.length()) {
            throw new InvalidValueException("has \"" + text.substring(end) + "\" where a number is expected;"
                    + " write number-and-unit pairs such as " + EXAMPLES + " (units: " + UNITS + ")");
        }
        if (nanos.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            throw new InvalidValueException("is longer than the 2562047h (about 292 years) a Go duration can hold");
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    /**
     * The shortest Go-style text for a duration: hours, minutes, then the rest in seconds with a
     * decimal fraction, or in ms, us or ns if under a second; {@code 0s} for zero. Examples:
     * {@code 1m30s}, {@code 1h}, {@code 1.5s}, {@code 500ms}, {@code 1m500ms}.
     *
     * @throws InvalidValueException for negative durations and those beyond what {@link #parse} accepts
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new InvalidValueException("is negative; only durations of zero or more have a text form");
        }
        if (duration.compareTo(MAX) > 0) {
            throw new InvalidValueException("is longer than the 2562047h (about 292 years) a Go duration can hold");
        }
        if (duration.isZero()) {
            return "0s";
        }
        long nanos = duration.toNanos();
        StringBuilder text = new StringBuilder();
        for (Unit unit : List.of(Unit.HOURS, Unit.MINUTES)) {
            if (nanos >= unit.nanos) {
                text.append(nanos / unit.nanos).append(unit.symbols.get(0));
                nanos %= unit.nanos;
            }
        }
        if (nanos > 0) {
            Unit unit = nanos >= Unit.SECONDS.nanos ? Unit.SECONDS
                    : nanos >= Unit.MILLIS.nanos ? Unit.MILLIS
                    : nanos >= Unit.MICROS.nanos ? Unit.MICROS
                    : Unit.NANOS;
            BigDecimal amount = BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(unit.nanos)).stripTrailingZeros();
            text.append(amount.toPlainString()).append(unit.symbols.get(0));
        }
        return text.toString();
    }

    private static Unit unit(String number, String symbol) {
        if (symbol.isEmpty()) {
            throw new InvalidValueException("has no unit after " + number + "; add one of " + UNITS
                    + ", such as " + number + "s");
        }
        for (Unit unit : Unit.values()) {
            if (unit.symbols.contains(symbol)) {
                return unit;
            }
        }
        String hint = symbol.equals("d") ? "; for days write hours, such as 24h" : ", such as " + EXAMPLES;
        throw new InvalidValueException("has unknown unit \"" + symbol + "\"; use one of " + UNITS + hint);
    }

    private static BigInteger toNanos(String number, Unit unit) {
        BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unit.nanos));
        try {
            return nanos.toBigIntegerExact();
        } catch (ArithmeticException fractionalNanos) {
            throw new InvalidValueException("has " + number + unit.symbols.get(0)
                    + ", which is finer than a nanosecond; round it to whole nanoseconds");
        }
    }
}
