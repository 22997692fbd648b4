package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Argument checks that refuse before any database is contacted. */
class AuditCommandTest {

    @Test
    void aWriterLoginWithoutItsStreamsIsRefusedBeforeAnythingIsMigrated() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditCommand.run(new String[] {"migrate", "--jdbc", "jdbc:postgresql://127.0.0.1:1/audit", "--user", "audit_owner",
                        "--writer", "audit_keycloak"}, Map.of("AUDIT_DB_PASSWORD", "pw"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--writer and --streams go together");
    }
}
