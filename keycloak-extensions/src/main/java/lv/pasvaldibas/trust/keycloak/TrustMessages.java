package lv.pasvaldibas.trust.keycloak;

import lv.pasvaldibas.trust.TrustRuleException;

/** The Latvian half of a refused trust change; the English half is the rule's own message. */
final class TrustMessages {

    private TrustMessages() {
    }

    static String latvian(TrustRuleException.Rule rule) {
        return switch (rule) {
            case INVALID -> "Nederīga uzticēšanās";
            case SAME_MUNICIPALITY -> "Pašvaldībai nav vajadzīga uzticēšanās saviem katalogiem";
            case NOT_A_PARTY -> "Jūsu pašvaldība nav šīs uzticēšanās puse";
            case OWN_PROPOSAL -> "Savu priekšlikumu apstiprināt nevar: to dara otra puse";
            case WRONG_STATE -> "Uzticēšanās pašreizējā stāvoklī to nevar darīt";
            case NOT_THE_SUSPENDING_SIDE -> "Atjaunot var tikai tā puse, kas apturēja";
            case REASON_REQUIRED -> "Norādiet iemeslu";
        };
    }
}
