package lv.pasvaldibas.provisioning.i18n;

import java.text.MessageFormat;
import java.util.Locale;

/**
 * Every reason the daemon refuses a request, with its HTTP status and its text in Latvian and
 * English (one place for both; {@link MessageFormat} patterns, a literal apostrophe written twice).
 * The API answers {@code {"error": key, "message": text}} in the caller's language.
 */
public enum Refusal {
    INVALID_REQUEST(400, "invalid.request", "Pieprasījums nav derīgs: {0}", "The request is not valid: {0}"),
    BODY_TOO_LARGE(413, "invalid.tooLarge", "Pieprasījums ir par lielu (ne vairāk kā {0} baiti).", "The request is too large (at most {0} bytes)."),
    UNKNOWN_TEMPLATE(400, "template.unknown", "Šablons „{0}” nav zināms.", "Template ''{0}'' is not known."),
    INVALID_NAME(400, "server.name", "Servera nosaukumā var būt mazie burti, cipari un defises (1–63 rakstzīmes, sākas ar burtu).",
            "A server name has lower-case letters, digits and hyphens (1–63 characters, starting with a letter)."),
    NAME_TAKEN(409, "server.nameTaken", "Pašvaldībai jau ir serveris „{0}”.", "The municipality already has a server named ''{0}''."),
    QUOTA_EXCEEDED(409, "quota.exceeded", "Pašvaldības {0} kvota neļauj: {1}.", "Municipality {0}''s quota does not allow it: {1}."),
    NO_QUOTA(409, "quota.none", "Pašvaldībai {0} nav piešķirta kvota.", "Municipality {0} has no quota."),
    NO_ROOM(503, "placement.noRoom", "Nevienā resursdatorā nav vietas šādam serverim.", "No host has room for such a server."),
    NO_HOST(503, "placement.noHost", "Neviens resursdators nav pieejams.", "No host is available."),
    NOT_FOUND(404, "notFound", "Nav atrasts.", "Not found."),
    FORBIDDEN(403, "forbidden", "Jūsu lomas to neļauj.", "Your roles do not allow this."),
    UNAUTHENTICATED(401, "unauthenticated", "Vajadzīga derīga platformas piekļuves pilnvara.", "A valid platform access token is needed."),
    WRONG_PHASE(409, "server.phase", "Serveris ir stāvoklī {0}; tagad to nevar izdarīt.", "The server is {0}; this cannot be done now."),
    BUSY(409, "server.busy", "Serverim jau notiek darbs {0}; mēģiniet, kad tas beidzies.", "Job {0} is already under way on this server; try again when it has finished."),
    SNAPSHOT_EXISTS(409, "snapshot.exists", "Momentuzņēmums „{0}” jau ir.", "Snapshot ''{0}'' already exists."),
    SNAPSHOT_UNKNOWN(404, "snapshot.unknown", "Momentuzņēmuma „{0}” nav.", "There is no snapshot ''{0}''."),
    IDEMPOTENCY_REUSED(422, "idempotency.reused", "Šī Idempotency-Key jau izmantota citam pieprasījumam.",
            "This Idempotency-Key was already used for a different request."),
    IDEMPOTENCY_MISSING(400, "idempotency.missing", "Mainošam pieprasījumam vajadzīga galvene Idempotency-Key (1–100 rakstzīmes).",
            "A request that changes something needs an Idempotency-Key header (1–100 characters)."),
    HOST_EXISTS(409, "host.exists", "Resursdators „{0}” vai tā adrese jau ir.", "Host ''{0}'' or its address already exists."),
    HOST_NOT_EMPTY(409, "host.notEmpty", "Resursdatorā vēl ir {0} serveri; vispirms to atbrīvojiet.", "Host still has {0} servers; drain it first."),
    HOST_REMOVED(409, "host.removed", "Resursdators „{0}” jau ir izņemts no lietošanas.", "Host ''{0}'' has been taken out of use already."),
    DRAIN_BUSY(409, "host.drainBusy", "Atbrīvot vēl nevar: šiem serveriem notiek darbi: {0}. Mēģiniet, kad tie beigušies.",
            "Cannot drain yet: these servers have jobs under way: {0}. Try again when they have finished."),
    DRAIN_REFUSED(409, "host.drainRefused", "Atbrīvot nevar: šiem serveriem citur nav vietas: {0}.", "Cannot drain: these servers fit on no other host: {0}."),
    AUDIT_UNAVAILABLE(503, "audit.unavailable", "Darbību nevar ierakstīt auditā, tāpēc tā netika veikta. Mēģiniet vēlāk.",
            "The action could not be recorded in the audit log, so it was not done. Try again later."),
    INTERNAL(500, "error.internal", "Neparedzēta kļūda (incidents {0}).", "Unexpected error (incident {0}).");

    private final int status;
    private final String key;
    private final String latvian;
    private final String english;

    Refusal(int status, String key, String latvian, String english) {
        this.status = status;
        this.key = key;
        this.latvian = latvian;
        this.english = english;
    }

    public int status() {
        return status;
    }

    public String key() {
        return key;
    }

    /** The text in Latvian for {@code lv}, in English for every other language. */
    public String text(Locale locale, Object... arguments) {
        boolean latvianReader = locale != null && "lv".equals(locale.getLanguage());
        return new MessageFormat(latvianReader ? latvian : english, latvianReader ? locale : Locale.ENGLISH).format(arguments);
    }
}
