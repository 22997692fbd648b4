package lv.pasvaldibas.vpvkac.cases.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent.Outcome;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.cases.CaseRefusal;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.CaseView;
import lv.pasvaldibas.vpvkac.cases.Deadline;
import lv.pasvaldibas.vpvkac.cases.LatvianCalendar;
import lv.pasvaldibas.vpvkac.cases.NewCase;
import lv.pasvaldibas.vpvkac.cases.StatusChange;
import lv.pasvaldibas.vpvkac.cases.Workflow;
import lv.pasvaldibas.vpvkac.catalogue.Service;
import lv.pasvaldibas.vpvkac.catalogue.jpa.CentreEntity;
import lv.pasvaldibas.vpvkac.catalogue.jpa.ServiceEntity;
import lv.pasvaldibas.vpvkac.client.Client;
import lv.pasvaldibas.vpvkac.client.jpa.ClientEntity;
import lv.pasvaldibas.vpvkac.platform.web.AuditTrail;

/**
 * Registering, reading and moving service applications, each action audited inside its own
 * transaction. A caller sees only their municipality's cases: anyone else's id is "not found".
 */
@ApplicationScoped
@Transactional
public class CaseService {

    public static final int MAX_PAGE_SIZE = 200;

    @PersistenceContext(unitName = "vpvkac")
    EntityManager em;
    @Inject
    AuditTrail audit;

    private final Clock clock = Clock.systemUTC();

    /** Registers a case at a centre; the case belongs to the centre's municipality (a trust may lend its queue). */
    public CaseView register(Caller caller, NewCase request) {
        requireAnyRole(caller);
        ServiceEntity serviceEntity = em.find(ServiceEntity.class, request.serviceCode());
        if (serviceEntity == null || !serviceEntity.active()) {
            throw new CaseRefusal(CaseRefusal.Reason.UNKNOWN_SERVICE, "unknown service", request.serviceCode());
        }
        Service service = serviceEntity.toService();
        if (!service.channels().contains(request.channel())) {
            throw new CaseRefusal(CaseRefusal.Reason.CHANNEL_NOT_OFFERED, "channel not offered", request.channel());
        }
        CentreEntity centre = em.find(CentreEntity.class, request.centreId());
        if (centre == null || !caller.sees(centre.municipality())) {
            throw new CaseRefusal(CaseRefusal.Reason.UNKNOWN_CENTRE, "no such centre in the caller's municipality");
        }
        requireCaseWorker(caller, centre.municipality());
        Instant now = clock.instant();
        StatusChange registered = StatusChange.registered(now, caller.username(), request.note());
        ClientEntity client = clientOf(centre.municipality(), request.client(), now);
        Deadline deadline = Deadline.of(now, service.deadlineWorkingDays(), LatvianCalendar.STANDARD);
        CaseEntity entity = new CaseEntity(centre.municipality(), centre, service.code(), service.institutionCode(), client,
                request.channel(), registered.note(), now, deadline.due(), caller.username());
        em.persist(entity);
        em.flush();
        em.persist(new StatusChangeEntity(entity.id, registered));
        audit.record(caller, "VPVKAC_CASE_REGISTERED", Outcome.SUCCESS, "case", entity.id.toString(), Map.of(
                "service", service.code(), "centre", centre.id(), "channel", request.channel().name(), "client", client.codeRef(),
                "municipality", entity.municipality));
        return view(entity);
    }

