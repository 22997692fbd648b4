package lv.pasvaldibas.monitor.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * The monthly evidence report: for each control of the catalogue, the month's measures that are its
 * evidence. It maps evidence; it does not say whether a control is met.
 */
public record Report(YearMonth month, Scope scope, Instant from, Instant to, Instant generatedAt, ControlCatalogue catalogue,
                     MonthlyEvidence evidence) {

    /** Months are Riga's calendar months: the platform's users and officers live by that clock. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Riga");

    public static Report of(YearMonth month, Scope scope, Instant generatedAt, ControlCatalogue catalogue, MonthlyEvidence evidence) {
        return new Report(month, scope, start(month), start(month.plusMonths(1)), generatedAt, catalogue, evidence);
    }

    /** The first instant of the month in Riga. */
    public static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZONE).toInstant();
    }

    /** Each control with its measures' summaries, in the catalogue's order. */
    public List<ControlEvidence> controls() {
        return catalogue.controls().stream()
                .map(c -> new ControlEvidence(c, c.evidence().stream().map(m -> ReportText.summary(m, evidence)).toList()))
                .toList();
    }

    public record ControlEvidence(Control control, List<ReportText.Bilingual> summaries) {
    }
}
