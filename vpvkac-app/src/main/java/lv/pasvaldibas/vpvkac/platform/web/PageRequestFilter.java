package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import lv.pasvaldibas.vpvkac.access.PageRequest;
import lv.pasvaldibas.vpvkac.i18n.Messages;

/**
 * Refuses, with 403 and nothing done, an API change that came with the session cookie but without
 * the pages' header: a form or script of another site (decision 83, {@link PageRequest}).
 */
@Provider
@PreMatching
public class PageRequestFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (!PageRequest.allowed(request.getMethod(), request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getHeaderString(PageRequest.HEADER))) {
            PageRequest.Refusal refusal = PageRequest.Refusal.NOT_FROM_PAGE;
            request.abortWith(RefusalMapper.response(403, refusal.key(),
                    Messages.text(Languages.of(request.getAcceptableLanguages()), refusal)));
        }
    }
}
