package lv.pasvaldibas.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lv.pasvaldibas.testsupport.Postgres;

/**
 * SQL statements each Keycloak sends to PostgreSQL, counted by {@code pg_stat_statements} (loaded
 * with a restart of the benchmark's own cluster before Keycloak starts). Per cell: the statements
 * per sign-in, and a file listing which statements, most frequent first.
 */
final class SqlCounter {

    private final Postgres pg;
    private final Path reports;

    private SqlCounter(Postgres pg, Path reports) {
        this.pg = pg;
        this.reports = reports;
    }

    /** Loads pg_stat_statements into {@code pg} (restarts it): call before any Keycloak connects. */
    static SqlCounter install(Postgres pg, Path reports) {
        pg.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
        pg.stop();
        pg.restart();
        pg.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        return new SqlCounter(pg, reports);
    }

    /** Calls so far per statement (query id → calls, with the text) in {@code database}. */
    Map<String, Statement> snapshot(String database) {
        Map<String, Statement> calls = new HashMap<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", pg.superPassword());
             PreparedStatement s = c.prepareStatement("SELECT s.queryid::text, s.calls, s.query FROM pg_stat_statements s"
                     + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    calls.merge(rs.getString(1), new Statement(rs.getLong(2), rs.getString(3)),
                            (a, b) -> new Statement(a.calls() + b.calls(), a.text()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_statements: " + e.getMessage(), e);
        }
        return calls;
    }

    record Statement(long calls, String text) {
    }

    /** Statements per sign-in between two snapshots; writes the breakdown to {@code reports/<cell>.txt}. */
    double perSignIn(Map<String, Statement> before, Map<String, Statement> after, int signIns, String cell) {
        List<Map.Entry<String, Long>> deltas = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Statement> e : after.entrySet()) {
            long delta = e.getValue().calls() - before.getOrDefault(e.getKey(), new Statement(0, "")).calls();
            if (delta > 0) {
                deltas.add(Map.entry(e.getValue().text(), delta));
                total += delta;
            }
        }
        deltas.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%d statements, %d sign-ins, %.2f per sign-in%n%n",
                total, signIns, total / (double) signIns));
        for (Map.Entry<String, Long> d : deltas) {
            report.append(String.format(Locale.ROOT, "%8.2f  %s%n", d.getValue() / (double) signIns,
                    d.getKey().replaceAll("\\s+", " ")));
        }
        try {
            Files.createDirectories(reports);
            Files.writeString(reports.resolve(cell + ".txt"), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total / (double) signIns;
    }
}
