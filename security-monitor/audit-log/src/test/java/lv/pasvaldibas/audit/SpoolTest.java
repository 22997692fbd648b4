package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool file on its own: what survives a torn write, what is never dropped silently. */
class SpoolTest {

    @TempDir
    Path dir;

    private static AuditEvent signIn(int i) {
        return new AuditEvent(Instant.parse("2026-11-26T17:07:54.123456Z").plusSeconds(i), "LOGIN", AuditEvent.Outcome.SUCCESS,
                new AuditEvent.Actor("id" + i, "jānis.bērziņš@ventspils.lv", "ventspils", "Ventspils valstspilsēta"),
                "platform-cli", "127.0.0.1", "s" + i, "user", "id" + i, Map.of("n", i, "vārds", "Līga"));
    }

    @Test
    void unchainedLinesFollowChainedOnesAndReadBackUnchanged() throws Exception {
        Spool spool = new Spool(dir.resolve("kc.spool"));
        HashChain chain = HashChain.start("keycloak/kc-1");
        ChainedRecord first = chain.append(signIn(1));
        spool.appendChained(List.of(first));
        spool.appendUnchained(List.of(signIn(2), signIn(3)));

        List<Spool.Line> lines = spool.read();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).chained().seq()).isEqualTo(1);
        assertThat(lines.get(0).chained().hash()).isEqualTo(first.hash());
        assertThat(lines.get(1).chained()).isNull();
        assertThat(lines.get(2).event()).isEqualTo(signIn(3));
        assertThat(lines.get(2).event().actor().municipality()).isEqualTo("Ventspils valstspilsēta");
    }

    @Test
    void anUnterminatedLastLineIsCutOffBecauseItWasNeverAcknowledged() throws Exception {
        Path file = dir.resolve("kc.spool");
        Spool spool = new Spool(file);
        spool.appendUnchained(List.of(signIn(1), signIn(2)));
        String whole = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, "{\"time\":\"2026-11-26T17:0", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(spool.read()).extracting(Spool.Line::event).containsExactly(signIn(1), signIn(2));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(whole);
    }

    @Test
    void aLineWrittenAfterATornTailIsNotMergedWithIt() throws Exception {
        Path file = dir.resolve("kc.spool");
        Spool spool = new Spool(file);
        spool.appendUnchained(List.of(signIn(1)));
        Files.writeString(file, "{\"time\":", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        spool.appendUnchained(List.of(signIn(2)));

        assertThat(spool.read()).extracting(Spool.Line::event).containsExactly(signIn(1), signIn(2));
    }

    @Test
    void aCorruptLineBeforeTheEndIsReportedAndTheFileKept() throws Exception {
        Path file = dir.resolve("kc.spool");
        Spool spool = new Spool(file);
        spool.appendUnchained(List.of(signIn(1)));
        Files.writeString(file, "not json at all\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        spool.appendUnchained(List.of(signIn(2)));
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(spool::read).isInstanceOf(Spool.CorruptException.class).hasMessageContaining("line 2");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aChainedLineAfterAnUnchainedOneIsCorrupt() throws Exception {
        Spool spool = new Spool(dir.resolve("kc.spool"));
        spool.appendUnchained(List.of(signIn(1)));
        spool.appendChained(List.of(HashChain.start("keycloak/kc-1").append(signIn(2))));

        assertThatThrownBy(spool::read).isInstanceOf(Spool.CorruptException.class).hasMessageContaining("follows unchained");
    }

    @Test
    void aRewriteReplacesTheWholeFileAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("kc.spool");
        Spool spool = new Spool(file);
        spool.appendUnchained(List.of(signIn(1), signIn(2)));
        HashChain chain = HashChain.start("keycloak/kc-1");
        List<ChainedRecord> chained = List.of(chain.append(signIn(1)), chain.append(signIn(2)));

        spool.rewrite(chained);

        assertThat(spool.read()).extracting(l -> l.chained().seq()).containsExactly(1L, 2L);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }
}
