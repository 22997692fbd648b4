package lv.pasvaldibas.testsupport;

import java.nio.file.Path;
import java.util.List;

/** Renders a self-contained {@code slapd.conf}: one mdb database per directory, memberof and ppolicy on each. */
public final class SlapdConfig {

    /** Debian's OpenLDAP schema and module folders. */
    static final Path SCHEMA_DIR = Path.of("/etc/ldap/schema");
    static final Path MODULE_DIR = Path.of("/usr/lib/ldap");

    /** Server certificate for LDAPS and StartTLS; {@code null} for plain LDAP only. */
    public record Tls(Path caPem, Path certPem, Path keyPem) {
    }

    private SlapdConfig() {
    }

    public static String render(List<DirectoryData> directories, Path dataRoot, Path adSchema, Tls tls) {
        StringBuilder conf = new StringBuilder("# generated for the platform's test and demo directories\n");
        for (String schema : List.of("core", "cosine", "inetorgperson")) {
            conf.append("include ").append(SCHEMA_DIR.resolve(schema + ".schema")).append('\n');
        }
        conf.append("include ").append(adSchema).append('\n');
        conf.append("modulepath ").append(MODULE_DIR).append('\n')
                .append("moduleload back_mdb\nmoduleload memberof\nmoduleload ppolicy\n")
                .append("pidfile ").append(dataRoot.resolve("slapd.pid")).append('\n')
                .append("argsfile ").append(dataRoot.resolve("slapd.args")).append('\n')
                // like a directory of a real municipality: 2,000 entries per plain search, any number page by page
                .append("sizelimit size.soft=2000 size.hard=2000 size.prtotal=unlimited\n");
        if (tls != null) {
            conf.append("TLSCACertificateFile ").append(tls.caPem()).append('\n')
                    .append("TLSCertificateFile ").append(tls.certPem()).append('\n')
                    .append("TLSCertificateKeyFile ").append(tls.keyPem()).append('\n');
        }
        // Anonymous clients may only bind; authenticated ones (the service account) read everything but passwords.
        conf.append("""
                access to attrs=userPassword
                    by self write
                    by anonymous auth
                    by * none
                access to *
                    by users read
                    by * none
                """);
        for (DirectoryData directory : directories) {
            conf.append("\ndatabase mdb\n")
                    .append("suffix \"").append(directory.suffix()).append("\"\n")
                    .append("rootdn \"").append(directory.rootDn()).append("\"\n")
                    .append("rootpw ").append(directory.rootPassword()).append('\n')
                    .append("directory ").append(dataRoot.resolve("db-" + directory.id())).append('\n')
                    .append("maxsize 4294967296\n")
                    // throwaway test data: no fsync per write (10,000 entries load in seconds, not minutes)
                    .append("dbnosync\n")
                    .append("index objectClass eq\n")
                    .append("index uid,mail,cn,member eq\n");
            if (directory.flavor() == DirectoryData.Flavor.ACTIVE_DIRECTORY) {
                conf.append("index sAMAccountName,userPrincipalName eq\n");
            }
            conf.append("overlay memberof\n")
                    .append("overlay ppolicy\n")
                    .append("ppolicy_default \"cn=default,ou=policies,").append(directory.suffix()).append("\"\n")
                    .append("ppolicy_use_lockout\n");
        }
        return conf.toString();
    }
}
