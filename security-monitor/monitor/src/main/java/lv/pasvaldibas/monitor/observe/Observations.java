package lv.pasvaldibas.monitor.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.monitor.observe.FederationSnapshot.Directory;
import lv.pasvaldibas.monitor.observe.FederationSnapshot.ServerCertificate;
import lv.pasvaldibas.monitor.observe.FederationSnapshot.Trust;

/**
 * Turns snapshots of the federation into audit events the rules can match (decision 106): a directory
 * that became unreachable, a directory server's certificate that came within the warning of its end,
 * a trust whose yearly review is overdue. Each state is reported when it begins and then once every
 * {@code repeatEvery} while it lasts, never on every poll, so that the log holds one record per change
 * and a daily reminder rather than one per minute. A directory that answers again is reported once
 * ({@link #DIRECTORY_REACHABLE_AGAIN}).
 * <p>
 * Two steps, so that nothing counts as reported before its record is durable: {@link #observe} says
 * what to write and changes nothing; {@link #written} adopts the report once its records are kept. A
 * report never written is simply computed again from the next snapshot. Not thread-safe: one poll at a
 * time. The memory is not kept across restarts: a state that lasts is reported once more after one.
 */
public final class Observations {

    public static final String DIRECTORY_UNREACHABLE = "DIRECTORY_UNREACHABLE";
    public static final String DIRECTORY_REACHABLE_AGAIN = "DIRECTORY_REACHABLE_AGAIN";
    public static final String DIRECTORY_CERTIFICATE_EXPIRING = "DIRECTORY_CERTIFICATE_EXPIRING";
    public static final String TRUST_REVIEW_OVERDUE = "TRUST_REVIEW_OVERDUE";

    public static final int DEFAULT_CERTIFICATE_WARNING_DAYS = 30;
    public static final Duration DEFAULT_REPEAT = Duration.ofDays(1);

    private final AuditEvent.Actor self;
    private final String client;
    private final Duration certificateWarning;
    private final Duration repeatEvery;
    /** The states being reported, by key: when first seen and when last written. */
    private Map<String, Seen> seen = Map.of();

    private record Seen(Instant since, Instant reported) {
    }

    /**
     * @param self               the monitor as the actor of the records
     * @param client             the records' client (the monitor's own name)
     * @param certificateWarning how long before a certificate's end it is reported
     * @param repeatEvery        how often a lasting state is reported again
     */
    public Observations(AuditEvent.Actor self, String client, Duration certificateWarning, Duration repeatEvery) {
        this.self = Objects.requireNonNull(self, "self");
        this.client = client;
        if (certificateWarning.isNegative() || repeatEvery.isZero() || repeatEvery.isNegative()) {
            throw new IllegalArgumentException("the certificate warning must not be negative and the repeat must be positive");
        }
        this.certificateWarning = certificateWarning;
        this.repeatEvery = repeatEvery;
    }

    /** What a snapshot gives to write, and the memory to adopt once it is written. */
    public static final class Report {
        private final List<AuditEvent> events;
        private final Map<String, Seen> next;

        private Report(List<AuditEvent> events, Map<String, Seen> next) {
            this.events = events;
            this.next = next;
        }

        /** The records to write, in a fixed order (directories, then trusts, each by id); often none. */
        public List<AuditEvent> events() {
            return events;
        }
    }

