package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import lv.pasvaldibas.vpvkac.i18n.Messages;

/**
 * An action whose audit record could not be kept was rolled back (it threw inside its transaction);
 * the caller is told so with 503 and when to try again, in their language, instead of a bare 500.
 */
@Provider
public class AuditOutageMapper implements ExceptionMapper<AuditTrail.RecordNotKept> {

    private static final Logger LOG = Logger.getLogger(AuditOutageMapper.class.getName());

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(AuditTrail.RecordNotKept e) {
        LOG.log(Level.SEVERE, e.getMessage(), e);
        return Response.fromResponse(RefusalMapper.response(503, Outage.AUDIT.key(), Messages.text(Languages.of(headers), Outage.AUDIT)))
                .header("Retry-After", Outage.RETRY_AFTER_SECONDS).build();
    }
}
