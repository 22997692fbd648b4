package lv.pasvaldibas.monitor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The controls the report maps evidence to, read from {@code report/controls-397.json} (docs/regulation-397-controls.md
 * is the same list for people, with what was verified of each reference).
 */
public record ControlCatalogue(String regulationLv, String regulationEn, String source, List<Control> controls) {

    public static final String SHIPPED = "report/controls-397.json";

    public ControlCatalogue {
        controls = List.copyOf(controls);
        Set<String> ids = new HashSet<>();
        for (Control c : controls) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("control " + c.id() + " is listed twice");
            }
        }
    }

    public static ControlCatalogue shipped() {
        try (InputStream in = ControlCatalogue.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is not on the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a catalogue; an unknown measure or a missing field stops the read with the control's id. */
    public static ControlCatalogue read(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode regulation = required(root, "regulation", "the catalogue");
        List<Control> controls = new ArrayList<>();
        for (JsonNode c : required(root, "controls", "the catalogue")) {
            String id = required(c, "id", "a control").asText();
            List<Measure> evidence = new ArrayList<>();
            for (JsonNode m : required(c, "evidence", "control " + id)) {
                try {
                    evidence.add(Measure.valueOf(m.asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("control " + id + " names an unknown measure: " + m.asText());
                }
            }
            controls.add(new Control(id, required(c, "titleLv", "control " + id).asText(), required(c, "titleEn", "control " + id).asText(),
                    required(c, "reference", "control " + id).asText(), c.path("referenceConfirmed").asBoolean(false), evidence));
        }
        return new ControlCatalogue(required(regulation, "lv", "regulation").asText(), required(regulation, "en", "regulation").asText(),
                required(regulation, "source", "regulation").asText(), controls);
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + " has no " + field);
        }
        return value;
    }
}
