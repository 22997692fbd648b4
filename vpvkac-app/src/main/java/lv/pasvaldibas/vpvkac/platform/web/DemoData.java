package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import lv.pasvaldibas.vpvkac.cases.DemoCases;
import lv.pasvaldibas.vpvkac.cases.jpa.DemoCaseLoader;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueImport;
import lv.pasvaldibas.vpvkac.catalogue.jpa.CatalogueService;

/**
 * The demo catalogue, a centre in each demo municipality and {@link DemoCases} (100 per centre),
 * loaded into an empty database when {@code VPVKAC_DEMO_DATA=true} ({@code bin/platform up} and the
 * tests set it; production does not).
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class.getName());

    static final int CASES_PER_MUNICIPALITY = 100;
    private static final long SEED = 20261130L;

    @Inject
    CatalogueService catalogue;
    @Inject
    DemoCaseLoader cases;

    void loadIfWanted() {
        if (!"true".equals(Settings.optional("VPVKAC_DEMO_DATA", "false")) || !catalogue.empty()) {
            return;
        }
        try (InputStream demo = DemoData.class.getResourceAsStream("/demo/service-catalogue.csv")) {
            CatalogueImport.Result result = CatalogueImport.csv(demo);
            catalogue.importCatalogue(null, result);
            LOG.info(() -> "Demo catalogue loaded: " + result.services().size() + " services");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the demo catalogue", e);
        }
        catalogue.addCentre(null, "ventspils", "Ventspils VPVKAC", "Jūras iela 18, Ventspils");
        catalogue.addCentre(null, "kuldiga", "Kuldīgas VPVKAC", "Baznīcas iela 1, Kuldīga");
        catalogue.addCentre(null, "talsi", "Talsu VPVKAC", "Kareivju iela 7, Talsi");
        int loaded = cases.load(DemoCases.plan(List.of("ventspils", "kuldiga", "talsi"), catalogue.services(), Instant.now(),
                CASES_PER_MUNICIPALITY, SEED));
        LOG.info(() -> "Demo cases loaded: " + loaded);
    }
}
