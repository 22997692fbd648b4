package lv.pasvaldibas.monitor.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.monitor.rule.CorrelationRule;
import lv.pasvaldibas.monitor.rule.EventRule;
import lv.pasvaldibas.monitor.rule.RuleSet;

/**
 * Runs the rules over the audit log, one event at a time in the order it is read. Each correlation
 * keeps a window per group (the group-by fields' values) of the events its rules matched within its
 * timespan, by the events' own times; when the condition holds it reports the finding and starts the
 * group's count anew. Not thread-safe: one reader feeds it.
 * <p>
 * After a restart the reader feeds again, with {@link #replay}, the events of the longest timespan
 * before where it stopped: the windows are as they were, and nothing already reported is reported again.
 */
public final class Detector {

    /** How many of a finding's events it keeps as evidence. */
    static final int EVIDENCE = 20;
    /** Events of one rule kept per group of an ordered temporal correlation. */
    private static final int ORDERED_CAP = 1000;
    /** How many events between sweeps of groups whose windows have emptied. */
    private static final int SWEEP_EVERY = 10_000;

    private final RuleSet rules;
    /** For each correlation, in order, the positions of its rules among the event rules. */
    private final List<int[]> correlated = new ArrayList<>();
    private final Map<String, Map<List<String>, Window>> windows = new HashMap<>();
    private Instant newest = Instant.EPOCH;
    private long sinceSweep;

    public Detector(RuleSet rules) {
        this.rules = rules;
        List<String> names = rules.eventRules().stream().map(EventRule::name).toList();
        for (CorrelationRule c : rules.correlations()) {
            windows.put(c.id(), new HashMap<>());
            correlated.add(c.rules().stream().mapToInt(names::indexOf).toArray());
        }
    }

