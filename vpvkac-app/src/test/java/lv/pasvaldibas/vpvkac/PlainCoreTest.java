package lv.pasvaldibas.vpvkac;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The VPVKAC core (cases, workflow, indicators, personal-code rules: STYLE.md) is plain Java: no
 * Jakarta, JPA, JAX-RS, WildFly or JDBC type. Glue lives in {@code .web} and {@code .jpa} packages,
 * which this rule leaves alone.
 */
class PlainCoreTest {

    private static final String[] FRAMEWORK_PACKAGES = {
        "jakarta..", "javax.persistence..", "javax.ws..", "org.jboss..", "org.wildfly..", "org.hibernate..",
        "java.sql..", "javax.sql..", "org.postgresql..", "io.vertx..", "org.keycloak.."};

    private static final ArchRule CORE_USES_NO_FRAMEWORK = noClasses()
            .that(resideInAPackage("lv.pasvaldibas.vpvkac..").and(resideInAPackage("..web..").negate()).and(resideInAPackage("..jpa..").negate()))
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORK_PACKAGES)
            .because("a plain core is tested without a server and outlives a change of framework");

    @Test
    void theCoreUsesNoFrameworkType() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("lv.pasvaldibas.vpvkac");
        CORE_USES_NO_FRAMEWORK.check(core);
    }

    @Test
    void aCoreClassTakingAJdbcTypeBreaksTheRule() {
        JavaClasses leaking = new ClassFileImporter().importClasses(FrameworkLeakingCase.class);
        assertThatThrownBy(() -> CORE_USES_NO_FRAMEWORK.check(leaking))
                .isInstanceOf(AssertionError.class).hasMessageContaining("java.sql.Timestamp");
    }
}
