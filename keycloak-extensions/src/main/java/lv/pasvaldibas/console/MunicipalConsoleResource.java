package lv.pasvaldibas.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/municipal-console/}: the web console for municipal LDAP admins, a static
 * page that signs in through the realm (client {@code municipal-console}, code flow with PKCE) and
 * works on the directory and trust APIs with the admin's own token. Only the console's own files are
 * served; the page may load nothing from elsewhere (Content-Security-Policy).
 */
public final class MunicipalConsoleResource {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final KeycloakSession session;

    MunicipalConsoleResource(KeycloakSession session) {
        this.session = session;
    }

    /** The page itself; without the trailing slash its relative links would miss, so redirect there. */
    @GET
    public Response page() {
        if (!session.getContext().getUri().getRequestUri().getRawPath().endsWith("/")) {
            return Response.seeOther(session.getContext().getUri().getRequestUriBuilder().path("/").replaceQuery(null).build()).build();
        }
        return file("index.html");
    }

    @GET
    @Path("{file}")
    public Response file(@PathParam("file") String name) {
        String type = FILES.get(name);
        if (type == null) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        try (InputStream in = MunicipalConsoleResource.class.getResourceAsStream("/municipal-console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The console file " + name + " is missing from the provider jar");
            }
            // Keycloak would replace the policy of an HTML answer with the realm's looser one: these headers are ours alone
            session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
            return Response.ok(in.readAllBytes(), type)
                    .header("Content-Security-Policy", POLICY)
                    .header("X-Frame-Options", "DENY")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                    .header("X-Robots-Tag", "none")
                    .header("Cache-Control", "no-cache")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
