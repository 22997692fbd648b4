package lv.pasvaldibas.vpvkac.catalogue.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import lv.pasvaldibas.vpvkac.catalogue.Institution;

/** A state or municipal institution that provides services (table {@code institution}). */
@Entity
@Table(name = "institution")
public class InstitutionEntity {

    @Id
    String code;
    String name;

    protected InstitutionEntity() {
    }

    InstitutionEntity(Institution institution) {
        this.code = institution.code();
        this.name = institution.name();
    }

    public Institution toInstitution() {
        return new Institution(code, name);
    }

    void update(Institution institution) {
        this.name = institution.name();
    }
}
