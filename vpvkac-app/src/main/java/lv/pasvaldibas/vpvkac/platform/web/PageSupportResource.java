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
import java.util.TreeMap;
import java.util.function.Predicate;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.cases.Workflow;
import lv.pasvaldibas.vpvkac.catalogue.ServiceKind;
import lv.pasvaldibas.vpvkac.i18n.Messages;

/**
 * What the pages need besides the data: {@code /api/me} (who is signed in, to show the menus and
 * buttons their roles allow, at home and where a trust lends them a role) and {@code /api/labels}
 * (the statuses with the moves the workflow allows, channels and service kinds, named in the
 * caller's language from the same bundles as the API's messages, decision 84). Neither reads
 * personal data of clients, so neither is audited.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PageSupportResource {

    @Inject
    Caller caller;
    @Context
    HttpHeaders headers;

    /**
     * The signed-in person as the pages show them: {@code roles} in their own municipality, the
     * {@code grants} trusts lend them now (municipality → roles; never admin), and {@code worksIn},
     * the municipalities whose cases they may register and move ({@link Caller#caseWorkMunicipalities}),
     * so that a page decides per case or centre as the API does.
     */
    public record Me(String username, String municipality, List<String> roles, Map<String, List<String>> grants,
                     List<String> worksIn) {
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
        Map<String, List<String>> grants = new TreeMap<>();
        caller.grants().forEach((municipality, roles) -> grants.put(municipality, names(roles::contains)));
        return new Me(caller.username(), caller.municipality(), names(caller::has), grants, List.copyOf(caller.caseWorkMunicipalities()));
    }

    /** The names of the roles {@code held}, in the roles' order. */
    private static List<String> names(Predicate<Caller.Role> held) {
        return Arrays.stream(Caller.Role.values()).filter(held).map(Caller.Role::roleName).toList();
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
