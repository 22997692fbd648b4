package lv.pasvaldibas.provisioning.i18n;

import java.util.List;

/** A request refused for a {@link Refusal}; nothing was changed. */
public final class RefusedException extends RuntimeException {

    private final Refusal refusal;
    private final List<Object> arguments;

    public RefusedException(Refusal refusal, Object... arguments) {
        super(refusal.key(), null, false, false);
        this.refusal = refusal;
        this.arguments = List.of(arguments);
    }

    public Refusal refusal() {
        return refusal;
    }

    public Object[] arguments() {
        return arguments.toArray();
    }
}
