package lv.pasvaldibas.monitor.rule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A named search of a Sigma rule's {@code detection}: a map whose lines must all match, or a list of
 * such maps of which one must match.
 */
final class Selection {

    private final List<List<FieldMatch>> alternatives;

    private Selection(List<List<FieldMatch>> alternatives) {
        this.alternatives = alternatives;
    }

    static Selection of(String name, JsonNode node, String source) {
        List<List<FieldMatch>> alternatives = new ArrayList<>();
        if (node.isObject()) {
            alternatives.add(lines(node, source));
        } else if (node.isArray() && !node.isEmpty() && allObjects(node)) {
            node.forEach(map -> alternatives.add(lines(map, source)));
        } else {
            throw new InvalidRuleException(source, "selection '" + name + "' is neither a map of fields nor a list of such maps "
                    + "(keyword searches are not supported: name the field)");
        }
        return new Selection(alternatives);
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static List<FieldMatch> lines(JsonNode map, String source) {
        List<FieldMatch> lines = new ArrayList<>();
        map.properties().forEach(e -> {
            List<Object> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(scalar(v, e.getKey(), source)));
            } else {
                values.add(scalar(e.getValue(), e.getKey(), source));
            }
            lines.add(FieldMatch.of(e.getKey(), values, source));
        });
        if (lines.isEmpty()) {
            throw new InvalidRuleException(source, "an empty selection matches everything; name at least one field");
        }
        return lines;
    }

    private static Object scalar(JsonNode v, String key, String source) {
        if (v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        throw new InvalidRuleException(source, "'" + key + "' has a value that is neither text, a number, true/false nor null");
    }

    boolean matches(EventFields event) {
        for (List<FieldMatch> lines : alternatives) {
            if (lines.stream().allMatch(l -> l.matches(event))) {
                return true;
            }
        }
        return false;
    }
}