    /**
     * The municipality's record of the client, created on their first case. Registrations of one
     * client take turns (a lock on the client's keyed reference until the transaction ends), so two
     * desks registering a new client at once make one record, not a unique-key failure for one of them.
     */
    private ClientEntity clientOf(String municipality, Client client, Instant now) {
        String reference = audit.clientReference(client);
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(?1, 0))")
                .setParameter(1, municipality + ":" + reference).getSingleResult();
        List<ClientEntity> known = switch (client) {
            case Client.Person person -> em.createQuery(
                            "select c from ClientEntity c where c.municipality = :m and c.personalCode = :code", ClientEntity.class)
                    .setParameter("m", municipality).setParameter("code", person.personalCode().canonical()).getResultList();
            case Client.Organisation organisation -> em.createQuery(
                            "select c from ClientEntity c where c.municipality = :m and c.regNumber = :number", ClientEntity.class)
                    .setParameter("m", municipality).setParameter("number", organisation.registrationNumber().digits()).getResultList();
        };
        if (!known.isEmpty()) {
            known.get(0).update(client);
            return known.get(0);
        }
        ClientEntity created = new ClientEntity(municipality, client, reference, now);
        em.persist(created);
        return created;
    }

    public CaseView get(Caller caller, long id) {
        requireAnyRole(caller);
        CaseEntity entity = visible(caller, id);
        audit.record(caller, "VPVKAC_CASE_READ", Outcome.SUCCESS, "case", Long.toString(id), Map.of("client", entity.client.codeRef(), "municipality", entity.municipality));
        return view(entity);
    }

    /** A page of a centre's queue (or all the centres the caller sees), oldest first, optionally of one status. */
    public List<CaseView.Row> queue(Caller caller, Long centreId, CaseStatus status, int page, int size) {
        requireAnyRole(caller);
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        var query = em.createQuery("select c from CaseEntity c join fetch c.client join fetch c.centre where c.municipality in :m"
                        + (centreId == null ? "" : " and c.centre.id = :centre")
                        + (status == null ? "" : " and c.status = :status")
                        + " order by c.receivedAt, c.id", CaseEntity.class)
                .setParameter("m", caller.visibleMunicipalities())
                .setFirstResult(Math.max(0, page) * pageSize)
                .setMaxResults(pageSize);
        if (centreId != null) {
            query.setParameter("centre", centreId);
        }
        if (status != null) {
            query.setParameter("status", status);
        }
        Instant now = clock.instant();
        List<CaseView.Row> rows = query.getResultList().stream().map(c -> {
            Client client = c.client.toClient();
            return new CaseView.Row(c.id, c.centre.id(), c.serviceCode, client.displayName(), masked(client), c.channel, c.status,
                    c.assignee, c.receivedAt, c.dueOn, new Deadline(c.dueOn).overdue(c.status, now));
        }).toList();
        Map<String, Object> details = new HashMap<>();
        details.put("rows", rows.size());
        details.put("page", page);
        if (centreId != null) {
            details.put("centre", centreId);
        }
        audit.record(caller, "VPVKAC_QUEUE_READ", Outcome.SUCCESS, "centre", centreId == null ? null : centreId.toString(), details);
        return rows;
    }

    /**
     * Moves a case to {@code to} if the workflow allows it and nobody changed the case since the
     * caller read {@code expectedVersion}.
     */
    public CaseView move(Caller caller, long id, CaseStatus to, String note, int expectedVersion) {
        CaseEntity entity = visible(caller, id);
        requireCaseWorker(caller, entity.municipality);
        if (entity.version != expectedVersion) {
            throw new CaseRefusal(CaseRefusal.Reason.CHANGED_MEANWHILE, "case changed since version " + expectedVersion);
        }
        Workflow.requireAllowed(entity.status, to);
        StatusChange change = new StatusChange(entity.status, to, clock.instant(), caller.username(), note);
        entity.apply(change);
        entity.assignee = caller.username();
        em.persist(new StatusChangeEntity(entity.id, change));
        em.flush();
        audit.record(caller, "VPVKAC_CASE_MOVED", Outcome.SUCCESS, "case", Long.toString(id),
                Map.of("from", change.from().name(), "to", to.name(), "client", entity.client.codeRef(),
                        "municipality", entity.municipality));
        return view(entity);
    }

    /** The client's personal code in full: an explicit, audited act. */
    public String showPersonalCode(Caller caller, long caseId) {
        CaseEntity entity = visible(caller, caseId);
        requireCaseWorker(caller, entity.municipality);
        audit.record(caller, "VPVKAC_PERSONAL_CODE_SHOWN", Outcome.SUCCESS, "case", Long.toString(caseId),
                Map.of("client", entity.client.codeRef(), "municipality", entity.municipality));
        return switch (entity.client.toClient()) {
            case Client.Person person -> person.personalCode().canonical();
            case Client.Organisation organisation -> organisation.registrationNumber().digits();
        };
    }

    private CaseEntity visible(Caller caller, long id) {
        CaseEntity entity = em.find(CaseEntity.class, id);
        if (entity == null || !caller.sees(entity.municipality)) {
            throw new NotFoundException();
        }
        return entity;
    }

    private CaseView view(CaseEntity c) {
        List<StatusChange> history = em.createQuery("select s from StatusChangeEntity s where s.caseId = :id order by s.at, s.id",
                StatusChangeEntity.class).setParameter("id", c.id).getResultList().stream().map(StatusChangeEntity::toStatusChange).toList();
        Client client = c.client.toClient();
        return new CaseView(c.id, c.municipality, c.centre.id(), c.centre.name(), c.serviceCode, c.institutionCode, c.client.id(),
                client.displayName(), masked(client), c.channel, c.status, c.assignee, c.notes, c.receivedAt, c.dueOn,
                new Deadline(c.dueOn).overdue(c.status, clock.instant()), history, c.version);
    }

    private static String masked(Client client) {
        return switch (client) {
            case Client.Person person -> person.personalCode().masked();
            case Client.Organisation organisation -> organisation.registrationNumber().digits();
        };
    }

    private static void requireAnyRole(Caller caller) {
        if (caller.visibleMunicipalities().isEmpty()) {
            throw new ForbiddenException();
        }
    }

    private static void requireCaseWorker(Caller caller, String owner) {
        if (!caller.worksCasesIn(owner)) {
            throw new ForbiddenException();
        }
    }
}
