package lv.pasvaldibas;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.CanonicalEncoding;
import lv.pasvaldibas.audit.ChainVerifier;
import lv.pasvaldibas.audit.ChainedRecord;
import lv.pasvaldibas.audit.Checkpoint;
import lv.pasvaldibas.audit.HashChain;
import lv.pasvaldibas.audit.RecordHasher;
import lv.pasvaldibas.audit.SecretRedaction;
import lv.pasvaldibas.directory.FrameworkLeakingCore;
import org.junit.jupiter.api.Test;

/**
 * The plain cores hold the platform's rules in plain Java (STYLE.md): no Keycloak, LDAP-library, JDBC
 * or other framework type, so they are unit-tested without a server and outlive a change of any of
 * them. Glue lives in the suffix packages ({@code .keycloak}, {@code .ldap}) and is not checked here.
 */
class PlainCoresTest {

    private static final String[] FRAMEWORK_PACKAGES = {
        "org.keycloak..",
        "org.apache.directory..", "com.unboundid..", "javax.naming..",
        "java.sql..", "javax.sql..", "org.postgresql..",
        "jakarta..", "org.jboss..", "io.vertx..", "io.quarkus..", "org.hibernate.."};

    /** The package itself, not its glue subpackages. */
    private static final DescribedPredicate<JavaClass> DIRECTORY_CORE = resideInAPackage("lv.pasvaldibas.directory");
    private static final DescribedPredicate<JavaClass> TRUST_CORE = resideInAPackage("lv.pasvaldibas.trust");
    /**
     * The audit library's hash chain, its encoding and the record it chains. The rest of the library is
     * its database glue (writer, spool, schema, query, retention), and {@code StoredRows} is too: it reads
     * the verifier's rows off a JDBC cursor.
     */
    private static final DescribedPredicate<JavaClass> AUDIT_CHAIN = belongToAnyOf(HashChain.class, RecordHasher.class,
            CanonicalEncoding.class, ChainVerifier.class, ChainedRecord.class, Checkpoint.class, AuditEvent.class, SecretRedaction.class);

    private static final JavaClasses PLATFORM = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("lv.pasvaldibas.directory", "lv.pasvaldibas.trust", "lv.pasvaldibas.audit");

    /** Also fails when the core matches no class at all (ArchUnit's default), so a renamed package cannot pass unnoticed. */
    private static ArchRule usesNoFrameworkType(DescribedPredicate<JavaClass> core) {
        return noClasses().that(core).should().dependOnClassesThat().resideInAnyPackage(FRAMEWORK_PACKAGES)
                .because("a plain core is tested without a server and outlives a change of framework");
    }

    @Test
    void theDirectoryCoreUsesNoFrameworkType() {
        usesNoFrameworkType(DIRECTORY_CORE).check(PLATFORM);
    }

    @Test
    void theTrustCoreUsesNoFrameworkType() {
        usesNoFrameworkType(TRUST_CORE).check(PLATFORM);
    }

    @Test
    void theAuditChainAndItsEncodingUseNoFrameworkType() {
        usesNoFrameworkType(AUDIT_CHAIN).check(PLATFORM);
    }

    @Test
    void aCoreClassTakingKeycloakLdapAndJdbcTypesBreaksTheRule() {
        JavaClasses leaking = new ClassFileImporter().importClasses(FrameworkLeakingCore.class);

        assertThatThrownBy(() -> usesNoFrameworkType(DIRECTORY_CORE).check(leaking))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.keycloak.models.UserModel")
                .hasMessageContaining("org.apache.directory.api.ldap.model.name.Dn")
                .hasMessageContaining("java.sql.Connection");
    }
}
