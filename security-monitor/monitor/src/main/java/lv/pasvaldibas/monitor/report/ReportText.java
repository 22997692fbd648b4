package lv.pasvaldibas.monitor.report;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.AlertHandling;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.DisabledAccountUse;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.TypeCount;

/** Every sentence a person reads in the report, Latvian and English, made here once for the JSON and the PDF. */
public final class ReportText {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Report.ZONE);

    /** A sentence in both languages. */
    public record Bilingual(String lv, String en) {
    }

    private ReportText() {
    }

    public static final Bilingual STATEMENT = new Bilingual(
            "Šis pārskats sasaista platformas mēneša mērījumus ar noteikumu prasībām un norāda, kur glabājas pierādījumi. "
                    + "Tas nav atbilstības apliecinājums: vai prasība ir izpildīta, izvērtē drošības pārvaldnieks.",
            "This report maps what the platform measured in the month to the regulation's controls and says where the evidence is. "
                    + "It does not claim compliance: whether a control is met is for the security officer to judge.");

    public static Bilingual title(Report report) {
        return new Bilingual("Mēneša pierādījumu pārskats " + report.month(), "Monthly evidence report " + report.month());
    }

    public static Bilingual scope(Scope scope) {
        return scope.municipality()
                .map(m -> new Bilingual("Tvērums: pašvaldība " + m, "Scope: municipality " + m))
                .orElse(new Bilingual("Tvērums: visa platforma", "Scope: the whole platform"));
    }

    public static Bilingual period(Report report) {
        return new Bilingual("Periods: " + WHEN.format(report.from()) + " – " + WHEN.format(report.to()) + " (Rīgas laiks); izveidots "
                + WHEN.format(report.generatedAt()) + "; audita ieraksti: " + report.evidence().records(),
                "Period: " + WHEN.format(report.from()) + " – " + WHEN.format(report.to()) + " (Riga time); made "
                        + WHEN.format(report.generatedAt()) + "; audit records: " + report.evidence().records());
    }

    public static Bilingual reference(Control control) {
        return control.referenceConfirmed()
                ? new Bilingual("Atsauce: " + control.reference(), "Reference: " + control.reference())
                : new Bilingual("Atsauce (vēl jāpārbauda): " + control.reference(), "Reference (still to be confirmed): " + control.reference());
    }

    /** One measure of the month in a sentence. */
    public static Bilingual summary(Measure measure, MonthlyEvidence e) {
        return switch (measure) {
            case AUDIT_INTEGRITY -> integrity(e.integrity());
            case FAILED_SIGN_INS -> {
                long ok = e.succeededSignIns();
                long failed = e.failedSignIns();
                String rate = percent(ok + failed == 0 ? 0 : failed * 1.0 / (ok + failed));
                yield new Bilingual("Pieslēgšanās: " + ok + " izdevušās, " + failed + " neizdevušās (" + rate + "), " + e.signIns().size() + " direktorijās",
                        "Sign-ins: " + ok + " succeeded, " + failed + " failed (" + rate + "), in " + e.signIns().size() + " directories");
            }
            case DISABLED_ACCOUNT_SIGN_INS -> {
                long attempts = e.disabledAccounts().stream().mapToLong(DisabledAccountUse::attempts).sum();
                long accounts = e.disabledAccounts().stream().mapToLong(DisabledAccountUse::accounts).sum();
                yield new Bilingual("Atspējotu kontu lietošanas mēģinājumi: " + attempts + " (" + accounts + " konti)",
                        "Attempts to use disabled accounts: " + attempts + " (" + accounts + " accounts)");
            }
            case TRUST_CHANGES -> {
                long ok = e.trustChanges().stream().mapToLong(TypeCount::succeeded).sum();
                long refused = e.trustChanges().stream().mapToLong(TypeCount::refused).sum();
                yield new Bilingual("Uzticēšanās izmaiņas: " + ok + " veiktas, " + refused + " atteiktas",
                        "Trust changes: " + ok + " made, " + refused + " refused");
            }
            case TRUSTS_OVERDUE -> new Bilingual("Uzticēšanās ar nokavētu pārskatīšanu mēneša beigās: " + e.overdueTrusts().size(),
                    "Trusts overdue for review at the month's end: " + e.overdueTrusts().size());
            case ADMIN_ACTIONS -> {
                long ok = e.adminActions().stream().mapToLong(TypeCount::succeeded).sum();
                long refused = e.adminActions().stream().mapToLong(TypeCount::refused).sum();
                yield new Bilingual("Administratoru darbības: " + ok + " veiktas, " + refused + " neizdevušās vai atteiktas",
                        "Administrator actions: " + ok + " done, " + refused + " failed or refused");
            }
            case ALERTS -> {
                long raised = e.alerts().stream().mapToLong(AlertHandling::raised).sum();
                long acknowledged = e.alerts().stream().mapToLong(AlertHandling::acknowledged).sum();
                long closed = e.alerts().stream().mapToLong(AlertHandling::closed).sum();
                long open = e.alerts().stream().mapToLong(AlertHandling::stillOpen).sum();
                yield new Bilingual("Brīdinājumi: " + raised + " izvirzīti, " + acknowledged + " apstiprināti, " + closed + " slēgti, " + open + " vēl atvērti",
                        "Alerts: " + raised + " raised, " + acknowledged + " acknowledged, " + closed + " closed, " + open + " still open");
            }
        };
    }

    private static Bilingual integrity(MonthlyEvidence.Integrity i) {
        String latestLv = i.latestAt() == null ? "pārbaude nav reģistrēta" : "pēdējā " + WHEN.format(i.latestAt()) + ": " + i.latestResult();
        String latestEn = i.latestAt() == null ? "no check recorded" : "latest " + WHEN.format(i.latestAt()) + ": " + i.latestResult();
        return new Bilingual("Audita žurnāla pārbaudes: " + i.checks() + " (" + i.brokenChecks() + " atrada bojājumu); " + latestLv
                + "; ķēdes bojājuma brīdinājumi: " + i.chainBreakAlerts(),
                "Audit log checks: " + i.checks() + " (" + i.brokenChecks() + " found a break); " + latestEn + "; chain-break alerts: " + i.chainBreakAlerts());
    }

    public static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f %%", share * 100);
    }

    public static String when(java.time.Instant at) {
        return at == null ? "–" : WHEN.format(at);
    }
}
