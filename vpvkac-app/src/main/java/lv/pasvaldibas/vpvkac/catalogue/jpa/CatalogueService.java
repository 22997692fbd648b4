package lv.pasvaldibas.vpvkac.catalogue.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lv.pasvaldibas.audit.AuditEvent.Outcome;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueImport;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueNames;
import lv.pasvaldibas.vpvkac.catalogue.Institution;
import lv.pasvaldibas.vpvkac.catalogue.Service;
import lv.pasvaldibas.vpvkac.platform.web.AuditTrail;

/** The service catalogue, its institutions and the centres: read by everyone who works here, changed by admins. */
@ApplicationScoped
@Transactional
public class CatalogueService {

    @PersistenceContext(unitName = "vpvkac")
    EntityManager em;
    @Inject
    AuditTrail audit;

    public List<Service> services() {
        return em.createQuery("select s from ServiceEntity s where s.active = true order by s.code", ServiceEntity.class)
                .getResultList().stream().map(ServiceEntity::toService).toList();
    }

    /** The centres whose queues the caller sees: their own municipality's, and those a trust lends them. */
    public List<CentreEntity> centres(Caller caller) {
        if (caller.visibleMunicipalities().isEmpty()) {
            return List.of();
        }
        return em.createQuery("select c from CentreEntity c where c.municipality in :m order by c.municipality, c.name", CentreEntity.class)
                .setParameter("m", caller.visibleMunicipalities()).getResultList();
    }

    /**
     * Adds or updates the imported institutions and services (a bad row was already left out by
     * {@link CatalogueImport}); services the file does not name stay as they are. {@code caller}
     * null: the demo data at start-up, audited as the system.
     */
    public int importCatalogue(Caller caller, CatalogueImport.Result result) {
        if (caller != null && !caller.has(Caller.Role.ADMIN)) {
            throw new ForbiddenException();
        }
        for (Institution institution : result.institutions()) {
            InstitutionEntity known = em.find(InstitutionEntity.class, institution.code());
            if (known == null) {
                em.persist(new InstitutionEntity(institution));
            } else {
                known.update(institution);
            }
        }
        em.flush();
        for (Service service : result.services()) {
            ServiceEntity known = em.find(ServiceEntity.class, service.code());
            if (known == null) {
                em.persist(new ServiceEntity(service));
            } else {
                known.update(service);
            }
        }
        audit.record(caller, "VPVKAC_CATALOGUE_IMPORTED", Outcome.SUCCESS, "catalogue", null,
                Map.of("services", result.services().size(), "institutions", result.institutions().size(), "rowErrors", result.errors().size()));
        return result.services().size();
    }

    /**
     * Adds a centre unless the municipality has one of that name; only that municipality's own admin
     * may (seeing it through a trust is not enough: administration is never lent).
     */
    public CentreEntity addCentre(Caller caller, String municipality, String name, String address) {
        if (caller != null && !caller.rolesIn(municipality).contains(Caller.Role.ADMIN)) {
            throw new ForbiddenException();
        }
        List<CentreEntity> known = em.createQuery("select c from CentreEntity c where c.municipality = :m and c.name = :n", CentreEntity.class)
                .setParameter("m", municipality).setParameter("n", name).getResultList();
        if (!known.isEmpty()) {
            return known.get(0);
        }
        CentreEntity centre = new CentreEntity(municipality, name, address);
        em.persist(centre);
        em.flush();
        audit.record(caller, "VPVKAC_CENTRE_ADDED", Outcome.SUCCESS, "centre", centre.id().toString(), Map.of("municipality", municipality));
        return centre;
    }

    /** The names of every service (withdrawn ones too: old cases still name them), institution and centre. */
    public CatalogueNames names() {
        Map<String, Service> services = em.createQuery("select s from ServiceEntity s", ServiceEntity.class).getResultStream()
                .map(ServiceEntity::toService).collect(Collectors.toMap(Service::code, service -> service));
        Map<String, String> institutions = em.createQuery("select i from InstitutionEntity i", InstitutionEntity.class).getResultStream()
                .map(InstitutionEntity::toInstitution).collect(Collectors.toMap(Institution::code, Institution::name));
        Map<String, String> centres = em.createQuery("select c from CentreEntity c", CentreEntity.class).getResultStream()
                .collect(Collectors.toMap(centre -> centre.id().toString(), CentreEntity::name));
        return new CatalogueNames(services, institutions, centres);
    }

    public boolean empty() {
        return em.createQuery("select count(s) from ServiceEntity s", Long.class).getSingleResult() == 0;
    }
}
