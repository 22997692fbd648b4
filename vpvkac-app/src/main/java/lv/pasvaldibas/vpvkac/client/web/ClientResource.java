package lv.pasvaldibas.vpvkac.client.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.client.ClientSearch;
import lv.pasvaldibas.vpvkac.client.jpa.ClientService;

/** {@code /api/clients?q=}: client search by personal code, registration number or the start of a name. */
@Path("/clients")
@Produces(MediaType.APPLICATION_JSON)
public class ClientResource {

    @Inject
    ClientService clients;
    @Inject
    Caller caller;

    @GET
    public List<ClientService.Found> search(@QueryParam("q") String q, @QueryParam("page") @DefaultValue("0") int page,
                                            @QueryParam("size") @DefaultValue("20") int size) {
        return clients.search(caller, ClientSearch.of(q), page, size);
    }
}
