package lv.pasvaldibas.monitor.rule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rules in a folder: every {@code *.yml} file, each holding one or more YAML documents in the
 * Sigma format (a rule with a {@code detection} or a {@code correlation}). A new rule is added by
 * dropping a file there. Any rule that cannot be used stops the load with the file and the reason:
 * a monitor running without a rule its operators believe is on is worse than one that does not start.
 * <p>
 * Beyond Sigma: {@code suppression} (a timespan, default 1h) says how long the same finding raises no
 * new alert; fields of the audit log are named as in {@link lv.pasvaldibas.monitor.detect.AuditFields}.
 */
public final class RuleSet {

    private static final Duration DEFAULT_SUPPRESSION = Duration.ofHours(1);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));
    private static final long MAX_FILE_BYTES = 256 * 1024;

    private final List<EventRule> eventRules;
    private final List<CorrelationRule> correlations;
    private final Set<String> silent;

    private RuleSet(List<EventRule> eventRules, List<CorrelationRule> correlations, Set<String> silent) {
        this.eventRules = List.copyOf(eventRules);
        this.correlations = List.copyOf(correlations);
        this.silent = Set.copyOf(silent);
    }

    /** Loads every rule file in {@code folder} (in name order). */
    public static RuleSet load(Path folder) {
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the rules folder " + folder, e);
        }
        Map<String, String> documents = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    throw new InvalidRuleException(file.getFileName().toString(), "larger than " + MAX_FILE_BYTES + " bytes");
                }
                documents.put(file.getFileName().toString(), Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the rule file " + file, e);
            }
        }
        return of(documents);
    }

    /** Rules from texts, each named by its source (a file name). */
    public static RuleSet of(Map<String, String> sources) {
        List<EventRule> events = new ArrayList<>();
        List<CorrelationRule> correlations = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, EventRule> byName = new LinkedHashMap<>();
        sources.forEach((source, text) -> {
            int n = 0;
            for (JsonNode doc : documents(source, text)) {
                n++;
                String where = source + (n > 1 ? " (document " + n + ")" : "");
                Rule rule = doc.has("correlation") ? correlation(doc, where) : eventRule(doc, where);
                if (!ids.add(rule.id()) || (!rule.name().equals(rule.id()) && !ids.add(rule.name()))) {
                    throw new InvalidRuleException(where, "id or name '" + rule.id() + "'/'" + rule.name() + "' is used by another rule");
                }
                if (rule instanceof EventRule e) {
                    events.add(e);
                    byName.put(e.name(), e);
                    byName.put(e.id(), e);
                } else {
                    correlations.add((CorrelationRule) rule);
                }
            }
        });
        Set<String> silent = new HashSet<>();
        List<CorrelationRule> resolved = new ArrayList<>();
        for (CorrelationRule c : correlations) {
            List<String> names = new ArrayList<>();
            for (String ref : c.rules()) {
                EventRule target = byName.get(ref);
                if (target == null) {
                    throw new InvalidRuleException(c.source(), "the correlation refers to '" + ref + "', which is no event rule here "
                            + "(correlations of correlations are not supported)");
                }
                names.add(target.name());
                if (!c.generate()) {
                    silent.add(target.name());
                }
            }
            resolved.add(new CorrelationRule(c.id(), c.name(), c.title(), c.level(), c.suppression(), c.source(), c.kind(), List.copyOf(names),
                    c.groupBy(), c.timespan(), c.threshold(), c.generate()));
        }
        return new RuleSet(events, resolved, silent);
    }

    private static List<JsonNode> documents(String source, String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    if (!doc.isObject()) {
                        throw new InvalidRuleException(source, "a rule is a map of fields");
                    }
                    docs.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRuleException invalid) {
                throw invalid;
            }
            throw new InvalidRuleException(source, "not readable YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (docs.isEmpty()) {
            throw new InvalidRuleException(source, "holds no rule");
        }
        return docs;
    }

    private static EventRule eventRule(JsonNode doc, String source) {
        JsonNode detection = doc.get("detection");
        if (detection == null || !detection.isObject()) {
            throw new InvalidRuleException(source, "a rule needs a 'detection' (or a 'correlation')");
        }
        Map<String, Selection> selections = new LinkedHashMap<>();
        detection.properties().forEach(e -> {
            if (!e.getKey().equals("condition") && !e.getKey().equals("timeframe")) {
                selections.put(e.getKey(), Selection.of(e.getKey(), e.getValue(), source));
            }
        });
        if (detection.has("timeframe")) {
            throw new InvalidRuleException(source, "'timeframe' is Sigma's old aggregation: write a correlation rule instead");
        }
        JsonNode condition = detection.get("condition");
        if (condition == null || !condition.isTextual()) {
            throw new InvalidRuleException(source, "the detection needs one 'condition' (a text)");
        }
        if (condition.textValue().contains("|")) {
            throw new InvalidRuleException(source, "aggregations in the condition ('| count()') are Sigma's old form: write a correlation rule");
        }
        return new EventRule(text(doc, "id", source), name(doc, source), text(doc, "title", source), level(doc, source),
                suppression(doc, source), source, Condition.parse(condition.textValue(), selections, source),
                doc.has("fields") ? strings(doc, "fields", source) : List.of());
    }

    private static CorrelationRule correlation(JsonNode doc, String source) {
        JsonNode c = doc.get("correlation");
        if (!c.isObject()) {
            throw new InvalidRuleException(source, "'correlation' is a map");
        }
        if (c.has("aliases")) {
            throw new InvalidRuleException(source, "correlation 'aliases' are not supported: name the same field in each rule");
        }
        CorrelationRule.Kind kind;
        try {
            kind = CorrelationRule.Kind.valueOf(text(c, "type", source).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRuleException(source, "correlation type '" + c.path("type").asText() + "' is not one of event_count, value_count, temporal, temporal_ordered");
        }
        List<String> rules = strings(c, "rules", source);
        if (rules.isEmpty()) {
            throw new InvalidRuleException(source, "the correlation names no rules");
        }
        if ((kind == CorrelationRule.Kind.TEMPORAL || kind == CorrelationRule.Kind.TEMPORAL_ORDERED) && rules.size() < 2) {
            throw new InvalidRuleException(source, "a temporal correlation needs at least two rules");
        }
        List<String> groupBy = c.has("group-by") ? strings(c, "group-by", source) : List.of();
        Duration timespan = Timespan.parse(text(c, "timespan", source), source);
        CorrelationRule.Threshold threshold = kind == CorrelationRule.Kind.TEMPORAL || kind == CorrelationRule.Kind.TEMPORAL_ORDERED
                ? new CorrelationRule.Threshold(CorrelationRule.Threshold.Op.GTE, rules.size(), null) : threshold(c.get("condition"), kind, source);
        return new CorrelationRule(text(doc, "id", source), name(doc, source), text(doc, "title", source), level(doc, source),
                suppression(doc, source), source, kind, rules, groupBy, timespan, threshold, c.path("generate").asBoolean(false));
    }

    private static CorrelationRule.Threshold threshold(JsonNode condition, CorrelationRule.Kind kind, String source) {
        if (condition == null || !condition.isObject()) {
            throw new InvalidRuleException(source, "the correlation needs a 'condition' such as {gte: 10}");
        }
        String field = condition.has("field") ? condition.get("field").asText() : null;
        if (kind == CorrelationRule.Kind.VALUE_COUNT && (field == null || field.isBlank())) {
            throw new InvalidRuleException(source, "a value_count condition names the 'field' whose distinct values are counted");
        }
        List<CorrelationRule.Threshold> found = new ArrayList<>();
        condition.properties().forEach(e -> {
            switch (e.getKey()) {
                case "field" -> { }
                case "gte", "gt", "eq" -> {
                    if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 1) {
                        throw new InvalidRuleException(source, "the condition's '" + e.getKey() + "' is a whole number of at least 1");
                    }
                    found.add(new CorrelationRule.Threshold(CorrelationRule.Threshold.Op.valueOf(e.getKey().toUpperCase(Locale.ROOT)),
                            e.getValue().asLong(), field));
                }
                case "lt", "lte" -> throw new InvalidRuleException(source, "'" + e.getKey() + "' thresholds are judged only when a window ends; "
                        + "this monitor alerts while events arrive: use gte, gt or eq");
                default -> throw new InvalidRuleException(source, "unknown condition '" + e.getKey() + "'");
            }
        });
        if (found.size() != 1) {
            throw new InvalidRuleException(source, "the correlation's condition has exactly one of gte, gt or eq");
        }
        return found.get(0);
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new InvalidRuleException(source, "'" + field + "' is missing");
        }
        return v.asText().trim();
    }

    private static String name(JsonNode doc, String source) {
        return doc.has("name") ? text(doc, "name", source) : text(doc, "id", source);
    }

    private static List<String> strings(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v != null && v.isTextual()) {
            out.add(v.textValue());
        } else if (v != null && v.isArray()) {
            v.forEach(x -> {
                if (!x.isTextual() || x.textValue().isBlank()) {
                    throw new InvalidRuleException(source, "'" + field + "' lists names (texts)");
                }
                out.add(x.textValue());
            });
        } else {
            throw new InvalidRuleException(source, "'" + field + "' is missing");
        }
        return List.copyOf(out);
    }

    private static Rule.Level level(JsonNode doc, String source) {
        try {
            return Rule.Level.valueOf(text(doc, "level", source).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRuleException(source, "level '" + doc.get("level").asText() + "' is not one of informational, low, medium, high, critical");
        }
    }

    private static Duration suppression(JsonNode doc, String source) {
        return doc.has("suppression") ? Timespan.parse(doc.get("suppression").asText(), source) : DEFAULT_SUPPRESSION;
    }

    public List<EventRule> eventRules() {
        return eventRules;
    }

    public List<CorrelationRule> correlations() {
        return correlations;
    }

    /** Whether an event rule's own matches are only input to correlations (they raise no alert themselves). */
    public boolean silent(EventRule rule) {
        return silent.contains(rule.name());
    }

    /** Every rule by id, for the alerts that name them. */
    public Map<String, Rule> byId() {
        Map<String, Rule> all = new LinkedHashMap<>();
        eventRules.forEach(r -> all.put(r.id(), r));
        correlations.forEach(r -> all.put(r.id(), r));
        return all;
    }
}
