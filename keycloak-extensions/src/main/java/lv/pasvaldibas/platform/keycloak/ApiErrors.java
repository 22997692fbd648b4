package lv.pasvaldibas.platform.keycloak;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The platform's REST error body: {@code {"error": reason phrase, "error_description": "latviski / in English"}}. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static Response of(Response.Status status, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"))
                .entity(Map.of("error", status.getReasonPhrase(), "error_description", description)).build();
    }
}
