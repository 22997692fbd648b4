package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalEncodingTest {

    private static AuditEvent event(Map<String, Object> details, String username) {
        return new AuditEvent(Instant.parse("2026-11-26T17:07:54.123456789Z"), "LOGIN", AuditEvent.Outcome.SUCCESS,
                new AuditEvent.Actor("u1", username, "kuldiga", "kuldiga"), "vpvkac", "127.0.0.1", null, null, null, details);
    }

    @Test
    void theEncodingIsTheDocumentedOne() {
        byte[] bytes = CanonicalEncoding.encode("s", 7, event(Map.of(), "ā"));
        // stream "s": length 1, then the byte
        assertThat(bytes).startsWith(0, 0, 0, 1, 's', 0, 0, 0, 1, '7', 0, 0, 0, 27);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("2026-11-26T17:07:54.123456Z", "LOGIN", "SUCCESS", "ā");
        // session, target type and target id are null: three 0xFFFFFFFF lengths in a row
        String hex = RecordHasher.hex(bytes);
        assertThat(hex).contains("ffffffffffffffffffffffff");
    }

    @Test
    void detailsAreCanonicalWhateverTheMapOrder() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", 1);
        a.put("a", Map.of("y", "ž", "x", true));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("a", Map.of("x", true, "y", "ž"));
        b.put("b", 1);
        assertThat(CanonicalEncoding.details(event(a, "x"))).isEqualTo("{\"a\":{\"x\":true,\"y\":\"ž\"},\"b\":1}");
        assertThat(CanonicalEncoding.encode("s", 1, event(a, "x"))).isEqualTo(CanonicalEncoding.encode("s", 1, event(b, "x")));
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        // "ab" + "c" and "a" + "bc" must not encode alike
        AuditEvent one = new AuditEvent(Instant.EPOCH, "T", AuditEvent.Outcome.DENIED, new AuditEvent.Actor("ab", "c", null, null),
                null, null, null, null, null, null);
        AuditEvent two = new AuditEvent(Instant.EPOCH, "T", AuditEvent.Outcome.DENIED, new AuditEvent.Actor("a", "bc", null, null),
                null, null, null, null, null, null);
        assertThat(RecordHasher.hash(RecordHasher.GENESIS, "s", 1, one)).isNotEqualTo(RecordHasher.hash(RecordHasher.GENESIS, "s", 1, two));
    }

    @Test
    void detailsThatAreNotJsonAreRefused() {
        assertThatThrownBy(() -> CanonicalEncoding.details(event(Map.of("x", new Object()), "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