    /** The records this snapshot calls for; changes nothing until {@link #written}. */
    public Report observe(FederationSnapshot snapshot) {
        Instant now = snapshot.takenAt();
        Map<String, Seen> next = new HashMap<>();
        List<AuditEvent> events = new ArrayList<>();
        List<Directory> directories = snapshot.directories().stream().sorted(Comparator.comparing(Directory::id)).toList();
        for (Directory d : directories) {
            if (!d.active()) {
                // a suspended directory serves no one: its state is nobody's problem until it is resumed
                continue;
            }
            String unreachable = DIRECTORY_UNREACHABLE + "|" + d.id();
            if (!d.reachable()) {
                state(unreachable, now, next, events, since -> {
                    Map<String, Object> details = directoryDetails(d);
                    details.put("error", d.error() == null ? "" : d.error());
                    details.put("since", since.toString());
                    return event(now, DIRECTORY_UNREACHABLE, AuditEvent.Outcome.FAILURE, "directory", d.id(), details);
                });
            } else if (seen.containsKey(unreachable)) {
                Map<String, Object> details = directoryDetails(d);
                details.put("since", seen.get(unreachable).since().toString());
                events.add(event(now, DIRECTORY_REACHABLE_AGAIN, AuditEvent.Outcome.SUCCESS, "directory", d.id(), details));
            }
            for (ServerCertificate c : d.certificates()) {
                if (c.notAfter().isAfter(now.plus(certificateWarning))) {
                    continue;
                }
                state(DIRECTORY_CERTIFICATE_EXPIRING + "|" + d.id() + "|" + c.server(), now, next, events, since -> {
                    Map<String, Object> details = directoryDetails(d);
                    details.put("server", c.server());
                    details.put("subject", c.subject() == null ? "" : c.subject());
                    details.put("notAfter", c.notAfter().toString());
                    // whole days left, rounded down; negative once it has ended
                    details.put("daysLeft", Math.floorDiv(Duration.between(now, c.notAfter()).toSeconds(), 86_400L));
                    details.put("expired", !c.notAfter().isAfter(now));
                    return event(now, DIRECTORY_CERTIFICATE_EXPIRING, AuditEvent.Outcome.FAILURE, "directory", d.id(), details);
                });
            }
            if (d.certificates().isEmpty()) {
                // a server that could not be asked shows no certificate: what was known about it still holds
                carry(DIRECTORY_CERTIFICATE_EXPIRING + "|" + d.id() + "|", next);
            }
        }
        List<Trust> trusts = snapshot.trusts().stream().sorted(Comparator.comparing(Trust::id)).toList();
        for (Trust t : trusts) {
            if (!t.reviewOverdueAt(now)) {
                continue;
            }
            state(TRUST_REVIEW_OVERDUE + "|" + t.id(), now, next, events, since -> {
                Map<String, Object> details = new LinkedHashMap<>();
                // the trusting municipality is the one whose administrators must review it
                details.put("municipality", t.trustingMunicipality());
                details.put("trustingMunicipality", t.trustingMunicipality());
                details.put("trustedDirectory", t.trustedDirectory());
                details.put("trustedMunicipality", t.trustedMunicipality());
                details.put("nextReview", t.nextReview().toString());
                details.put("daysOverdue", Duration.between(t.nextReview(), now).toDays());
                details.put("since", since.toString());
                return event(now, TRUST_REVIEW_OVERDUE, AuditEvent.Outcome.FAILURE, "trust", t.id(), details);
            });
        }
        return new Report(List.copyOf(events), Map.copyOf(next));
    }

    /** The report's records are durable: its states count as reported. */
    public void written(Report report) {
        seen = report.next;
    }

    private interface Describe {
        AuditEvent at(Instant since);
    }

    /** A state that holds now: reported when new or when its last report is {@code repeatEvery} old. */
    private void state(String key, Instant now, Map<String, Seen> next, List<AuditEvent> events, Describe describe) {
        Seen before = seen.get(key);
        if (before == null || !now.isBefore(before.reported().plus(repeatEvery))) {
            Instant since = before == null ? now : before.since();
            events.add(describe.at(since));
            next.put(key, new Seen(since, now));
        } else {
            next.put(key, before);
        }
    }

    private void carry(String prefix, Map<String, Seen> next) {
        seen.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                next.putIfAbsent(key, value);
            }
        });
    }

    private static Map<String, Object> directoryDetails(Directory d) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (d.municipality() != null) {
            details.put("municipality", d.municipality());
        }
        details.put("directory", d.id());
        return details;
    }

    private AuditEvent event(Instant time, String type, AuditEvent.Outcome outcome, String targetType, String targetId,
                             Map<String, Object> details) {
        return new AuditEvent(time, type, outcome, self, client, null, null, targetType, targetId, details);
    }
}