    /** The longest timespan of any correlation: how far back a restart replays. */
    public Duration longestTimespan() {
        return rules.correlations().stream().map(CorrelationRule::timespan).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Feeds the next event; returns what it completes. */
    public List<Detection> accept(AuditFields event) {
        return feed(event, true);
    }

    /** Feeds an event handled before a restart: the windows take it, nothing is reported. */
    public void replay(AuditFields event) {
        feed(event, false);
    }

    private List<Detection> feed(AuditFields event, boolean report) {
        if (event.event().time().isAfter(newest)) {
            newest = event.event().time();
        }
        List<Detection> found = new ArrayList<>();
        List<EventRule> eventRules = rules.eventRules();
        boolean[] matched = new boolean[eventRules.size()];
        for (int r = 0; r < matched.length; r++) {
            EventRule rule = eventRules.get(r);
            matched[r] = rule.matches(event);
            if (matched[r] && report && !rules.silent(rule)) {
                found.add(new Detection(rule, group(rule.fields(), event), event.event().time(), event.event().time(), 1, List.of(event.ref()),
                        event.municipality()));
            }
        }
        for (int i = 0; i < correlated.size(); i++) {
            CorrelationRule c = rules.correlations().get(i);
            for (int r : correlated.get(i)) {
                if (matched[r]) {
                    Detection d = correlate(c, eventRules.get(r).name(), event);
                    if (d != null && report) {
                        found.add(d);
                    }
                }
            }
        }
        if (++sinceSweep >= SWEEP_EVERY) {
            sweep();
        }
        return found;
    }

    private Detection correlate(CorrelationRule c, String ruleName, AuditFields event) {
        Map<String, String> group = group(c.groupBy(), event);
        List<String> key = List.copyOf(group.values());
        Window window = windows.get(c.id()).computeIfAbsent(key, k -> switch (c.kind()) {
            case EVENT_COUNT -> new CountWindow();
            case VALUE_COUNT -> new ValueWindow();
            case TEMPORAL, TEMPORAL_ORDERED -> new TemporalWindow(c.rules(), c.kind() == CorrelationRule.Kind.TEMPORAL_ORDERED);
        });
        Instant time = event.event().time();
        Object value = c.threshold().field() == null ? null : event.value(c.threshold().field());
        window.add(time, ruleName, value == null ? null : String.valueOf(value), event.ref());
        window.saw(event.municipality());
        window.evictBefore(time.minus(c.timespan()));
        long count = window.count();
        if (!c.threshold().holds(count)) {
            return null;
        }
        List<EventRef> evidence = window.evidence();
        String municipality = window.municipality();
        window.clear();
        window.forgetMunicipality();
        return new Detection(c, group, evidence.get(0).time(), time, count, evidence, municipality);
    }

    private static Map<String, String> group(List<String> fields, AuditFields event) {
        Map<String, String> group = new LinkedHashMap<>();
        for (String field : fields) {
            Object v = event.value(field);
            group.put(field, v == null ? "" : String.valueOf(v));
        }
        return group;
    }

    /** Drops the groups whose every event is older than their correlation's timespan before the newest event. */
    private void sweep() {
        sinceSweep = 0;
        for (CorrelationRule c : rules.correlations()) {
            Instant cutoff = newest.minus(c.timespan());
            Iterator<Window> it = windows.get(c.id()).values().iterator();
            while (it.hasNext()) {
                Window w = it.next();
                w.evictBefore(cutoff);
                if (w.count() == 0) {
                    it.remove();
                }
            }
        }
    }

    private abstract static class Window {
        /** The municipality of the actors since the last finding; MIXED once two differ. */
        private String municipality;
        private static final String MIXED = "\u0000mixed";

        abstract void add(Instant time, String rule, String value, EventRef ref);

        abstract void evictBefore(Instant cutoff);

        abstract long count();

        abstract List<EventRef> evidence();

        abstract void clear();

        final void saw(String actorMunicipality) {
            if (municipality == null) {
                municipality = actorMunicipality == null ? MIXED : actorMunicipality;
            } else if (!municipality.equals(actorMunicipality)) {
                municipality = MIXED;
            }
        }

        final String municipality() {
            return MIXED.equals(municipality) ? null : municipality;
        }

        final void forgetMunicipality() {
            municipality = null;
        }
    }

    /** Matching events in the timespan. */
    private static final class CountWindow extends Window {
        private final Deque<EventRef> events = new ArrayDeque<>();

        @Override
        void add(Instant time, String rule, String value, EventRef ref) {
            events.addLast(ref);
        }

        @Override
        void evictBefore(Instant cutoff) {
            events.removeIf(e -> e.time().isBefore(cutoff));
        }

        @Override
        long count() {
            return events.size();
        }

        @Override
        List<EventRef> evidence() {
            return sample(new ArrayList<>(events));
        }

        @Override
        void clear() {
            events.clear();
        }
    }

    /** Distinct values of the condition's field in the timespan, each with its latest event. */
    private static final class ValueWindow extends Window {
        private final LinkedHashMap<String, EventRef> latestByValue = new LinkedHashMap<>();

        @Override
        void add(Instant time, String rule, String value, EventRef ref) {
            if (value != null) {
                latestByValue.remove(value);
                latestByValue.put(value, ref);
            }
        }

        @Override
        void evictBefore(Instant cutoff) {
            latestByValue.values().removeIf(e -> e.time().isBefore(cutoff));
        }

        @Override
        long count() {
            return latestByValue.size();
        }

        @Override
        List<EventRef> evidence() {
            return sample(new ArrayList<>(latestByValue.values()));
        }

        @Override
        void clear() {
            latestByValue.clear();
        }
    }

    /** Each rule's matches in the timespan; complete when every rule has one (in the listed order, if ordered). */
    private static final class TemporalWindow extends Window {
        private final List<String> rules;
        private final boolean ordered;
        private final Map<String, Deque<EventRef>> byRule = new HashMap<>();

        TemporalWindow(List<String> rules, boolean ordered) {
            this.rules = rules;
            this.ordered = ordered;
        }

        @Override
        void add(Instant time, String rule, String value, EventRef ref) {
            Deque<EventRef> events = byRule.computeIfAbsent(rule, r -> new ArrayDeque<>());
            events.addLast(ref);
            if (events.size() > (ordered ? ORDERED_CAP : 1)) {
                events.removeFirst();
            }
        }

        @Override
        void evictBefore(Instant cutoff) {
            byRule.values().forEach(d -> d.removeIf(e -> e.time().isBefore(cutoff)));
            byRule.values().removeIf(Deque::isEmpty);
        }

        /** How many of the rules are satisfied (in order, if ordered): the threshold is all of them. */
        @Override
        long count() {
            if (!ordered) {
                return rules.stream().filter(r -> byRule.containsKey(r)).count();
            }
            Instant after = Instant.MIN;
            long satisfied = 0;
            for (String rule : rules) {
                Deque<EventRef> events = byRule.get(rule);
                Instant at = null;
                if (events != null) {
                    for (EventRef e : events) {
                        if (!e.time().isBefore(after)) {
                            at = e.time();
                            break;
                        }
                    }
                }
                if (at == null) {
                    return satisfied;
                }
                satisfied++;
                after = at;
            }
            return satisfied;
        }

        @Override
        List<EventRef> evidence() {
            List<EventRef> all = new ArrayList<>();
            byRule.values().forEach(all::addAll);
            all.sort((a, b) -> a.time().compareTo(b.time()));
            return sample(all);
        }

        @Override
        void clear() {
            byRule.clear();
        }
    }

    /** The first and the latest events, up to {@link #EVIDENCE} in all. */
    private static List<EventRef> sample(List<EventRef> events) {
        if (events.size() <= EVIDENCE) {
            return List.copyOf(events);
        }
        List<EventRef> kept = new ArrayList<>(events.subList(0, EVIDENCE / 2));
        kept.addAll(events.subList(events.size() - EVIDENCE / 2, events.size()));
        return List.copyOf(kept);
    }
}
