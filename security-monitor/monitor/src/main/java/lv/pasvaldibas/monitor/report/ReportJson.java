package lv.pasvaldibas.monitor.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The report as JSON for machines: the statement that it maps evidence, the period, the scope, every
 * measure with its numbers, and each control with its measures and their sentences. Field names are
 * the records' names, kept stable for those who read it.
 */
public final class ReportJson {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ReportJson() {
    }

    public static byte[] of(Report report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("report", "monthly-evidence");
        root.put("month", report.month().toString());
        root.put("scope", report.scope().toString());
        root.put("from", report.from().toString());
        root.put("to", report.to().toString());
        root.put("timeZone", Report.ZONE.getId());
        root.put("generatedAt", report.generatedAt().toString());
        root.set("statement", JSON.valueToTree(ReportText.STATEMENT));
        ObjectNode regulation = root.putObject("regulation");
        regulation.put("lv", report.catalogue().regulationLv());
        regulation.put("en", report.catalogue().regulationEn());
        regulation.put("source", report.catalogue().source());
        root.set("measures", JSON.valueToTree(report.evidence()));
        ArrayNode controls = root.putArray("controls");
        for (Report.ControlEvidence ce : report.controls()) {
            Control c = ce.control();
            ObjectNode node = controls.addObject();
            node.put("id", c.id());
            node.putObject("title").put("lv", c.titleLv()).put("en", c.titleEn());
            node.put("reference", c.reference());
            node.put("referenceConfirmed", c.referenceConfirmed());
            ArrayNode evidence = node.putArray("evidence");
            for (int i = 0; i < c.evidence().size(); i++) {
                Measure m = c.evidence().get(i);
                ObjectNode e = evidence.addObject();
                e.put("measure", m.name());
                e.putObject("name").put("lv", m.latvian()).put("en", m.english());
                e.putObject("where").put("lv", m.evidenceLatvian()).put("en", m.evidenceEnglish());
                e.set("summary", JSON.valueToTree(ce.summaries().get(i)));
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report could not be written as JSON", e);
        }
    }
}
