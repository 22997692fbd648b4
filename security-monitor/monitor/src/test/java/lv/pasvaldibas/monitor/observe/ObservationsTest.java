package lv.pasvaldibas.monitor.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.monitor.observe.FederationSnapshot.Directory;
import lv.pasvaldibas.monitor.observe.FederationSnapshot.ServerCertificate;
import lv.pasvaldibas.monitor.observe.FederationSnapshot.Trust;
import org.junit.jupiter.api.Test;

class ObservationsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
    private static final AuditEvent.Actor MONITOR = new AuditEvent.Actor(null, "monitor/monitor-1", null, null);

    private final Observations observations = new Observations(MONITOR, "security-monitor", Duration.ofDays(30), Duration.ofDays(1));

    private static Directory up(String id, String municipality, ServerCertificate... certificates) {
        return new Directory(id, municipality, true, true, null, List.of(certificates));
    }

    private static Directory down(String id, String municipality) {
        return new Directory(id, municipality, true, false, "ldap://127.0.0.1:10389: Connection refused", List.of());
    }

    private static FederationSnapshot at(Instant time, List<Directory> directories, List<Trust> trusts) {
        return new FederationSnapshot(time, directories, trusts);
    }

    /** Observes and writes (the glue's success path); returns what was written. */
    private List<AuditEvent> poll(FederationSnapshot snapshot) {
        Observations.Report report = observations.observe(snapshot);
        observations.written(report);
        return report.events();
    }

    @Test
    void anUnreachableDirectoryIsReportedOnceWhenItGoesDownAgainADayLaterAndOnceWhenItAnswersAgain() {
        assertThat(poll(at(T0, List.of(up("talsi", "talsi")), List.of()))).isEmpty();
        List<AuditEvent> down = poll(at(T0.plusSeconds(60), List.of(down("talsi", "talsi"), up("kuldiga", "kuldiga")), List.of()));
        assertThat(down).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("DIRECTORY_UNREACHABLE");
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
            assertThat(e.actor()).isEqualTo(MONITOR);
            assertThat(e.targetType()).isEqualTo("directory");
            assertThat(e.targetId()).isEqualTo("talsi");
            assertThat(e.details()).containsEntry("municipality", "talsi").containsEntry("directory", "talsi")
                    .containsEntry("error", "ldap://127.0.0.1:10389: Connection refused").containsEntry("since", T0.plusSeconds(60).toString());
            assertThat(e.time()).isEqualTo(T0.plusSeconds(60));
        });
        // every minute for almost a day: nothing new
        for (int minute = 2; minute < 24 * 60; minute += 7) {
            assertThat(poll(at(T0.plus(Duration.ofMinutes(minute)), List.of(down("talsi", "talsi")), List.of()))).isEmpty();
        }
        List<AuditEvent> reminder = poll(at(T0.plus(Duration.ofDays(1)).plusSeconds(60), List.of(down("talsi", "talsi")), List.of()));
        assertThat(reminder).singleElement().satisfies(e -> assertThat(e.details()).containsEntry("since", T0.plusSeconds(60).toString()));
        List<AuditEvent> back = poll(at(T0.plus(Duration.ofDays(1)).plusSeconds(120), List.of(up("talsi", "talsi")), List.of()));
        assertThat(back).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("DIRECTORY_REACHABLE_AGAIN"));
        assertThat(poll(at(T0.plus(Duration.ofDays(1)).plusSeconds(180), List.of(up("talsi", "talsi")), List.of()))).isEmpty();
        // down again: a new state, reported at once
        assertThat(poll(at(T0.plus(Duration.ofDays(1)).plusSeconds(240), List.of(down("talsi", "talsi")), List.of())))
                .extracting(AuditEvent::type).containsExactly("DIRECTORY_UNREACHABLE");
    }

    @Test
    void aReportThatWasNotWrittenIsMadeAgainFromTheNextSnapshot() {
        FederationSnapshot first = at(T0, List.of(down("talsi", "talsi")), List.of());
        assertThat(observations.observe(first).events()).hasSize(1);
        // the audit log did not take it: nothing was adopted, so the next poll reports it again
        assertThat(poll(at(T0.plusSeconds(60), List.of(down("talsi", "talsi")), List.of()))).hasSize(1);
        assertThat(poll(at(T0.plusSeconds(120), List.of(down("talsi", "talsi")), List.of()))).isEmpty();
    }

    @Test
    void aSuspendedDirectoryIsNotJudged() {
        Directory suspended = new Directory("talsi", "talsi", false, false, "down", List.of(
                new ServerCertificate("ldaps://ldap.talsi.lv:636", "CN=ldap.talsi.lv", T0.minusSeconds(1))));
        assertThat(poll(at(T0, List.of(suspended), List.of()))).isEmpty();
    }

    @Test
    void aCertificateIsReportedWithinTheWarningNotBeforeAndOnlyOnceADay() {
        ServerCertificate far = new ServerCertificate("ldaps://ldap.kuldiga.lv:636", "CN=ldap.kuldiga.lv", T0.plus(Duration.ofDays(31)));
        assertThat(poll(at(T0, List.of(up("kuldiga", "kuldiga", far)), List.of()))).isEmpty();
        // a day later the same certificate has 30 days left: within the warning
        List<AuditEvent> expiring = poll(at(T0.plus(Duration.ofDays(1)), List.of(up("kuldiga", "kuldiga", far)), List.of()));
        assertThat(expiring).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("DIRECTORY_CERTIFICATE_EXPIRING");
            assertThat(e.targetId()).isEqualTo("kuldiga");
            assertThat(e.details()).containsEntry("municipality", "kuldiga").containsEntry("server", "ldaps://ldap.kuldiga.lv:636")
                    .containsEntry("subject", "CN=ldap.kuldiga.lv").containsEntry("notAfter", far.notAfter().toString())
                    .containsEntry("daysLeft", 30L).containsEntry("expired", false);
        });
        assertThat(poll(at(T0.plus(Duration.ofDays(1)).plusSeconds(60), List.of(up("kuldiga", "kuldiga", far)), List.of()))).isEmpty();
        // the server could not be asked for a while (no certificate read): it is not forgotten, so not reported anew
        assertThat(poll(at(T0.plus(Duration.ofDays(1)).plusSeconds(120), List.of(down("kuldiga", "kuldiga")), List.of())))
                .extracting(AuditEvent::type).containsExactly("DIRECTORY_UNREACHABLE");
        assertThat(poll(at(T0.plus(Duration.ofDays(1)).plusSeconds(180), List.of(up("kuldiga", "kuldiga", far)), List.of())))
                .extracting(AuditEvent::type).containsExactly("DIRECTORY_REACHABLE_AGAIN");
        // past its end: still reported daily, marked expired
        List<AuditEvent> ended = poll(at(T0.plus(Duration.ofDays(32)), List.of(up("kuldiga", "kuldiga", far)), List.of()));
        assertThat(ended).singleElement().satisfies(e -> assertThat(e.details()).containsEntry("expired", true).containsEntry("daysLeft", -1L));
        // renewed: the state ends, nothing to say until the new one nears its end
        ServerCertificate renewed = new ServerCertificate(far.server(), far.subject(), T0.plus(Duration.ofDays(400)));
        assertThat(poll(at(T0.plus(Duration.ofDays(33)), List.of(up("kuldiga", "kuldiga", renewed)), List.of()))).isEmpty();
    }

    @Test
    void theWarningIsConfigurable() {
        Observations week = new Observations(MONITOR, "security-monitor", Duration.ofDays(7), Duration.ofDays(1));
        ServerCertificate tenDays = new ServerCertificate("ldaps://a:636", "CN=a", T0.plus(Duration.ofDays(10)));
        assertThat(week.observe(at(T0, List.of(up("a", "a", tenDays)), List.of())).events()).isEmpty();
        assertThat(observations.observe(at(T0, List.of(up("a", "a", tenDays)), List.of())).events()).hasSize(1);
    }

    @Test
    void anActiveTrustPastItsReviewIsOverdueOnceADayOthersAreNot() {
        Instant due = T0.minus(Duration.ofDays(3));
        Trust overdue = new Trust("7f1c", "kuldiga", "talsi", "talsi", "ACTIVE", due);
        Trust suspended = new Trust("8a2d", "kuldiga", "ventspils", "ventspils", "SUSPENDED", due);
        Trust proposed = new Trust("9b3e", "talsi", "kuldiga", "kuldiga", "PROPOSED", null);
        Trust current = new Trust("a04f", "talsi", "ventspils", "ventspils", "ACTIVE", T0.plus(Duration.ofDays(200)));
        List<Trust> trusts = List.of(overdue, suspended, proposed, current);
        assertThat(poll(at(T0, List.of(), trusts))).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("TRUST_REVIEW_OVERDUE");
            assertThat(e.targetType()).isEqualTo("trust");
            assertThat(e.targetId()).isEqualTo("7f1c");
            assertThat(e.details()).containsEntry("municipality", "kuldiga").containsEntry("trustedDirectory", "talsi")
                    .containsEntry("nextReview", due.toString()).containsEntry("daysOverdue", 3L);
        });
        assertThat(poll(at(T0.plus(Duration.ofHours(23)), List.of(), trusts))).isEmpty();
        assertThat(poll(at(T0.plus(Duration.ofDays(1)), List.of(), trusts))).hasSize(1);
        // reviewed: the next review is a year away
        Trust reviewed = new Trust("7f1c", "kuldiga", "talsi", "talsi", "ACTIVE", T0.plus(Duration.ofDays(366)));
        assertThat(poll(at(T0.plus(Duration.ofDays(1)).plusSeconds(60), List.of(), List.of(reviewed)))).isEmpty();
    }
}
