package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.cases.Workflow;
import lv.pasvaldibas.vpvkac.catalogue.ServiceKind;
import lv.pasvaldibas.vpvkac.i18n.Messages;

/**
 * What the pages need besides the data: {@code /api/me} (who is signed in, to show the menu their
 * roles allow) and {@code /api/labels} (the statuses with the moves the workflow allows, channels
 * and service kinds, named in the caller's language from the same bundles as the API's messages,
 * decision 84). Neither reads personal data of clients, so neither is audited.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PageSupportResource {

    @Inject
    Caller caller;
    @Context
    HttpHeaders headers;

    /** The signed-in person as the pages show them. */
    public record Me(String username, String municipality, List<String> roles) {
    }

    /** A status: its name, whether it is final and where the workflow lets a case go from it. */
    public record StatusLabel(String code, String label, boolean terminal, List<String> next) {
    }

    /** A code with its name. */
    public record Label(String code, String label) {
    }

    @GET
    @Path("me")
    public Me me() {
        return new Me(caller.username(), caller.municipality(),
                Arrays.stream(Caller.Role.values()).filter(caller::has).map(Caller.Role::roleName).toList());
    }

    @GET
    @Path("labels")
    public Map<String, Object> labels() {
        Locale locale = Languages.of(headers);
        return Map.of(
                "language", locale.getLanguage(),
                "statuses", Arrays.stream(CaseStatus.values()).map(status -> new StatusLabel(status.name(), Messages.text(locale, status),
                        status.isFinal(), Workflow.next(status).stream().map(Enum::name).toList())).toList(),
                "channels", Arrays.stream(Channel.values()).map(c -> new Label(c.name(), Messages.text(locale, c))).toList(),
                "serviceKinds", Arrays.stream(ServiceKind.values()).map(k -> new Label(k.name(), Messages.text(locale, k))).toList());
    }
}
