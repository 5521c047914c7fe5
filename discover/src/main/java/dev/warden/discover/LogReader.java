package dev.warden.discover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.audit.AuditEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams the JSON Lines that {@code warden gateway} and {@code warden dns} write, one line at a
 * time, into {@link AuditEvent}s. The record carries no Jackson bindings for its ECS names
 * ({@code @timestamp}, {@code kubernetes.namespace}, …), so each field is read here by the name in
 * {@link AuditEvent#FIELDS}. A line that cannot be read is reported as {@code file:line: message}
 * and skipped; the lines around it are still read.
 */
public final class LogReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One unreadable line. */
    public record Problem(String file, long line, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    private LogReader() {}

    /**
     * Reads {@code file}, handing each readable event to {@code events}; returns the lines that
     * could not be read. A file that cannot be opened is one problem at line 0.
     */
    public static List<Problem> read(Path file, Consumer<AuditEvent> events) {
        List<Problem> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    events.accept(parse(text));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(file.toString(), number, e.getMessage()));
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(file.toString(), 0, "cannot read: " + e.getMessage()));
        }
        return problems;
    }

    /** One line as an event; {@link IllegalArgumentException} says what is wrong with it. */
    static AuditEvent parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected one JSON object per line");
        }
        String timestamp = text(node, "@timestamp");
        Instant at;
        try {
            at = timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("@timestamp \"" + timestamp + "\" is not an ISO-8601 instant");
        }
        List<String> resolved = null;
        JsonNode ips = node.get("dns.resolved_ip");
        if (ips != null && ips.isArray()) {
            resolved = new ArrayList<>();
            for (JsonNode ip : ips) {
                resolved.add(ip.asText());
            }
        } else if (ips != null && ips.isTextual()) {
            resolved = List.of(ips.asText());
        }
        return AuditEvent.builder()
                .timestamp(at)
                .action(text(node, "event.action"))
                .outcome(text(node, "event.outcome"))
                .decision(text(node, "warden.decision"))
                .rule(text(node, "warden.rule"))
                .reason(text(node, "warden.reason"))
                .sourceIp(text(node, "source.ip"))
                .sourcePort(integer(node, "source.port"))
                .namespace(text(node, "kubernetes.namespace"))
                .pod(text(node, "kubernetes.pod.name"))
                .workload(text(node, "kubernetes.workload"))
                .serviceAccount(text(node, "kubernetes.service_account"))
                .node(text(node, "kubernetes.node.name"))
                .destinationDomain(text(node, "destination.domain"))
                .destinationIp(text(node, "destination.ip"))
                .destinationPort(integer(node, "destination.port"))
                .transport(text(node, "network.transport"))
                .protocol(text(node, "network.protocol"))
                .tlsServerName(text(node, "tls.client.server_name"))
                .dnsQuestionName(text(node, "dns.question.name"))
                .dnsQuestionType(text(node, "dns.question.type"))
                .dnsResponseCode(text(node, "dns.response_code"))
                .dnsResolvedIps(resolved)
                .build();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(field + " must be a string, not " + value.getNodeType().name().toLowerCase());
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be an integer, not " + value);
        }
        return value.asInt();
    }
}
