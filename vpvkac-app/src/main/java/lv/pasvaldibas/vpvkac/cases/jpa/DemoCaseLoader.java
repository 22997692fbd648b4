package lv.pasvaldibas.vpvkac.cases.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent.Outcome;
import lv.pasvaldibas.vpvkac.cases.DemoCases;
import lv.pasvaldibas.vpvkac.cases.Deadline;
import lv.pasvaldibas.vpvkac.cases.LatvianCalendar;
import lv.pasvaldibas.vpvkac.cases.StatusChange;
import lv.pasvaldibas.vpvkac.catalogue.jpa.CentreEntity;
import lv.pasvaldibas.vpvkac.client.jpa.ClientEntity;
import lv.pasvaldibas.vpvkac.platform.web.AuditTrail;

/** Stores {@link DemoCases} with their histories, in one transaction, recorded in the audit log as one load by the system. */
@ApplicationScoped
@Transactional
public class DemoCaseLoader {

    @PersistenceContext(unitName = "vpvkac")
    EntityManager em;
    @Inject
    AuditTrail audit;

    public int load(List<DemoCases.Planned> planned) {
        Map<String, CentreEntity> centres = new HashMap<>();
        em.createQuery("select c from CentreEntity c order by c.id", CentreEntity.class).getResultList()
                .forEach(c -> centres.putIfAbsent(c.municipality(), c));
        int changes = 0;
        for (DemoCases.Planned p : planned) {
            CentreEntity centre = centres.get(p.municipality());
            if (centre == null) {
                throw new IllegalStateException("no demo centre in " + p.municipality());
            }
            ClientEntity client = new ClientEntity(p.municipality(), p.client(), audit.clientReference(p.client()), p.receivedAt());
            em.persist(client);
            Deadline deadline = Deadline.of(p.receivedAt(), p.service().deadlineWorkingDays(), LatvianCalendar.STANDARD);
            StatusChange registered = StatusChange.registered(p.receivedAt(), p.actor(), null);
            CaseEntity entity = new CaseEntity(p.municipality(), centre, p.service().code(), p.service().institutionCode(), client,
                    p.channel(), null, p.receivedAt(), deadline.due(), p.actor());
            em.persist(entity);
            em.flush();
            em.persist(new StatusChangeEntity(entity.id, registered));
            for (StatusChange change : p.changes()) {
                entity.apply(change);
                em.persist(new StatusChangeEntity(entity.id, change));
                changes++;
            }
        }
        audit.record(null, "VPVKAC_DEMO_CASES_LOADED", Outcome.SUCCESS, "case", null,
                Map.of("cases", planned.size(), "statusChanges", changes));
        return planned.size();
    }
}
