package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.Messages;

/**
 * What the application did not foresee: 500 with an incident number in the caller's language, the
 * cause in the server log under that number. Never the exception's own text in the answer: a
 * database error quotes the values it refused, a personal code among them.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    /** The one message of this mapper. */
    enum Message implements MessageKey {
        INTERNAL;

        @Override
        public String key() {
            return "error.internal";
        }
    }

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(Exception e) {
        if (e instanceof WebApplicationException answered) {
            // 401, 403, 404 … already say what they mean
            return answered.getResponse();
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, e);
        return RefusalMapper.response(500, Message.INTERNAL.key(), Messages.text(Languages.of(headers), Message.INTERNAL, incident));
    }
}
