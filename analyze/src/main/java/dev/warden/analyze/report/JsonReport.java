package dev.warden.analyze.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.analyze.findings.Finding;
import dev.warden.analyze.matrix.Column;
import dev.warden.analyze.matrix.EgressMatrix;
import dev.warden.analyze.matrix.Workload;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The whole analysis as one JSON document, for tools: the summary, every finding with its objects
 * and their {@code file:line}, and the full matrix (the HTML page may show only part of a large
 * one). Each row's {@code reached} lists, per column in {@code columns} order, how many of the
 * column's {@code total} destinations the row reaches.
 */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String render(EgressMatrix matrix, List<Finding> findings, ReportSummary summary) {
        ObjectNode report = JSON.createObjectNode();
        report.set("summary", JSON.valueToTree(summary));
        report.set("findings", JSON.valueToTree(findings));
        ObjectNode table = report.putObject("matrix");
        ArrayNode columns = table.putArray("columns");
        for (Column column : matrix.columns()) {
            columns.addObject().put("name", column.name()).put("kind", column.kind().name())
                    .put("probe", column.probe()).put("total", column.total());
        }
        ArrayNode rows = table.putArray("rows");
        for (int row = 0; row < matrix.rows().size(); row++) {
            Workload workload = matrix.rows().get(row);
            ObjectNode line = rows.addObject().put("id", workload.id()).put("kind", workload.kind())
                    .put("pods", workload.pods());
            ArrayNode reached = line.putArray("reached");
            for (int column = 0; column < matrix.columns().size(); column++) {
                reached.add(matrix.cell(row, column).reached());
            }
        }
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
