package lv.pasvaldibas.monitor.signin;

/**
 * Why a SAML message was refused: the code goes to the audit log, the words to the person (Latvian and
 * English). Every check of the service provider ends in one of these, never in a half-signed-in state.
 */
public enum SignInRefusal {
    MALFORMED("malformed", "SAML ziņojums nav nolasāms.", "The SAML message cannot be read."),
    DOCTYPE("doctype", "XML ar DOCTYPE vai ārējām entītijām netiek pieņemts.", "XML with a DOCTYPE or external entities is not accepted."),
    SIGNATURE_WRAPPING("signature-wrapping", "Atbildē jābūt tieši vienam parakstītam apgalvojumam.",
            "The response must carry exactly one signed assertion."),
    UNSIGNED("unsigned", "Atbilde vai apgalvojums nav parakstīts.", "The response or its assertion is not signed."),
    BAD_SIGNATURE("bad-signature", "Paraksts nav derīgs vai nav identitātes nodrošinātāja atslēgas.",
            "The signature is not valid or not made by the identity provider's key."),
    WRONG_ISSUER("wrong-issuer", "Atbildi nav izdevis platformas identitātes nodrošinātājs.",
            "The response was not issued by the platform's identity provider."),
    WRONG_DESTINATION("wrong-destination", "Atbilde adresēta citai vietai.", "The response is addressed elsewhere."),
    WRONG_AUDIENCE("wrong-audience", "Apgalvojums izdots citai lietotnei.", "The assertion was issued for another application."),
    EXPIRED("expired", "Apgalvojuma derīguma laiks ir beidzies vai vēl nav sācies.", "The assertion has expired or is not valid yet."),
    UNSOLICITED("unsolicited", "Šī lietotne šo pieteikšanos nepieprasīja.", "This application did not ask for this sign-in."),
    REPLAYED("replayed", "Šis apgalvojums jau ir izmantots.", "This assertion has already been used."),
    NOT_SUCCESS("not-success", "Identitātes nodrošinātājs pieteikšanos neapstiprināja.", "The identity provider did not confirm the sign-in."),
    NO_ROLE("no-role", "Jums nav drošības speciālista lomas.", "You do not hold a security officer role.");

    private final String code;
    private final String latvian;
    private final String english;

    SignInRefusal(String code, String latvian, String english) {
        this.code = code;
        this.latvian = latvian;
        this.english = english;
    }

    /** The reason as it is written to the audit log. */
    public String code() {
        return code;
    }

    public String message(String language) {
        return "lv".equals(language) ? latvian : english;
    }
}
