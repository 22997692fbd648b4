package lv.pasvaldibas.vpvkac.i18n;

import java.util.Arrays;
import java.util.List;

/**
 * Input or an action the rules refuse, for a reason the user is told in their language: the web
 * layer renders {@link #reason()} with {@link #arguments()} through {@link Messages}; the exception's
 * own message is English, for logs and API clients. Neither ever carries a personal code or other
 * personal data, since both end up in logs.
 */
public abstract class RefusalException extends RuntimeException {

    private final MessageKey reason;
    private final List<Object> arguments;

    /** @param arguments values for the message's {@code {0}}, {@code {1}}...; a {@link MessageKey} is told in the user's language too */
    protected RefusalException(MessageKey reason, String message, Object... arguments) {
        super(message);
        this.reason = reason;
        this.arguments = List.copyOf(Arrays.asList(arguments));
    }

    public MessageKey reason() {
        return reason;
    }

    public List<Object> arguments() {
        return arguments;
    }
}
