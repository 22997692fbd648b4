package lv.pasvaldibas.vpvkac.cases;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;

/** How a client reached the service (DESIGN.md §6): one of the channels a VPVKAC accounts for. */
public enum Channel implements MessageKey {
    /** At a centre's desk. */
    IN_PERSON,
    /** The centre's own phone. */
    CENTRE_PHONE,
    /** The national latvija.lv phone line. */
    NATIONAL_PHONE_LINE,
    /** The centre's e-mail. */
    EMAIL,
    /** A specialist filing an e-service with or for the client. */
    ASSISTED_E_SERVICE;

    @Override
    public String key() {
        return "channel." + name();
    }
}
