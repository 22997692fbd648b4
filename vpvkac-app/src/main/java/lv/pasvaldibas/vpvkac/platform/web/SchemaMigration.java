package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the {@code vpvkac} database to the schema this WAR expects (Flyway, {@code db/vpvkac}) when
 * the application starts, before the first request: a failed migration fails the deployment. Then
 * the demo data, where wanted.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "java:jboss/datasources/VpvkacDS")
    DataSource dataSource;
    @Inject
    DemoData demoData;

    void migrate(@Observes @Initialized(ApplicationScoped.class) Object started) {
        var result = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/vpvkac")
                .load()
                .migrate();
        LOG.info(() -> "VPVKAC schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted + " migrations run now)");
        demoData.loadIfWanted();
    }
}
