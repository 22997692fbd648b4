package lv.pasvaldibas.audit.keycloak;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;

/** Reads the audit log as the security officer's reader role does, for assertions. */
final class AuditRecords {

    private final FederationEnvironment env;

    AuditRecords(FederationEnvironment env) {
        this.env = env;
    }

    /** Rows of {@code audit_record} matching {@code condition} (SQL with ? parameters), in stream order. */
    List<Map<String, String>> where(String condition, Object... parameters) throws Exception {
        try (Connection c = env.auditReader();
             PreparedStatement s = c.prepareStatement("SELECT * FROM audit_record WHERE " + condition + " ORDER BY stream, seq")) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<Map<String, String>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        Object value = rs.getObject(col);
                        row.put(meta.getColumnName(col), value == null ? null
                                : value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : value.toString());
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** LOGIN records per session id, for the given sessions (sessions without one are absent). */
    Map<String, Integer> loginRecords(Collection<String> sessions) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = env.auditReader();
             ResultSet rs = c.createStatement().executeQuery("SELECT session, count(*) FROM audit_record WHERE type = 'LOGIN' GROUP BY session")) {
            while (rs.next()) {
                if (sessions.contains(rs.getString(1))) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }

    /** The whole log as text: every column of every row, to search for what must never be there. */
    String everything() throws Exception {
        StringBuilder text = new StringBuilder();
        where("true").forEach(row -> text.append(row).append('\n'));
        return text.toString();
    }
}
