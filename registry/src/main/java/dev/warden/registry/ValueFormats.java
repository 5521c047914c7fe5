package dev.warden.registry;

import dev.warden.model.net.Cidr;
import dev.warden.model.net.Hostname;
import dev.warden.model.net.InvalidValueException;
import dev.warden.model.net.IpAddress;
import dev.warden.model.net.WildcardName;
import dev.warden.model.time.Durations;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The registry's value formats, by the name the schema's {@code format} keyword uses. Each is
 * the parser the rest of Warden uses for that value, so the schema check and the binding can
 * never disagree, and a rejected value's message is the parser's own explanation.
 */
final class ValueFormats {
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    static final Map<String, Function<String, Object>> PARSERS = Map.of(
            "warden-hostname", Hostname::parse,
            "warden-wildcard", WildcardName::parse,
            "warden-cidr", Cidr::parse,
            "warden-ip-address", IpAddress::parse,
            "warden-duration", Durations::parse,
            "warden-date", ValueFormats::date,
            "warden-object-name", ValueFormats::objectName,
            "warden-namespace", ValueFormats::namespace);

    private ValueFormats() {}

    /** The reason {@code text} is not a valid value of {@code format}, or null when it is. */
    static String problem(String format, String text) {
        try {
            PARSERS.get(format).apply(text);
            return null;
        } catch (InvalidValueException e) {
            return e.getMessage();
        }
    }

    static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-09-01");
        }
    }

    /** Kubernetes object names (DNS-1123 subdomain), so resources compile to valid manifests. */
    static String objectName(String text) {
        if (text.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(text).matches()) {
            throw new InvalidValueException("is not a valid Kubernetes name: use at most 253 lower-case"
                    + " letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
        return text;
    }

    /** Kubernetes namespace names (DNS-1123 label). */
    static String namespace(String text) {
        if (text.length() > 63 || !DNS_1123_LABEL.matcher(text).matches()) {
            throw new InvalidValueException("is not a valid namespace: use at most 63 lower-case"
                    + " letters, digits and '-', starting and ending with a letter or digit");
        }
        return text;
    }
}
