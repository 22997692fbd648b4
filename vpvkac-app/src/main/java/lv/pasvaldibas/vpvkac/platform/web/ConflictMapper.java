package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import lv.pasvaldibas.vpvkac.cases.CaseRefusal;

/** Two changes of one record at the same moment: the later one is told, as a 409, not lost. */
@Provider
public class ConflictMapper implements ExceptionMapper<OptimisticLockException> {

    @Context
    HttpHeaders headers;

    @Override
    public jakarta.ws.rs.core.Response toResponse(OptimisticLockException e) {
        return RefusalMapper.response(new CaseRefusal(CaseRefusal.Reason.CHANGED_MEANWHILE, "optimistic lock"), Languages.of(headers));
    }
}
