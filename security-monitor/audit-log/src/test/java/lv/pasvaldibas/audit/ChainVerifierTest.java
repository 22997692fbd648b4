package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    private static final String STREAM = "keycloak/node-1";
    private final KeyPair key = ed25519();
    private final KeyPair otherKey = ed25519();
    private List<ChainedRecord> records;
    private List<Checkpoint> checkpoints;

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(Instant.parse("2026-11-26T08:00:00Z").plusMillis(i * 1500L), i % 3 == 0 ? "LOGIN_ERROR" : "LOGIN",
                i % 3 == 0 ? AuditEvent.Outcome.FAILURE : AuditEvent.Outcome.SUCCESS,
                new AuditEvent.Actor("id-" + i, "jānis.bērziņš" + i + "@ventspils.lv", "ventspils", "ventspils"),
                "vpvkac", "10.0.0." + i, "s-" + i, "user", "id-" + i, Map.of("attempt", i, "reason", "ķēniņš"));
    }

    @BeforeEach
    void chainOf30WithCheckpointsAt10And30() {
        HashChain chain = HashChain.start(STREAM);
        records = new ArrayList<>();
        checkpoints = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            records.add(chain.append(event(i)));
            if (i % 10 == 0 && i != 20) {
                checkpoints.add(Checkpoint.sign(records.get(i - 1), Instant.parse("2026-11-26T09:00:00Z"), key.getPrivate()));
            }
        }
    }

    private ChainVerifier.Break broken() {
        return ChainVerifier.verify(STREAM, records.stream().map(ChainVerifier.Stored::of).toList(), checkpoints, key.getPublic()).orElseThrow();
    }

    @Test
    void anIntactChainVerifies() {
        assertThat(ChainVerifier.verify(STREAM, records.stream().map(ChainVerifier.Stored::of).toList(), checkpoints, key.getPublic())).isEmpty();
    }

    @Test
    void anEditedFieldIsNamed() {
        ChainedRecord r = records.get(14);
        AuditEvent e = r.event();
        AuditEvent edited = new AuditEvent(e.time(), e.type(), AuditEvent.Outcome.SUCCESS, e.actor(), e.client(), "192.0.2.1",
                e.session(), e.targetType(), e.targetId(), e.details());
        records.set(14, new ChainedRecord(STREAM, r.seq(), edited, r.prevHash(), r.hash()));
        assertThat(broken()).isEqualTo(new ChainVerifier.Break(STREAM, 15, ChainVerifier.Kind.CHANGED, "content does not give its hash"));
    }

    @Test
    void aDeletedRecordIsNamed() {
        records.remove(6);
        assertThat(broken().seq()).isEqualTo(7);
        assertThat(broken().kind()).isEqualTo(ChainVerifier.Kind.MISSING);
    }

    @Test
    void twoSwappedRecordsAreNamed() {
        ChainedRecord a = records.get(3);
        ChainedRecord b = records.get(4);
        records.set(3, new ChainedRecord(STREAM, 4, b.event(), b.prevHash(), b.hash()));
        records.set(4, new ChainedRecord(STREAM, 5, a.event(), a.prevHash(), a.hash()));
        assertThat(broken().seq()).isEqualTo(4);
        assertThat(broken().kind()).isEqualTo(ChainVerifier.Kind.BROKEN_LINK);
    }

    @Test
    void droppingTheNewestTenIsNamed() {
        records.subList(20, 30).clear();
        assertThat(broken()).isEqualTo(new ChainVerifier.Break(STREAM, 21, ChainVerifier.Kind.TRUNCATED,
                "log ends at #20, a checkpoint was signed at #30"));
    }

    @Test
    void aChainRewrittenFromTheStartStillFailsItsCheckpoint() {
        HashChain forged = HashChain.start(STREAM);
        List<ChainedRecord> rewritten = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            rewritten.add(forged.append(i == 5 ? event(99) : event(i)));
        }
        records = rewritten;
        assertThat(broken()).extracting(ChainVerifier.Break::seq, ChainVerifier.Break::kind)
                .containsExactly(10L, ChainVerifier.Kind.CHECKPOINT_MISMATCH);
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRejected() {
        checkpoints.add(Checkpoint.sign(records.get(29), Instant.now(), otherKey.getPrivate()));
        assertThat(broken().kind()).isEqualTo(ChainVerifier.Kind.BAD_CHECKPOINT_SIGNATURE);
    }

    @Test
    void aResumedChainContinuesTheSameHashes() {
        HashChain resumed = new HashChain(STREAM, 30, records.get(29).hash());
        records.add(resumed.append(event(31)));
        assertThat(ChainVerifier.verify(STREAM, records.stream().map(ChainVerifier.Stored::of).toList(), checkpoints, key.getPublic())).isEmpty();
    }
}
