package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.Map;
import lv.pasvaldibas.vpvkac.cases.CaseRefusal;
import lv.pasvaldibas.vpvkac.i18n.Messages;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/**
 * A refused input or action: 400 (409 for a case changed meanwhile) with the reason's key and the
 * message in the caller's language (Latvian, or English for any other), changing nothing.
 */
@Provider
public class RefusalMapper implements ExceptionMapper<RefusalException> {

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(RefusalException refusal) {
        return response(refusal, Languages.of(headers));
    }

    static Response response(RefusalException refusal, Locale locale) {
        int status = refusal.reason() == CaseRefusal.Reason.CHANGED_MEANWHILE ? 409 : 400;
        return response(status, refusal.reason().key(), Messages.text(locale, refusal));
    }

    /** The one shape of every refusal the API answers: {@code {"error": key, "message": text}}. */
    static Response response(int status, String key, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                .entity(Map.of("error", key, "message", message)).build();
    }
}
