package lv.pasvaldibas.vpvkac.catalogue.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueImport;
import lv.pasvaldibas.vpvkac.catalogue.Service;
import lv.pasvaldibas.vpvkac.catalogue.jpa.CatalogueService;
import lv.pasvaldibas.vpvkac.i18n.Messages;
import lv.pasvaldibas.vpvkac.platform.web.Languages;

/** {@code /api/services}, {@code /api/centres} and {@code /api/catalogue} (an admin's import of a catalogue file). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogueResource {

    @Inject
    CatalogueService catalogue;
    @Inject
    Caller caller;
    @Context
    HttpHeaders headers;

    /** A centre as the API shows it. */
    public record Centre(long id, String municipality, String name, String address) {
    }

    @GET
    @Path("services")
    public List<Service> services() {
        return catalogue.services();
    }

    @GET
    @Path("centres")
    public List<Centre> centres() {
        return catalogue.centres(caller).stream().map(c -> new Centre(c.id(), c.municipality(), c.name(), c.address())).toList();
    }

    /** Imports a catalogue file (CSV or JSON): every good row, and each bad row's number and reason in the caller's language. */
    @POST
    @Path("catalogue")
    @Consumes({"text/csv", MediaType.APPLICATION_JSON})
    public Map<String, Object> importCatalogue(InputStream file) {
        CatalogueImport.Result result = MediaType.APPLICATION_JSON_TYPE.isCompatible(headers.getMediaType())
                ? CatalogueImport.json(file) : CatalogueImport.csv(file);
        int imported = catalogue.importCatalogue(caller, result);
        Locale locale = Languages.of(headers);
        return Map.of("imported", imported, "errors", result.errors().stream()
                .map(e -> Map.of("row", e.row(), "error", e.reason().key(), "message", Messages.text(locale, e.reason(), e.arguments().toArray())))
                .toList());
    }
}
