package lv.pasvaldibas.vpvkac.client;

import java.util.Objects;
import lv.pasvaldibas.vpvkac.client.InvalidClientException.Reason;
import lv.pasvaldibas.vpvkac.text.TypedText;

/**
 * Whom a service application is for: a person, known by personal code, or an organisation, known by
 * registration number. Names are trimmed and NFC-normalised, required, at most {@value #MAX_NAME}
 * characters and free of invisible characters. {@code toString()} of a person shows the masked code
 * only: names are personal data too.
 */
public sealed interface Client permits Client.Person, Client.Organisation {

    int MAX_NAME = 200;

    Contact contact();

    /** The name shown in a case: "given name surname" or the organisation's name. */
    String displayName();

    record Person(PersonalCode personalCode, String givenName, String surname, Contact contact) implements Client {

        public Person {
            Objects.requireNonNull(personalCode, "personalCode");
            givenName = checkedName(givenName, "givenName");
            surname = checkedName(surname, "surname");
            contact = contact == null ? Contact.NONE : contact;
        }

        @Override
        public String displayName() {
            return givenName + " " + surname;
        }

        @Override
        public String toString() {
            return "Person[" + personalCode.masked() + "]";
        }
    }

    record Organisation(RegistrationNumber registrationNumber, String name, Contact contact) implements Client {

        public Organisation {
            Objects.requireNonNull(registrationNumber, "registrationNumber");
            name = checkedName(name, "name");
            contact = contact == null ? Contact.NONE : contact;
        }

        @Override
        public String displayName() {
            return name;
        }
    }

    private static String checkedName(String raw, String field) {
        String name = TypedText.clean(raw);
        if (name == null) {
            throw new InvalidClientException(Reason.NAME_REQUIRED, field, "required");
        }
        if (TypedText.length(name) > MAX_NAME) {
            throw new InvalidClientException(Reason.NAME_TOO_LONG, field, "longer than " + MAX_NAME + " characters", MAX_NAME);
        }
        if (TypedText.hasInvisible(name, false)) {
            throw new InvalidClientException(Reason.NAME_CHARACTERS, field, "control or invisible characters");
        }
        // no person's or organisation's name has them; a page that forgot to escape would run what follows
        if (name.indexOf('<') >= 0 || name.indexOf('>') >= 0) {
            throw new InvalidClientException(Reason.NAME_MARKUP, field, "angle brackets");
        }
        return name;
    }
}
