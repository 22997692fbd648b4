package lv.pasvaldibas.monitor.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import lv.pasvaldibas.monitor.detect.Detection;
import lv.pasvaldibas.monitor.detect.EventRef;

/**
 * A finding a person handles: raised once, then acknowledged and closed with a note. Findings of the
 * same rule and group while it is open (or within the rule's suppression) add to it instead of
 * raising another.
 *
 * @param key       the rule and group ({@link Detection#key()})
 * @param municipality the municipality the finding concerns, for municipal security officers; null: platform-wide
 * @param findings  how many detections it holds
 * @param events    evidence: some of the events, oldest first
 */
public record Alert(UUID id, String key, String ruleId, String title, String level, Map<String, String> group, String municipality,
                    State state, Instant raisedAt, Instant firstEvent, Instant lastEvent, long findings, List<EventRef> events,
                    String acknowledgedBy, Instant acknowledgedAt, String closedBy, Instant closedAt, String note) {

    public enum State { OPEN, ACKNOWLEDGED, CLOSED }

    /** The longest closing note kept. */
    public static final int MAX_NOTE = 2000;

    /** A new alert from a detection, raised now. */
    public static Alert raise(Detection d, Instant now) {
        return new Alert(UUID.randomUUID(), d.key(), d.rule().id(), d.rule().title(), d.rule().level().name(), d.group(), municipalityOf(d),
                State.OPEN, now, d.first(), d.last(), 1, d.events(), null, null, null, null, null);
    }

    /** The municipality a finding is about: the group's, else that of its events' actors (when they agree), else none. */
    private static String municipalityOf(Detection d) {
        for (String field : List.of("actor.municipality", "municipality", "details.municipality")) {
            String value = d.group().get(field);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return d.municipality();
    }

    /** This alert with one more detection of the same finding. */
    public Alert with(Detection d) {
        Instant last = d.last().isAfter(lastEvent) ? d.last() : lastEvent;
        return new Alert(id, key, ruleId, title, level, group, municipality, state, raisedAt, firstEvent, last, findings + 1, events,
                acknowledgedBy, acknowledgedAt, closedBy, closedAt, note);
    }

    /** @throws IllegalStateException when it is not open */
    public Alert acknowledge(String by, Instant at) {
        if (state != State.OPEN) {
            throw new IllegalStateException("only an open alert is acknowledged; this one is " + state);
        }
        return new Alert(id, key, ruleId, title, level, group, municipality, State.ACKNOWLEDGED, raisedAt, firstEvent, lastEvent, findings,
                events, Objects.requireNonNull(by), at, null, null, null);
    }

    /** @throws IllegalStateException when it is closed already; IllegalArgumentException for a missing or too long note */
    public Alert close(String by, Instant at, String closingNote) {
        if (state == State.CLOSED) {
            throw new IllegalStateException("the alert is closed already");
        }
        if (closingNote == null || closingNote.isBlank() || closingNote.length() > MAX_NOTE) {
            throw new IllegalArgumentException("closing an alert needs a note of 1 to " + MAX_NOTE + " characters");
        }
        return new Alert(id, key, ruleId, title, level, group, municipality, State.CLOSED, raisedAt, firstEvent, lastEvent, findings,
                events, acknowledgedBy, acknowledgedAt, Objects.requireNonNull(by), at, closingNote.strip());
    }
}
