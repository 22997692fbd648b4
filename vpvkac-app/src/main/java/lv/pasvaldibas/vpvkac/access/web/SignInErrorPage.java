package lv.pasvaldibas.vpvkac.access.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import lv.pasvaldibas.vpvkac.i18n.Messages;
import lv.pasvaldibas.vpvkac.platform.web.Languages;
import lv.pasvaldibas.vpvkac.platform.web.Outage;

/**
 * What the server answers when a request fails in the sign-in, before the application runs (web.xml
 * sends the container's 403 and 500 here; the API answers its own errors and never comes here).
 * WildFly's OIDC client cannot check a token or start a sign-in while Keycloak does not answer: it
 * throws for a bearer token ("ELY23015: No expected issuer given", a 500 with the server's stack trace
 * for local callers) and refuses a page with 403. Neither is true, and neither tells anyone to come
 * back, so when the platform's OpenID provider does not answer this says 503 with {@code Retry-After}:
 * as JSON in the caller's language ({@code signIn.unavailable}, the API's refusal shape) for programs
 * and the pages' scripts, as a short page in Latvian and English for a browser (decision 94). Any
 * other failure keeps its status and tells no detail of the server.
 */
@WebServlet("/sign-in-error")
public class SignInErrorPage extends HttpServlet {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        response.setHeader("Cache-Control", "no-store");
        if (request.getUserPrincipal() != null || OidcSettings.providerAnswers()) {
            response.setStatus(status);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Outage.RETRY_AFTER_SECONDS);
        if (wantsJson(request)) {
            Locale locale = Languages.of(Collections.list(request.getLocales()));
            response.setContentType("application/json;charset=UTF-8");
            response.getOutputStream().write(JSON.writeValueAsBytes(Map.of("error", Outage.SIGN_IN.key(),
                    "message", Messages.text(locale, Outage.SIGN_IN))));
        } else {
            response.setContentType("text/html;charset=UTF-8");
            response.getOutputStream().write(("<!DOCTYPE html>\n<html lang=\"lv\"><head><meta charset=\"UTF-8\"><title>VPVKAC</title></head>"
                    + "<body><main><h1>VPVKAC</h1><p>" + escaped(Messages.text(Locale.forLanguageTag("lv"), Outage.SIGN_IN))
                    + "</p><p lang=\"en\">" + escaped(Messages.text(Locale.ENGLISH, Outage.SIGN_IN)) + "</p></main></body></html>\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A program or the pages' script (which sends X-Requested-With), rather than a browser's navigation. */
    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        String authorization = request.getHeader("Authorization");
        return request.getHeader("X-Requested-With") != null || (accept != null && accept.contains("json"))
                || (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7));
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
