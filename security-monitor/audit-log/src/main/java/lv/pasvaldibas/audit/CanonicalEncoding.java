package lv.pasvaldibas.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * The byte string a record's hash covers, specified in docs/audit-format.md so that a tool outside
 * this code base can verify the log: every field in a fixed order, each as a 4-byte big-endian
 * length and its UTF-8 bytes (length 0xFFFFFFFF for null); details as JSON with keys sorted and no
 * whitespace. Length prefixes make the encoding unambiguous whatever the values contain.
 */
public final class CanonicalEncoding {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, false);
    /** Microseconds, always six digits, UTC: {@code 2026-11-26T17:07:54.123456Z}. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static final int NULL_LENGTH = 0xFFFFFFFF;

    private CanonicalEncoding() {
    }

    public static byte[] encode(String stream, long seq, AuditEvent e) {
        return encode(fields(stream, seq, e));
    }

    /** The 15 fields in their text form, in the encoding's order. */
    static String[] fields(String stream, long seq, AuditEvent e) {
        return new String[] {stream, Long.toString(seq), TIME.format(e.time()), e.type(), e.outcome().name(), e.actor().userId(),
                e.actor().username(), e.actor().homeDirectory(), e.actor().municipality(), e.client(), e.sourceIp(), e.session(),
                e.targetType(), e.targetId(), details(e)};
    }

    /**
     * The fields already in their text form, in the order of docs/audit-format.md (stream, seq,
     * time, type, outcome, actor user id, username, directory, municipality, client, source IP,
     * session, target type, target id, details): what a verifier reads back from the database.
     */
    static byte[] encode(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        for (String field : fields) {
            field(out, field);
        }
        return out.toByteArray();
    }

    /** The details as canonical JSON: the form stored in the database too. */
    public static String details(AuditEvent e) {
        try {
            return JSON.writeValueAsString(e.details());
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("Audit details must be plain JSON values: " + ex.getOriginalMessage(), ex);
        }
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            writeInt(out, NULL_LENGTH);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
