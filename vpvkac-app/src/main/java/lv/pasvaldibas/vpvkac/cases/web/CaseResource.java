package lv.pasvaldibas.vpvkac.cases.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.cases.CaseRefusal;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.CaseView;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.cases.NewCase;
import lv.pasvaldibas.vpvkac.cases.jpa.CaseService;
import lv.pasvaldibas.vpvkac.client.Client;
import lv.pasvaldibas.vpvkac.client.Contact;
import lv.pasvaldibas.vpvkac.client.PersonalCode;
import lv.pasvaldibas.vpvkac.client.RegistrationNumber;

/**
 * {@code /api/cases}: register a service application, read it, list a centre's queue, move it
 * through the workflow, show the client's full personal code (audited). Thin: parsing and the
 * answer's shape here, the rules in {@link CaseService} and the plain core.
 */
@Path("/cases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CaseResource {

    @Inject
    CaseService cases;
    @Inject
    Caller caller;

    /** The request body of a registration; the client is a person (personal code) or an organisation (registration number). */
    public record Registration(String personalCode, String givenName, String surname, String registrationNumber,
                               String organisationName, String email, String phone, String serviceCode, Long centreId,
                               String channel, String note) {
    }

    /** The request body of a status change. */
    public record Move(String status, String note, Integer version) {
    }

    @POST
    public Response register(Registration body, @Context UriInfo uri) {
        if (body == null) {
            throw new CaseRefusal(CaseRefusal.Reason.REQUIRED, "no body", "serviceCode");
        }
        Contact contact = new Contact(body.email(), body.phone());
        Client client = body.registrationNumber() != null && body.personalCode() == null
                ? new Client.Organisation(RegistrationNumber.parse(body.registrationNumber()), body.organisationName(), contact)
                : new Client.Person(PersonalCode.parse(body.personalCode()), body.givenName(), body.surname(), contact);
        CaseView created = cases.register(caller, new NewCase(client, required(body.serviceCode(), "serviceCode"),
                required(body.centreId(), "centreId"), enumValue(Channel.class, body.channel(), "channel"), body.note()));
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(created.id())).build()).entity(created).build();
    }

    @GET
    public List<CaseView.Row> queue(@QueryParam("centre") Long centreId, @QueryParam("status") String status,
                                    @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        return cases.queue(caller, centreId, status == null ? null : enumValue(CaseStatus.class, status, "status"), page, size);
    }

    @GET
    @Path("/{id}")
    public CaseView get(@PathParam("id") long id) {
        return cases.get(caller, id);
    }

    @POST
    @Path("/{id}/status")
    public CaseView move(@PathParam("id") long id, Move body) {
        if (body == null) {
            throw new CaseRefusal(CaseRefusal.Reason.REQUIRED, "no body", "status");
        }
        return cases.move(caller, id, enumValue(CaseStatus.class, body.status(), "status"), body.note(), required(body.version(), "version"));
    }

    @POST
    @Path("/{id}/personal-code")
    public Map<String, String> showPersonalCode(@PathParam("id") long id) {
        return Map.of("personalCode", cases.showPersonalCode(caller, id));
    }

    private static <T> T required(T value, String field) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new CaseRefusal(CaseRefusal.Reason.REQUIRED, field + " missing", field);
        }
        return value;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, required(value, field));
        } catch (IllegalArgumentException e) {
            throw new CaseRefusal(CaseRefusal.Reason.REQUIRED, field + " is not one of its values", field);
        }
    }
}
