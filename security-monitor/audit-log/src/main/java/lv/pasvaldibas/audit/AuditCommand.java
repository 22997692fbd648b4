package lv.pasvaldibas.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/platform audit ...}: {@code keygen} makes the checkpoint key pair; {@code migrate}
 * creates or upgrades the schema; {@code verify}
 * checks every stream of an audit database and names the first broken record of each. Exit codes:
 * 0 intact, 1 a break was found, 2 the command could not run (usage, connection, key).
 * The database password comes from the environment ({@code AUDIT_DB_PASSWORD}), never from the
 * command line, where other users could read it.
 */
public final class AuditCommand {

    private AuditCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usage(err);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                return usage(err);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        try {
            switch (args[0]) {
                case "keygen":
                    return keygen(Path.of(required(options, "out")), out);
                case "migrate":
                    return migrate(required(options, "jdbc"), required(options, "user"), env.get("AUDIT_DB_PASSWORD"),
                            options.get("writer"), options.get("streams"), options.get("reader"), out);
                case "retain":
                    return retain(required(options, "jdbc"), required(options, "user"), env.get("AUDIT_DB_PASSWORD"),
                            keep(required(options, "keep")), Path.of(required(options, "archive-dir")),
                            Path.of(required(options, "public-key")), out);
                case "verify-archive":
                    return verifyArchive(Path.of(required(options, "file")), Path.of(required(options, "public-key")), out);
                case "verify":
                    return verify(required(options, "jdbc"), required(options, "user"), env.get("AUDIT_DB_PASSWORD"),
                            Path.of(required(options, "public-key")), out);
                default:
                    return usage(err);
            }
        } catch (org.flywaydb.core.api.FlywayException e) {
            err.println("audit: migration failed: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("audit: " + e.getMessage());
            return 2;
        } catch (SQLException e) {
            err.println("audit: cannot read the audit database: " + e.getMessage());
            return 2;
        } catch (IOException | GeneralSecurityException e) {
            err.println("audit: " + e.getMessage());
            return 2;
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    private static int usage(PrintStream err) {
        err.println("usage: audit keygen --out DIR");
        err.println("       AUDIT_DB_PASSWORD=... audit migrate --jdbc URL --user SCHEMA_OWNER"
                + " [--writer LOGIN --streams PREFIX[,PREFIX...]] [--reader LOGIN]");
        err.println("       AUDIT_DB_PASSWORD=... audit retain --jdbc URL --user SCHEMA_OWNER --keep keycloak/=365,vpvkac/=1825"
                + " --archive-dir DIR --public-key FILE");
        err.println("       audit verify-archive --file FILE --public-key FILE");
        err.println("       AUDIT_DB_PASSWORD=... audit verify --jdbc URL --user USER --public-key FILE");
        return 2;
    }

    private static int keygen(Path dir, PrintStream out) throws IOException, GeneralSecurityException {
        CheckpointKeys.generate(dir);
        out.println("Checkpoint key written: " + dir.resolve(CheckpointKeys.PRIVATE_FILE) + " (keep it off the database host) and "
                + dir.resolve(CheckpointKeys.PUBLIC_FILE));
        return 0;
    }

    private static int migrate(String jdbc, String user, String password, String writer, String streams, String reader,
                               PrintStream out) throws SQLException {
        if (password == null) {
            throw new IllegalArgumentException("set AUDIT_DB_PASSWORD to the password of " + user);
        }
        if ((writer == null) != (streams == null)) {
            // a writer login without streams could write nothing; streams without a login name no one
            throw new IllegalArgumentException("--writer and --streams go together, e.g. --writer audit_keycloak --streams keycloak/");
        }
        AuditSchema.migrate(jdbc, user, password);
        if (writer != null) {
            AuditSchema.grant(jdbc, user, password, "audit_writer", writer);
            AuditSchema.allowStreams(jdbc, user, password, writer,
                    java.util.Arrays.stream(streams.split(",")).map(String::trim).toList());
        }
        if (reader != null) {
            AuditSchema.grant(jdbc, user, password, "audit_reader", reader);
        }
        out.println("Audit schema is up to date.");
        return 0;
    }

    /** {@code keycloak/=365,vpvkac/=1825}: stream name prefix = days to keep. */
    static Map<String, java.time.Duration> keep(String spec) {
        Map<String, java.time.Duration> keep = new HashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            try {
                int days = Integer.parseInt(kv[1].trim());
                if (kv[0].isBlank() || days < 1) {
                    throw new NumberFormatException();
                }
                keep.put(kv[0].trim(), java.time.Duration.ofDays(days));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--keep is STREAM_PREFIX=DAYS[,...] with DAYS >= 1, e.g. keycloak/=365; got " + part);
            }
        }
        return keep;
    }

    private static int retain(String jdbc, String user, String password, Map<String, java.time.Duration> keep, Path dir,
                              Path publicKey, PrintStream out) throws IOException, GeneralSecurityException, SQLException {
        if (password == null) {
            throw new IllegalArgumentException("set AUDIT_DB_PASSWORD to the password of " + user);
        }
        PublicKey key = CheckpointKeys.readPublic(publicKey);
        try (Connection c = DriverManager.getConnection(jdbc, user, password)) {
            List<AuditRetention.Archived> archived = AuditRetention.retain(c, keep, dir, key, java.time.Instant.now());
            archived.forEach(a -> out.printf("Archived %s #%d-#%d to %s and removed them from the database.%n", a.stream(),
                    a.fromSeq(), a.toSeq(), a.file()));
            if (archived.isEmpty()) {
                out.println("Nothing to archive: no stream has a signed checkpoint older than its keep period.");
            }
            return 0;
        } catch (IllegalStateException e) {
            out.println("NOT ARCHIVED: " + e.getMessage());
            return 1;
        }
    }

    private static int verifyArchive(Path file, Path publicKey, PrintStream out) throws IOException, GeneralSecurityException {
        java.util.Optional<String> problem = AuditRetention.verifyArchive(file, CheckpointKeys.readPublic(publicKey));
        if (problem.isPresent()) {
            out.println("BROKEN " + file + ": " + problem.get());
            return 1;
        }
        out.println("Archive intact: " + file);
        return 0;
    }

    private static int verify(String jdbc, String user, String password, Path publicKeyFile, PrintStream out)
            throws IOException, GeneralSecurityException, SQLException {
        if (password == null) {
            throw new IllegalArgumentException("set AUDIT_DB_PASSWORD to the password of " + user);
        }
        PublicKey key = CheckpointKeys.readPublic(publicKeyFile);
        try (Connection c = DriverManager.getConnection(jdbc, user, password)) {
            List<ChainVerifier.Break> breaks = AuditDatabase.verify(c, key);
            if (breaks.isEmpty()) {
                try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT (SELECT count(DISTINCT stream) FROM audit_record),"
                        + " (SELECT count(*) FROM audit_record), (SELECT count(*) FROM audit_checkpoint)")) {
                    rs.next();
                    out.printf("Audit log intact: %d stream(s), %d records and %d signed checkpoints verify.%n",
                            rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
                return 0;
            }
            breaks.forEach(b -> out.println("BROKEN " + b));
            return 1;
        }
    }

}
