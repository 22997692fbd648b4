package lv.pasvaldibas.vpvkac.client.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent.Outcome;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.client.Client;
import lv.pasvaldibas.vpvkac.client.ClientSearch;
import lv.pasvaldibas.vpvkac.platform.web.AuditTrail;

/**
 * Client search over the municipalities the caller sees (their own, and those whose queue a trust
 * lends them), with each client's latest cases. Audited: who searched, how (by code, number or
 * name), how many were found, and for a code the person's reference, never the code or the name typed.
 */
@ApplicationScoped
@Transactional
public class ClientService {

    public static final int MAX_PAGE_SIZE = 50;
    private static final int CASES_PER_CLIENT = 10;

    @PersistenceContext(unitName = "vpvkac")
    EntityManager em;
    @Inject
    AuditTrail audit;

    /** One client found: the identifier masked as in lists, and the ids of their latest cases, newest first. */
    public record Found(long id, String municipality, String kind, String name, String code, List<Long> cases) {
    }

    public List<Found> search(Caller caller, ClientSearch search, int page, int size) {
        if (caller.visibleMunicipalities().isEmpty()) {
            throw new ForbiddenException();
        }
        String where = switch (search) {
            case ClientSearch.ByPersonalCode ignored -> "c.personalCode = :q";
            case ClientSearch.ByRegistrationNumber ignored -> "c.regNumber = :q";
            case ClientSearch.ByName ignored -> "(lower(c.surname) like :q escape '\\' or lower(c.orgName) like :q escape '\\')";
        };
        Object value = switch (search) {
            case ClientSearch.ByPersonalCode byCode -> byCode.code().canonical();
            case ClientSearch.ByRegistrationNumber byNumber -> byNumber.number().digits();
            case ClientSearch.ByName byName -> byName.likePattern();
        };
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        TypedQuery<ClientEntity> query = em.createQuery("select c from ClientEntity c where c.municipality in :m and " + where
                + " order by c.surname, c.givenName, c.orgName, c.id", ClientEntity.class)
                .setParameter("m", caller.visibleMunicipalities()).setParameter("q", value)
                .setFirstResult(Math.max(0, page) * pageSize).setMaxResults(pageSize);
        List<Found> found = query.getResultList().stream().map(c -> {
            Client client = c.toClient();
            String code = switch (client) {
                case Client.Person person -> person.personalCode().masked();
                case Client.Organisation organisation -> organisation.registrationNumber().digits();
            };
            List<Long> cases = em.createQuery("select k.id from CaseEntity k where k.client.id = :id order by k.receivedAt desc, k.id desc",
                    Long.class).setParameter("id", c.id()).setMaxResults(CASES_PER_CLIENT).getResultList();
            return new Found(c.id(), c.municipality(), client instanceof Client.Person ? "PERSON" : "ORGANISATION", client.displayName(),
                    code, cases);
        }).toList();
        Map<String, Object> details = new HashMap<>();
        details.put("by", switch (search) {
            case ClientSearch.ByPersonalCode ignored -> "personalCode";
            case ClientSearch.ByRegistrationNumber ignored -> "registrationNumber";
            case ClientSearch.ByName ignored -> "name";
        });
        details.put("rows", found.size());
        if (search instanceof ClientSearch.ByPersonalCode byCode) {
            details.put("client", audit.codeReference(byCode.code()));
        }
        audit.record(caller, "VPVKAC_CLIENT_SEARCH", Outcome.SUCCESS, "client", null, details);
        return found;
    }
}
