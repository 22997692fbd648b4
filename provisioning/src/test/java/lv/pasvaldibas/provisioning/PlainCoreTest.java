package lv.pasvaldibas.provisioning;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The daemon's core (quotas, placement, desired against actual state, jobs' steps, access, the
 * hypervisor seam: STYLE.md) is plain Java: no Vert.x, libvirt, JNA, Nimbus or JDBC type. Glue lives in
 * {@code .vertx}, {@code .postgres}, {@code .libvirt} and {@code .nimbus} packages, and {@code cli} is
 * a front end of its own (HTTP and JSON), which this rule leaves alone.
 */
class PlainCoreTest {

    private static final String[] FRAMEWORK_PACKAGES = {
        "io.vertx..", "org.libvirt..", "com.sun.jna..", "com.nimbusds..", "java.sql..", "javax.sql..", "org.postgresql..",
        "org.flywaydb..", "io.micrometer.."};

    private static final ArchRule CORE_USES_NO_FRAMEWORK = noClasses()
            .that().resideInAPackage("lv.pasvaldibas.provisioning..")
            .and(resideInAnyPackage("..vertx..", "..postgres..", "..libvirt..", "..nimbus..", "..cli..").negate())
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORK_PACKAGES)
            .because("a plain core is tested without a server and outlives a change of framework");

    @Test
    void theCoreUsesNoFrameworkType() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("lv.pasvaldibas.provisioning");
        CORE_USES_NO_FRAMEWORK.check(classes);
    }

    @Test
    void aCoreClassTakingAVertxTypeBreaksTheRule() {
        JavaClasses leaking = new ClassFileImporter().importClasses(FrameworkLeakingQuota.class);
        assertThatThrownBy(() -> CORE_USES_NO_FRAMEWORK.check(leaking))
                .isInstanceOf(AssertionError.class).hasMessageContaining("io.vertx.core.json.JsonObject");
    }
}
