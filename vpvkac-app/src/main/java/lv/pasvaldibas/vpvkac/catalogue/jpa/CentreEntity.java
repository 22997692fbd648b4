package lv.pasvaldibas.vpvkac.catalogue.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A client service centre of a municipality (table {@code centre}); a municipality may have several. */
@Entity
@Table(name = "centre")
public class CentreEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    String municipality;
    String name;
    String address;

    protected CentreEntity() {
    }

    public CentreEntity(String municipality, String name, String address) {
        this.municipality = municipality;
        this.name = name;
        this.address = address;
    }

    public Long id() {
        return id;
    }

    public String municipality() {
        return municipality;
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }
}
