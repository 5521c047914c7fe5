package dev.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.warden.model.audit.AuditEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditJsonTest {

    private static final JsonFactory JSON = new JsonFactory();

    static AuditEvent fullyPopulated() {
        return AuditEvent.builder()
                .timestamp(Instant.parse("2026-11-25T12:00:00.123Z"))
                .action("http-request")
                .outcome("success")
                .decision("allow")
                .rule("payments/payment-vendor")
                .reason("matched dependency payment-vendor")
                .sourceIp("10.0.3.17")
                .sourcePort(48122)
                .namespace("payments")
                .pod("checkout-7d9f8b6c5-x2x9q")
                .workload("deployment/checkout")
                .serviceAccount("checkout")
                .node("node-a")
                .observerName("warden-gateway-0")
                .sourceNatIp("203.0.113.10")
                .destinationDomain("api.vendor.example")
                .destinationIp("198.51.100.20")
                .destinationPort(443)
                .transport("tcp")
                .protocol("http")
                .tlsServerName("api.vendor.example")
                .httpMethod("POST")
                .httpStatusCode(201)
                .sourceBytes(1234L)
                .destinationBytes(9_876_543_210L)
                .durationNanos(15_250_000L)
                .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .dnsQuestionName("api.vendor.example")
                .dnsQuestionType("A")
                .dnsResponseCode("NOERROR")
                .dnsResolvedIps(java.util.List.of("198.51.100.20", "2001:db8::20"))
                .build();
    }

    @Test
    void a_fully_populated_event_is_one_flat_object_in_field_order_with_numbers_as_numbers() {
        assertThat(AuditJson.line(fullyPopulated())).isEqualTo("{"
                + "\"@timestamp\":\"2026-11-25T12:00:00.123Z\","
                + "\"event.action\":\"http-request\","
                + "\"event.outcome\":\"success\","
                + "\"warden.decision\":\"allow\","
                + "\"warden.rule\":\"payments/payment-vendor\","
                + "\"warden.reason\":\"matched dependency payment-vendor\","
                + "\"source.ip\":\"10.0.3.17\","
                + "\"source.port\":48122,"
                + "\"kubernetes.namespace\":\"payments\","
                + "\"kubernetes.pod.name\":\"checkout-7d9f8b6c5-x2x9q\","
                + "\"kubernetes.workload\":\"deployment/checkout\","
                + "\"kubernetes.service_account\":\"checkout\","
                + "\"kubernetes.node.name\":\"node-a\","
                + "\"observer.name\":\"warden-gateway-0\","
                + "\"source.nat.ip\":\"203.0.113.10\","
                + "\"destination.domain\":\"api.vendor.example\","
                + "\"destination.ip\":\"198.51.100.20\","
                + "\"destination.port\":443,"
                + "\"network.transport\":\"tcp\","
                + "\"network.protocol\":\"http\","
                + "\"tls.client.server_name\":\"api.vendor.example\","
                + "\"http.request.method\":\"POST\","
                + "\"http.response.status_code\":201,"
                + "\"source.bytes\":1234,"
                + "\"destination.bytes\":9876543210,"
                + "\"event.duration\":15250000,"
                + "\"trace.id\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
                + "\"dns.question.name\":\"api.vendor.example\","
                + "\"dns.question.type\":\"A\","
                + "\"dns.response_code\":\"NOERROR\","
                + "\"dns.resolved_ip\":[\"198.51.100.20\",\"2001:db8::20\"]"
                + "}\n");
    }

    @Test
    void an_event_with_nothing_known_still_has_every_field_as_null() {
        assertThat(AuditJson.line(AuditEvent.builder().build())).isEqualTo("{"
                + "\"@timestamp\":null,"
                + "\"event.action\":null,"
                + "\"event.outcome\":null,"
                + "\"warden.decision\":null,"
                + "\"warden.rule\":null,"
                + "\"warden.reason\":null,"
                + "\"source.ip\":null,"
                + "\"source.port\":null,"
                + "\"kubernetes.namespace\":null,"
                + "\"kubernetes.pod.name\":null,"
                + "\"kubernetes.workload\":null,"
                + "\"kubernetes.service_account\":null,"
                + "\"kubernetes.node.name\":null,"
                + "\"observer.name\":null,"
                + "\"source.nat.ip\":null,"
                + "\"destination.domain\":null,"
                + "\"destination.ip\":null,"
                + "\"destination.port\":null,"
                + "\"network.transport\":null,"
                + "\"network.protocol\":null,"
                + "\"tls.client.server_name\":null,"
                + "\"http.request.method\":null,"
                + "\"http.response.status_code\":null,"
                + "\"source.bytes\":null,"
                + "\"destination.bytes\":null,"
                + "\"event.duration\":null,"
                + "\"trace.id\":null,"
                + "\"dns.question.name\":null,"
                + "\"dns.question.type\":null,"
                + "\"dns.response_code\":null,"
                + "\"dns.resolved_ip\":null"
                + "}\n");
    }

    @Test
    void quotes_backslashes_and_control_characters_are_escaped_and_non_ascii_is_kept() {
        AuditEvent event = AuditEvent.builder()
                .reason("said \"no\" \\ then\r\nmore\ttab \u0000\u0001\u001f end")
                .pod("zürich-東京-😀")
                .build();

        String line = AuditJson.line(event);

        assertThat(line)
                .contains("\"warden.reason\":\"said \\\"no\\\" \\\\ then\\r\\nmore\\ttab \\u0000\\u0001\\u001F end\"")
                .contains("\"kubernetes.pod.name\":\"zürich-東京-😀\"");
        assertThat(line.indexOf('\n')).as("the only newline ends the line").isEqualTo(line.length() - 1);
        assertThat(parse(line)).containsEntry("warden.reason", event.reason()).containsEntry("kubernetes.pod.name", event.pod());
    }

    @Test
    void the_keys_are_audit_event_fields_in_their_order() {
        assertThat(parse(AuditJson.line(fullyPopulated())).keySet()).containsExactly(AuditEvent.FIELDS);
        assertThat(parse(AuditJson.line(AuditEvent.builder().build())).keySet()).containsExactly(AuditEvent.FIELDS);
    }

    @Test
    void each_record_component_is_written_under_the_field_name_at_its_position() throws Exception {
        RecordComponent[] components = AuditEvent.class.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        assertThat(components).hasSameSizeAs(AuditEvent.FIELDS);

        for (int i = 0; i < components.length; i++) {
            Object[] values = new Object[components.length];
            values[i] = sampleOf(types[i]);
            AuditEvent onlyOneSet = AuditEvent.class.getDeclaredConstructor(types).newInstance(values);

            Map<String, String> fields = parse(AuditJson.line(onlyOneSet));

            List<String> nonNull = new ArrayList<>();
            fields.forEach((name, value) -> {
                if (value != null) {
                    nonNull.add(name);
                }
            });
            assertThat(nonNull).as("component %s", components[i].getName()).containsExactly(AuditEvent.FIELDS[i]);
        }
    }

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource({
        "2026-11-25T12:00:00Z, 2026-11-25T12:00:00.000Z",
        "2026-11-25T12:00:00.1Z, 2026-11-25T12:00:00.100Z",
        "2026-11-25T12:00:00.123Z, 2026-11-25T12:00:00.123Z",
        "2026-11-25T12:00:00.1234Z, 2026-11-25T12:00:00.1234Z",
        "2026-11-25T12:00:00.123456Z, 2026-11-25T12:00:00.123456Z",
        "2026-11-25T12:00:00.123456789Z, 2026-11-25T12:00:00.123456789Z",
        "2026-11-25T13:30:00+01:30, 2026-11-25T12:00:00.000Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000Z",
    })
    void the_timestamp_is_iso_8601_utc_with_at_least_milliseconds(String instant, String written) {
        AuditEvent event = AuditEvent.builder().timestamp(OffsetDateTime.parse(instant).toInstant()).build();

        assertThat(parse(AuditJson.line(event))).containsEntry("@timestamp", written);
    }

    @Test
    void write_appends_the_same_line_to_a_writer() throws IOException {
        StringWriter out = new StringWriter();
        out.write("before\n");

        AuditJson.write(fullyPopulated(), out);

        assertThat(out).hasToString("before\n" + AuditJson.line(fullyPopulated()));
    }

    private static Object sampleOf(Class<?> type) {
        if (type == Instant.class) {
            return Instant.parse("2026-11-25T12:00:00.123Z");
        } else if (type == String.class) {
            return "x";
        } else if (type == Integer.class) {
            return 7;
        } else if (type == Long.class) {
            return 7L;
        } else if (type == List.class) {
            return List.of("192.0.2.7");
        }
        throw new AssertionError("no sample value for " + type);
    }

    /**
     * Field names in order, each with its value as text, or null for JSON null; the one list
     * field, dns.resolved_ip, is an array of strings, given as its elements joined with commas.
     */
    private static Map<String, String> parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                assertThat(fields).as("%s appears once", name).doesNotContainKey(name);
                if (value == JsonToken.START_ARRAY) {
                    assertThat(name).as("the only array field").isEqualTo("dns.resolved_ip");
                    List<String> elements = new ArrayList<>();
                    while (parser.nextToken() == JsonToken.VALUE_STRING) {
                        elements.add(parser.getText());
                    }
                    assertThat(parser.currentToken()).as("%s holds strings only", name).isEqualTo(JsonToken.END_ARRAY);
                    fields.put(name, String.join(",", elements));
                    continue;
                }
                assertThat(value.isScalarValue()).as("%s is flat", name).isTrue();
                fields.put(name, value == JsonToken.VALUE_NULL ? null : parser.getText());
            }
            assertThat(parser.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(parser.nextToken()).as("one object per line").isNull();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
        return fields;
    }
}
