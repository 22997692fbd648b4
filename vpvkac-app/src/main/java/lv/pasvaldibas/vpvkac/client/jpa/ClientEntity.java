package lv.pasvaldibas.vpvkac.client.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import lv.pasvaldibas.vpvkac.client.Client;
import lv.pasvaldibas.vpvkac.client.Contact;
import lv.pasvaldibas.vpvkac.client.PersonalCode;
import lv.pasvaldibas.vpvkac.client.RegistrationNumber;

/**
 * A client of one municipality's centres (table {@code client}). The personal code is kept in
 * clear only here; {@code codeRef} is its keyed hash, what the audit log names.
 */
@Entity
@Table(name = "client")
public class ClientEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    String municipality;
    String kind;
    @Column(name = "personal_code")
    String personalCode;
    @Column(name = "code_ref")
    String codeRef;
    @Column(name = "given_name")
    String givenName;
    String surname;
    @Column(name = "org_name")
    String orgName;
    @Column(name = "reg_number")
    String regNumber;
    String email;
    String phone;
    @Column(name = "created_at")
    Instant createdAt;

    protected ClientEntity() {
    }

    public ClientEntity(String municipality, Client client, String codeRef, Instant createdAt) {
        this.municipality = municipality;
        this.codeRef = codeRef;
        this.createdAt = createdAt;
        update(client);
    }

    /** Takes the name and contact given now; the code or number that identifies the client never changes. */
    public void update(Client client) {
        switch (client) {
            case Client.Person person -> {
                kind = "PERSON";
                personalCode = person.personalCode().canonical();
                givenName = person.givenName();
                surname = person.surname();
            }
            case Client.Organisation organisation -> {
                kind = "ORGANISATION";
                regNumber = organisation.registrationNumber().digits();
                orgName = organisation.name();
            }
        }
        email = client.contact().email();
        phone = client.contact().phone();
    }

    public Client toClient() {
        Contact contact = new Contact(email, phone);
        return "PERSON".equals(kind)
                ? new Client.Person(PersonalCode.parse(personalCode), givenName, surname, contact)
                : new Client.Organisation(RegistrationNumber.parse(regNumber), orgName, contact);
    }

    public Long id() {
        return id;
    }

    public String municipality() {
        return municipality;
    }

    public String codeRef() {
        return codeRef;
    }
}
