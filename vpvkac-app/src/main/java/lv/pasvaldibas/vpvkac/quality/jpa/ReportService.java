package lv.pasvaldibas.vpvkac.quality.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lv.pasvaldibas.audit.AuditEvent.Outcome;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.cases.Deadline;
import lv.pasvaldibas.vpvkac.quality.CaseFacts;
import lv.pasvaldibas.vpvkac.quality.Dimension;
import lv.pasvaldibas.vpvkac.quality.Indicators;
import lv.pasvaldibas.vpvkac.quality.OpenDataRow;
import lv.pasvaldibas.vpvkac.quality.OpenDataSuppression;
import lv.pasvaldibas.vpvkac.quality.QualityIndicators;
import lv.pasvaldibas.vpvkac.quality.ReportRefusal;
import lv.pasvaldibas.vpvkac.platform.web.AuditTrail;

/**
 * Quality indicators of the caller's municipality for whole months, computed by the plain core
 * ({@link QualityIndicators}) over the cases' facts, and the open-data rows made from them. Reads
 * at most {@value #MAX_MONTHS} months. Supervisors and admins only.
 */
@ApplicationScoped
@Transactional
public class ReportService {

    public static final int MAX_MONTHS = 36;

    @PersistenceContext(unitName = "vpvkac")
    EntityManager em;
    @Inject
    AuditTrail audit;

    public List<Indicators> quality(Caller caller, YearMonth from, YearMonth to, Set<Dimension> by) {
        requireSupervisor(caller);
        List<Indicators> indicators = QualityIndicators.compute(facts(caller, from, to), by, Instant.now());
        audit.record(caller, "VPVKAC_REPORT_READ", Outcome.SUCCESS, "report", "quality",
                Map.of("from", from.toString(), "to", to.toString(), "by", by.stream().map(Enum::name).sorted().toList()));
        return indicators;
    }

    /** The open-data rows: by month, institution, service and channel, no centre, counts under 5 suppressed. */
    public List<OpenDataRow> openData(Caller caller, YearMonth from, YearMonth to) {
        requireSupervisor(caller);
        List<OpenDataRow> rows = OpenDataSuppression.rows(QualityIndicators.compute(facts(caller, from, to),
                Set.of(Dimension.MUNICIPALITY, Dimension.INSTITUTION, Dimension.SERVICE, Dimension.CHANNEL), Instant.now()));
        audit.record(caller, "VPVKAC_OPEN_DATA_EXPORTED", Outcome.SUCCESS, "report", "open-data",
                Map.of("from", from.toString(), "to", to.toString(), "rows", rows.size()));
        return rows;
    }

    private List<CaseFacts> facts(Caller caller, YearMonth from, YearMonth to) {
        if (to.isBefore(from) || from.plusMonths(MAX_MONTHS - 1L).isBefore(to)) {
            throw new ReportRefusal(ReportRefusal.Reason.PERIOD, "period " + from + ".." + to, MAX_MONTHS);
        }
        Instant start = from.atDay(1).atStartOfDay(Deadline.ZONE).toInstant();
        Instant end = to.plusMonths(1).atDay(1).atStartOfDay(Deadline.ZONE).toInstant();
        return em.createQuery("select new lv.pasvaldibas.vpvkac.quality.CaseFacts(c.serviceCode, c.institutionCode, c.municipality,"
                        + " cast(c.centre.id as String), c.channel, c.receivedAt, c.firstActionAt, c.resultReadyAt, c.deliveredAt, c.dueOn, c.status)"
                        + " from CaseEntity c where c.municipality = :m and c.receivedAt >= :start and c.receivedAt < :end", CaseFacts.class)
                .setParameter("m", caller.municipality()).setParameter("start", start).setParameter("end", end)
                .getResultList();
    }

    private static void requireSupervisor(Caller caller) {
        if (!caller.has(Caller.Role.SUPERVISOR) && !caller.has(Caller.Role.ADMIN)) {
            throw new ForbiddenException();
        }
    }
}
