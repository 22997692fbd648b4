package lv.pasvaldibas.vpvkac.quality.jpa;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import lv.pasvaldibas.audit.AuditEvent.Outcome;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.cases.Deadline;
import lv.pasvaldibas.vpvkac.quality.Dimension;
import lv.pasvaldibas.vpvkac.quality.Indicators;
import lv.pasvaldibas.vpvkac.quality.OpenDataRow;
import lv.pasvaldibas.vpvkac.quality.OpenDataSuppression;
import lv.pasvaldibas.vpvkac.quality.QualityIndicators;
import lv.pasvaldibas.vpvkac.quality.ReportRefusal;
import lv.pasvaldibas.vpvkac.platform.web.AuditTrail;

/**
 * Quality indicators of the caller's municipality for whole months, computed in PostgreSQL by
 * {@link QualityQuery} (decision 90; the plain core's {@link QualityIndicators} defines them and is
 * its test oracle), and the open-data rows made from them by the plain core's suppression. At most
 * {@value #MAX_MONTHS} months. Supervisors and admins only.
 */
@ApplicationScoped
@Transactional
public class ReportService {

    public static final int MAX_MONTHS = 36;

    /** The JTA datasource the persistence unit uses: the query runs in this transaction. */
    @Resource(lookup = "java:jboss/datasources/VpvkacDS")
    DataSource dataSource;
    @Inject
    AuditTrail audit;

    public List<Indicators> quality(Caller caller, YearMonth from, YearMonth to, Set<Dimension> by) {
        requireSupervisor(caller);
        List<Indicators> indicators = indicators(caller, from, to, by);
        audit.record(caller, "VPVKAC_REPORT_READ", Outcome.SUCCESS, "report", "quality",
                Map.of("from", from.toString(), "to", to.toString(), "by", by.stream().map(Enum::name).sorted().toList()));
        return indicators;
    }

    /** The open-data rows: by month, institution, service and channel, no centre, counts under 5 suppressed. */
    public List<OpenDataRow> openData(Caller caller, YearMonth from, YearMonth to) {
        requireSupervisor(caller);
        List<OpenDataRow> rows = OpenDataSuppression.rows(indicators(caller, from, to,
                Set.of(Dimension.MUNICIPALITY, Dimension.INSTITUTION, Dimension.SERVICE, Dimension.CHANNEL)));
        audit.record(caller, "VPVKAC_OPEN_DATA_EXPORTED", Outcome.SUCCESS, "report", "open-data",
                Map.of("from", from.toString(), "to", to.toString(), "rows", rows.size()));
        return rows;
    }

    private List<Indicators> indicators(Caller caller, YearMonth from, YearMonth to, Set<Dimension> by) {
        if (to.isBefore(from) || from.plusMonths(MAX_MONTHS - 1L).isBefore(to)) {
            throw new ReportRefusal(ReportRefusal.Reason.PERIOD, "period " + from + ".." + to, MAX_MONTHS);
        }
        Instant start = from.atDay(1).atStartOfDay(Deadline.ZONE).toInstant();
        Instant end = to.plusMonths(1).atDay(1).atStartOfDay(Deadline.ZONE).toInstant();
        try (Connection connection = dataSource.getConnection()) {
            return QualityQuery.compute(connection, caller.municipality(), start, end, by, Instant.now());
        } catch (SQLException e) {
            throw new IllegalStateException("The quality report could not be read", e);
        }
    }

    private static void requireSupervisor(Caller caller) {
        if (!caller.has(Caller.Role.SUPERVISOR) && !caller.has(Caller.Role.ADMIN)) {
            throw new ForbiddenException();
        }
    }
}
