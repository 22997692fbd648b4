package lv.pasvaldibas.monitor.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import lv.pasvaldibas.monitor.pdf.ReportPdf;
import lv.pasvaldibas.monitor.report.ControlCatalogue;
import lv.pasvaldibas.monitor.report.MonthlyEvidence;
import lv.pasvaldibas.monitor.report.Report;
import lv.pasvaldibas.monitor.report.ReportJson;
import lv.pasvaldibas.monitor.report.Scope;

/**
 * The monthly evidence report, for the web layer: {@link #build} reads the month's measures from the audit
 * log and the monitor's database (blocking JDBC: call it off the event loop), {@link #json} and {@link #pdf}
 * render it. Who may see which scope, and recording the download, are the caller's.
 */
public final class MonthlyReports {

    private final Watcher.Connections audit;
    private final Watcher.Connections monitor;
    private final Clock clock;
    private final ControlCatalogue catalogue;

    public MonthlyReports(Watcher.Connections audit, Watcher.Connections monitor, Clock clock) {
        this(audit, monitor, clock, ControlCatalogue.shipped());
    }

    public MonthlyReports(Watcher.Connections audit, Watcher.Connections monitor, Clock clock, ControlCatalogue catalogue) {
        this.audit = audit;
        this.monitor = monitor;
        this.clock = clock;
        this.catalogue = catalogue;
    }

    /** The report of a Riga calendar month, for the whole platform or one municipality. */
    public Report build(YearMonth month, Scope scope) throws SQLException {
        MonthlyEvidence evidence;
        try (Connection a = audit.open(); Connection m = monitor.open()) {
            // both passes see one snapshot of the log, so the month's numbers add up
            a.setReadOnly(true);
            a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            a.setAutoCommit(false);
            try {
                evidence = EvidenceQueries.measure(a, m, Report.start(month), Report.start(month.plusMonths(1)), scope);
            } finally {
                a.rollback();
            }
        }
        return Report.of(month, scope, clock.instant(), catalogue, evidence);
    }

    public byte[] json(Report report) {
        return ReportJson.of(report);
    }

    public byte[] pdf(Report report) {
        return ReportPdf.of(report);
    }
}
