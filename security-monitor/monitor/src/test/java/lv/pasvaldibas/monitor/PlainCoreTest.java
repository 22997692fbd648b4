package lv.pasvaldibas.monitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The monitor's core (rules, detection, alerts, who a signed-in officer is) is plain Java, tested
 * without a server: no Vert.x, SQL, mail or SAML type outside the glue packages ({@code .vertx},
 * {@code .web}, {@code .postgres}, {@code .saml}).
 */
class PlainCoreTest {

    @Test
    void theCoreUsesNoFrameworkType() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("lv.pasvaldibas.monitor");
        noClasses().that().resideInAPackage("lv.pasvaldibas.monitor..")
                .and().resideOutsideOfPackages("..vertx..", "..web..", "..postgres..", "..saml..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "java.sql..", "javax.sql..", "org.postgresql..",
                        "jakarta.mail..", "org.opensaml..", "net.shibboleth..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
