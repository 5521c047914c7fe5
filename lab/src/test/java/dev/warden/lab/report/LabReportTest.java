package dev.warden.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabReportTest {
    private final Step pass = Step.of("allowed call", "200", " 200 \n", true);
    private final Step fail = Step.of("direct call", "no answer", "200", false);

    @Test
    void passesOnlyWhenEveryStepDidAndThereIsOne() {
        assertThat(new LabReport("x", List.of(pass)).passed()).isTrue();
        assertThat(new LabReport("x", List.of(pass, fail)).passed()).isFalse();
        assertThat(new LabReport("x", List.of()).passed()).isFalse();
    }

    @Test
    void theTableHasAHeaderARowPerStepAndASummary() {
        String table = new LabReport("proxy-only", List.of(pass, fail)).table();
        assertThat(table.lines().toList()).hasSize(4);
        assertThat(table).startsWith("#  step").contains("expected", "observed", "result")
                .contains("1  allowed call").contains("pass").contains("FAIL")
                .endsWith("proxy-only: 1 of 2 steps passed — FAILED\n");
    }

    @Test
    void longObservationsAreCutToOneLine() {
        assertThat(LabReport.oneLine("a\n  b")).isEqualTo("a b");
        assertThat(LabReport.oneLine("x".repeat(200))).hasSize(70).endsWith("…");
    }

    @Test
    void theJsonCarriesEveryStepWhole() throws Exception {
        var json = new ObjectMapper().readTree(new LabReport("proxy-only", List.of(pass, fail)).json());
        assertThat(json.get("lab").asText()).isEqualTo("proxy-only");
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("steps").get(0).get("observed").asText()).isEqualTo("200");
        assertThat(json.get("steps").get(1).get("passed").asBoolean()).isFalse();
    }
}
