package lv.pasvaldibas.vpvkac.cases;

import java.time.Instant;
import java.util.Objects;
import lv.pasvaldibas.vpvkac.text.TypedText;

/**
 * One line of a case's history: who moved it from which status to which, when, and why. Only moves the
 * {@link Workflow} allows can be made, so a stored history is legal by construction. The first line of
 * every case is its {@linkplain #registered registration}, the only one without a {@code from}.
 *
 * @param from  the status before; null only for the registration
 * @param actor the username of who made the change (a specialist, or a system account for the data exchange)
 * @param note  optional (null), at most {@value #MAX_NOTE} characters; line breaks allowed
 */
public record StatusChange(CaseStatus from, CaseStatus to, Instant at, String actor, String note) {

    public static final int MAX_NOTE = 2_000;

    public StatusChange {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        actor = TypedText.clean(actor);
        if (actor == null) {
            throw new IllegalArgumentException("A status change needs the username of its actor");
        }
        if (from == null) {
            if (to != CaseStatus.RECEIVED) {
                throw new IllegalArgumentException("A case is registered as RECEIVED, not " + to);
            }
        } else {
            Workflow.requireAllowed(from, to);
        }
        note = TypedText.clean(note);
        if (note != null) {
            if (TypedText.length(note) > MAX_NOTE) {
                throw new InvalidNoteException(InvalidNoteException.Reason.TOO_LONG, "longer than " + MAX_NOTE + " characters", MAX_NOTE);
            }
            if (TypedText.hasInvisible(note, true)) {
                throw new InvalidNoteException(InvalidNoteException.Reason.CHARACTERS, "control or invisible characters");
            }
        }
    }

    /** The first line of a case's history. */
    public static StatusChange registered(Instant at, String actor, String note) {
        return new StatusChange(null, CaseStatus.RECEIVED, at, actor, note);
    }

    public boolean isRegistration() {
        return from == null;
    }
}
