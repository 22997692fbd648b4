package lv.pasvaldibas.monitor.report;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/** A month of evidence with numbers that appear nowhere else, so a test can find each one in the output. */
public final class SampleEvidence {

    private SampleEvidence() {
    }

    public static MonthlyEvidence november() {
        return new MonthlyEvidence(123_457,
                new MonthlyEvidence.Integrity(719, 1, Instant.parse("2026-11-30T21:00:00Z"), "INTACT", 1),
                List.of(MonthlyEvidence.DirectorySignIns.of("kuldīga", 9_001, 999), MonthlyEvidence.DirectorySignIns.of("talsi", 4_321, 79)),
                List.of(new MonthlyEvidence.DisabledAccountUse("kuldīga", 17, 3), new MonthlyEvidence.DisabledAccountUse("ķekava-čiekurkalns", 0, 0)),
                List.of(new MonthlyEvidence.TypeCount("ADMIN_UPDATE", 41, 2), new MonthlyEvidence.TypeCount("ADMIN_CREATE", 12, 0)),
                List.of(new MonthlyEvidence.TypeCount("TRUST_APPROVE", 5, 1)),
                List.of(new MonthlyEvidence.OverdueTrust("b7f3c2d1", "kuldīga", "talsi", Instant.parse("2025-10-02T08:00:00Z"),
                        Instant.parse("2026-10-02T08:00:00Z"))),
                List.of(new MonthlyEvidence.AlertHandling("high", 7, 6, 5, 2, 42.0)));
    }

    public static Report report(Scope scope) {
        return Report.of(YearMonth.of(2026, 11), scope, Instant.parse("2026-12-01T06:00:00Z"), ControlCatalogue.shipped(), november());
    }
}
