package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.Locale;
import lv.pasvaldibas.provisioning.i18n.Refusal;

/** Answers a refusal as {@code {"error": key, "message": text}} in the caller's language. */
final class Problems {

    private Problems() {
    }

    static Locale language(RoutingContext rc) {
        var preferred = rc.preferredLanguage();
        return preferred == null ? Locale.ENGLISH : Locale.forLanguageTag(preferred.tag());
    }

    static void send(RoutingContext rc, Refusal refusal, Object... arguments) {
        send(rc, refusal.status(), new JsonObject().put("error", refusal.key()).put("message", refusal.text(language(rc), arguments)));
    }

    static void send(RoutingContext rc, int status, JsonObject body) {
        if (rc.response().ended()) {
            return;
        }
        var response = rc.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8");
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"pasvaldibas\"");
        }
        if (status == 503) {
            response.putHeader("Retry-After", "10");
        }
        response.end(body.encode());
    }

    /** What the contract's validation found wrong, in the validator's words (names of fields, never their values). */
    static String validationReason(Throwable failure) {
        Throwable cause = failure instanceof HttpException http && http.getCause() != null ? http.getCause() : failure;
        if (cause instanceof SchemaValidationException schema) {
            List<OutputUnit> errors = schema.getOutputUnit().getErrors();
            for (int i = errors == null ? -1 : errors.size() - 1; i >= 0; i--) {
                OutputUnit unit = errors.get(i);
                if (unit.getError() != null) {
                    String where = unit.getInstanceLocation() == null || unit.getInstanceLocation().isEmpty() ? "" : " (" + unit.getInstanceLocation() + ")";
                    return unit.getError() + where;
                }
            }
            return schema.getMessage();
        }
        if (cause instanceof ValidatorException validator) {
            return validator.getMessage();
        }
        return failure == null ? "bad request" : String.valueOf(failure.getMessage());
    }
}
