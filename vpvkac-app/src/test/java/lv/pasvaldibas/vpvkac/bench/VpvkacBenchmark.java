package lv.pasvaldibas.vpvkac.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment;
import lv.pasvaldibas.vpvkac.cases.Deadline;

/**
 * Issue 12, acceptance 6: VPVKAC with years of cases. Starts the platform as the integration tests
 * do ({@link VpvkacEnvironment}: slapd, PostgreSQL, Keycloak for the tokens, WildFly with the WAR),
 * writes {@code bench.cases} applications over {@code bench.months} months into the application's
 * database with COPY ({@link CaseGenerator}), then measures, JVMs warmed, repeats interleaved, each
 * beside an anchor in the same run:
 * <ol type="a">
 *   <li>every quality indicator by month × municipality × channel for the whole period through the API
 *   ({@code /api/reports/quality}, a Ventspils supervisor's token, JSON), p50 and p95;</li>
 *   <li>the anchor of (a): the same indicators as one hand-written SQL GROUP BY over the raw table,
 *   through JDBC;</li>
 *   <li>a page of 50 of a centre's queue through the API ({@code /api/cases?centre=…}), open cases
 *   (FORWARDED) and all statuses, pages 0–9 in turn, p50 and p99, against the same page by SQL;</li>
 *   <li>case registration through the API ({@code POST /api/cases}, audited, {@code bench.threads}
 *   clients) in cases/s, against the raw INSERTs of a client, a case and its first status change, one
 *   transaction per case, as many threads.</li>
 * </ol>
 * Options (system properties): {@code bench.cases} (1,000,000), {@code bench.months} (36),
 * {@code bench.repeats} (3), {@code bench.reports} (report requests per repeat and side, 30),
 * {@code bench.queuePages} (queue pages per repeat, shape and side, 300), {@code bench.creations}
 * (registrations per repeat and side, 600), {@code bench.threads} (4), {@code bench.seed} (12).
 * A small run, {@code -Dbench.cases=20000}, takes a few minutes; its numbers are not the result.
 */
public final class VpvkacBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPERVISOR = "anna.berzina@ventspils.lv";
    private static final String SPECIALIST = "liga.kalnina@ventspils.lv";
    private static final String AWAITING = "('RECEIVED', 'IN_PROGRESS', 'FORWARDED')";

    private final VpvkacEnvironment env;
    private final Connection db;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final YearMonth from;
    private final YearMonth to;
    private final long centre;
    private final String service;
    private final AtomicLong nextCode = new AtomicLong(900_000_000L);

    /** One measured cell: latencies in ms, or a rate. */
    record Cell(String measure, String side, int repeat, List<Double> millis, double perSecond) {
        Cell withRepeat(int r) {
            return new Cell(measure, side, r, millis, perSecond);
        }

        double percentile(int p) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            int rank = (p * sorted.size() + 99) / 100;
            return sorted.get(Math.max(rank, 1) - 1);
        }
    }

    private VpvkacBenchmark(VpvkacEnvironment env, Connection db, YearMonth from, YearMonth to, long centre, String service) {
        this.env = env;
        this.db = db;
        this.from = from;
        this.to = to;
        this.centre = centre;
        this.service = service;
    }

    public static void main(String[] args) throws Exception {
        int cases = Integer.getInteger("bench.cases", 1_000_000);
        int months = Integer.getInteger("bench.months", 36);
        int repeats = Integer.getInteger("bench.repeats", 3);
        int reports = Integer.getInteger("bench.reports", 30);
        int queuePages = Integer.getInteger("bench.queuePages", 300);
        int creations = Integer.getInteger("bench.creations", 600);
        int threads = Integer.getInteger("bench.threads", 4);
        long seed = Long.getLong("bench.seed", 12);
        Path work = Path.of("target", "bench-vpvkac").toAbsolutePath();
        new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        Files.createDirectories(work);

        long t0 = System.nanoTime();
        try (VpvkacEnvironment env = VpvkacEnvironment.startIn(work); Connection db = env.database()) {
            System.out.printf(Locale.ROOT, "environment up in %.0f s (slapd, PostgreSQL, Keycloak, WildFly)%n", (System.nanoTime() - t0) / 1e9);
            Instant now = Instant.now();
            CaseGenerator.Result generated = CaseGenerator.generate(db, new CaseGenerator.Settings(cases, months, now, seed));
            long v0 = System.nanoTime();
            try (Statement s = db.createStatement()) {
                s.execute("VACUUM ANALYZE client");
                s.execute("VACUUM ANALYZE service_case");
                s.execute("VACUUM ANALYZE status_change");
            }
            System.out.printf(Locale.ROOT, "generated %,d cases, %,d status changes, %,d clients over %d months in %.0f s (VACUUM ANALYZE %.0f s);"
                            + " %s has %,d cases in %d centres%n", generated.cases(), generated.statusChanges(), generated.clients(), months,
                    generated.took().toMillis() / 1e3, (System.nanoTime() - v0) / 1e9, CaseGenerator.MEASURED,
                    generated.casesPerMunicipality().get(CaseGenerator.MEASURED), generated.centres().get(CaseGenerator.MEASURED).size());
            printSizes(db);
            YearMonth last = YearMonth.from(now.atZone(Deadline.ZONE));
            long centre = generated.centres().get(CaseGenerator.MEASURED).get(0);
            VpvkacBenchmark bench = new VpvkacBenchmark(env, db, last.minusMonths(months - 1L), last, centre, serviceOfferedInPerson(db));
            bench.run(repeats, reports, queuePages, creations, threads);
        }
    }

    private void run(int repeats, int reports, int queuePages, int creations, int threads) throws Exception {
        System.out.printf(Locale.ROOT, "report %s..%s; queue of centre %d (%,d cases, %,d FORWARDED)%n", from, to, centre,
                count("SELECT count(*) FROM service_case WHERE centre_id = " + centre),
                count("SELECT count(*) FROM service_case WHERE centre_id = " + centre + " AND status = 'FORWARDED'"));
        System.out.println("warming up...");
        reportApi(Math.max(3, reports / 3));
        reportSql(Math.max(3, reports / 3));
        queueApi("FORWARDED", queuePages);
        queueSql("FORWARDED", queuePages);
        queueApi(null, queuePages / 2);
        queueSql(null, queuePages / 2);
        createApi(Math.max(50, creations / 4), threads);
        insertSql(Math.max(50, creations / 4), threads);

        List<Cell> cells = new ArrayList<>();
        for (int r = 1; r <= repeats; r++) {
            // who goes first alternates, so neither always runs after the other's garbage or cache misses
            boolean apiFirst = r % 2 == 1;
            for (int turn = 0; turn < 2; turn++) {
                boolean api = apiFirst == (turn == 0);
                cells.add(api ? cell("a report", "API", r, reportApi(reports)) : cell("a report", "SQL", r, reportSql(reports)));
            }
            for (String status : new String[] {"FORWARDED", null}) {
                String name = status == null ? "c queue, all statuses" : "c queue, FORWARDED";
                for (int turn = 0; turn < 2; turn++) {
                    boolean api = apiFirst == (turn == 0);
                    cells.add(api ? cell(name, "API", r, queueApi(status, queuePages)) : cell(name, "SQL", r, queueSql(status, queuePages)));
                }
            }
            for (int turn = 0; turn < 2; turn++) {
                boolean api = apiFirst == (turn == 0);
                cells.add(api ? createApi(creations, threads).withRepeat(r) : insertSql(creations, threads).withRepeat(r));
            }
            cells.subList(cells.size() - 8, cells.size()).forEach(VpvkacBenchmark::printCell);
        }
        printTable(cells, repeats);
        printPlans();
    }

    // ------------------------------------------------------------------ (a) and (b): the report

    private List<Double> reportApi(int n) throws Exception {
        String token = env.token(SUPERVISOR);
        List<Double> millis = new ArrayList<>();
        int expectedRows;
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(env.wildfly().baseUrl() + "/api/reports/quality?from=" + from
                    + "&to=" + to + "&by=MUNICIPALITY,CHANNEL&format=json")).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
            millis.add((System.nanoTime() - t) / 1e6);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("report: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (i == 0) {
                expectedRows = JSON.readTree(r.body()).size();
                if (expectedRows < from.until(to, java.time.temporal.ChronoUnit.MONTHS) + 1) {
                    throw new IllegalStateException("the report has only " + expectedRows + " rows");
                }
            }
        }
        return millis;
    }

    /** The anchor: what one would write by hand for the same table of indicators, straight over service_case. */
    private List<Double> reportSql(int n) throws SQLException {
        String due = "((due_on + 1)::timestamp AT TIME ZONE 'Europe/Riga')";
        String sql = "SELECT to_char(received_at AT TIME ZONE 'Europe/Riga', 'YYYY-MM'), municipality, channel, count(*),"
                + " count(delivered_at), percentile_disc(0.5) WITHIN GROUP (ORDER BY delivered_at - received_at),"
                + " percentile_disc(0.9) WITHIN GROUP (ORDER BY delivered_at - received_at),"
                + " count(result_ready_at), percentile_disc(0.5) WITHIN GROUP (ORDER BY result_ready_at - first_action_at),"
                + " percentile_disc(0.9) WITHIN GROUP (ORDER BY result_ready_at - first_action_at),"
                + " count(first_action_at), percentile_disc(0.5) WITHIN GROUP (ORDER BY first_action_at - received_at),"
                + " percentile_disc(0.9) WITHIN GROUP (ORDER BY first_action_at - received_at),"
                + " count(*) FILTER (WHERE result_ready_at IS NOT NULL OR (status IN " + AWAITING + " AND now() >= " + due + ")),"
                + " count(*) FILTER (WHERE result_ready_at >= " + due + " OR (result_ready_at IS NULL AND status IN " + AWAITING
                + " AND now() >= " + due + "))"
                + " FROM service_case WHERE municipality = ? AND received_at >= ? AND received_at < ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            int rows = 0;
            try (PreparedStatement s = db.prepareStatement(sql)) {
                s.setString(1, CaseGenerator.MEASURED);
                s.setObject(2, start(from));
                s.setObject(3, start(to.plusMonths(1)));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                        rows++;
                    }
                }
            }
            millis.add((System.nanoTime() - t) / 1e6);
            if (rows == 0) {
                throw new IllegalStateException("the anchor report is empty");
            }
        }
        return millis;
    }

    // ------------------------------------------------------------------ (c): a centre's queue page

    private List<Double> queueApi(String status, int n) throws Exception {
        String token = env.token(SPECIALIST);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String uri = env.wildfly().baseUrl() + "/api/cases?centre=" + centre + (status == null ? "" : "&status=" + status)
                    + "&page=" + (i % 10) + "&size=50";
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
            millis.add((System.nanoTime() - t) / 1e6);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("queue: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            }
        }
        return millis;
    }

    /** The same page by SQL: the case with its client and centre, as the application reads it, oldest first. */
    private List<Double> queueSql(String status, int n) throws SQLException {
        String sql = "SELECT c.*, k.*, e.* FROM service_case c JOIN client k ON k.id = c.client_id JOIN centre e ON e.id = c.centre_id"
                + " WHERE c.municipality = ? AND c.centre_id = ?" + (status == null ? "" : " AND c.status = ?")
                + " ORDER BY c.received_at, c.id OFFSET ? LIMIT 50";
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            try (PreparedStatement s = db.prepareStatement(sql)) {
                int p = 1;
                s.setString(p++, CaseGenerator.MEASURED);
                s.setLong(p++, centre);
                if (status != null) {
                    s.setString(p++, status);
                }
                s.setInt(p, (i % 10) * 50);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
            }
            millis.add((System.nanoTime() - t) / 1e6);
        }
        return millis;
    }

    // ------------------------------------------------------------------ (d): registering cases

    private Cell createApi(int n, int threads) throws Exception {
        String token = env.token(SPECIALIST);
        return concurrently("d create", "API", n, threads, () -> {
            long code = nextCode.getAndIncrement();
            String digits = String.format(Locale.ROOT, "32%09d", code);
            String body = JSON.writeValueAsString(Map.of("personalCode", digits.substring(0, 6) + "-" + digits.substring(6),
                    "givenName", "Ērika", "surname", "Ūdre-" + code, "serviceCode", service, "centreId", centre, "channel", "IN_PERSON"));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(env.wildfly().baseUrl() + "/api/cases"))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("register: " + r.statusCode() + " " + r.body());
            }
        });
    }

    /** The anchor: the same three rows by plain INSERTs (no audit, no token, no HTTP), one transaction per case. */
    private Cell insertSql(int n, int threads) throws Exception {
        List<Connection> connections = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<Connection> own = ThreadLocal.withInitial(() -> {
            try {
                Connection c = env.database();
                c.setAutoCommit(false);
                connections.add(c);
                return c;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return concurrently("d create", "SQL", n, threads, () -> {
                Connection c = own.get();
                long code = nextCode.getAndIncrement();
                String digits = String.format(Locale.ROOT, "32%09d", code);
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                long client;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO client (municipality, kind, personal_code, code_ref, given_name,"
                        + " surname, created_at) VALUES (?, 'PERSON', ?, ?, 'Ērika', ?, ?) RETURNING id")) {
                    s.setString(1, CaseGenerator.MEASURED);
                    s.setString(2, digits.substring(0, 6) + "-" + digits.substring(6));
                    s.setString(3, Long.toHexString(code));
                    s.setString(4, "Ūdre-" + code);
                    s.setObject(5, now);
                    client = single(s);
                }
                long id;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO service_case (municipality, centre_id, service_code, institution_code,"
                        + " client_id, channel, status, assignee, received_at, due_on) SELECT ?, ?, code, institution_code, ?, 'IN_PERSON',"
                        + " 'RECEIVED', ?, ?, current_date + 10 FROM service WHERE code = ? RETURNING id")) {
                    s.setString(1, CaseGenerator.MEASURED);
                    s.setLong(2, centre);
                    s.setLong(3, client);
                    s.setString(4, SPECIALIST);
                    s.setObject(5, now);
                    s.setString(6, service);
                    id = single(s);
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO status_change (case_id, to_status, at, actor) VALUES (?, 'RECEIVED', ?, ?)")) {
                    s.setLong(1, id);
                    s.setObject(2, now);
                    s.setString(3, SPECIALIST);
                    s.executeUpdate();
                }
                c.commit();
            });
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    interface Action {
        void run() throws Exception;
    }

    private static Cell concurrently(String measure, String side, int n, int threads, Action action) throws Exception {
        AtomicLong left = new AtomicLong(n);
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        long began = System.nanoTime();
                        action.run();
                        millis.add((System.nanoTime() - began) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Cell(measure, side, 0, new ArrayList<>(millis), n / seconds);
    }

    // ------------------------------------------------------------------ output

    private static Cell cell(String measure, String side, int repeat, List<Double> millis) {
        return new Cell(measure, side, repeat, millis, 0);
    }

    private static void printCell(Cell c) {
        System.out.printf(Locale.ROOT, "  repeat %d  %-22s %-3s  n=%4d  p50 %8.2f ms  p95 %8.2f ms  p99 %8.2f ms%s%n", c.repeat(), c.measure(),
                c.side(), c.millis().size(), c.percentile(50), c.percentile(95), c.percentile(99),
                c.perSecond() > 0 ? String.format(Locale.ROOT, "  %.1f cases/s", c.perSecond()) : "");
    }

    private static void printTable(List<Cell> cells, int repeats) {
        System.out.println();
        System.out.printf("Medians of %d repeats (ours = the application through its HTTP API; anchor = plain SQL over the raw tables, same run)%n",
                repeats);
        System.out.println("| measure | ours p50 | ours p95 | ours p99 | anchor p50 | anchor p95 | anchor p99 | ours/anchor p50 | target |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("a report", "p95 < 1 s");
        targets.put("c queue, FORWARDED", "p99 < 50 ms");
        targets.put("c queue, all statuses", "p99 < 50 ms");
        for (var target : targets.entrySet()) {
            double[] ours = medians(cells, target.getKey(), "API");
            double[] anchor = medians(cells, target.getKey(), "SQL");
            System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f× | %s |%n", target.getKey(),
                    ours[0], ours[1], ours[2], anchor[0], anchor[1], anchor[2], ours[0] / anchor[0], target.getValue());
        }
        double ours = median(cells.stream().filter(c -> c.measure().equals("d create") && c.side().equals("API")).map(Cell::perSecond).toList());
        double anchor = median(cells.stream().filter(c -> c.measure().equals("d create") && c.side().equals("SQL")).map(Cell::perSecond).toList());
        System.out.printf(Locale.ROOT, "| d create (cases/s) | %.1f | | | %.1f | | | %.2f× | (measured) |%n", ours, anchor, ours / anchor);
    }

    private static double[] medians(List<Cell> cells, String measure, String side) {
        List<Cell> mine = cells.stream().filter(c -> c.measure().equals(measure) && c.side().equals(side)).toList();
        return new double[] {median(mine.stream().map(c -> c.percentile(50)).toList()), median(mine.stream().map(c -> c.percentile(95)).toList()),
            median(mine.stream().map(c -> c.percentile(99)).toList())};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2);
    }

    private void printPlans() throws SQLException {
        System.out.println();
        System.out.println("plan of the application's queue page (centre, FORWARDED, page 9):");
        explain("EXPLAIN (ANALYZE, BUFFERS) SELECT c.* FROM service_case c JOIN client k ON k.id = c.client_id JOIN centre e ON e.id = c.centre_id"
                + " WHERE c.municipality = '" + CaseGenerator.MEASURED + "' AND c.centre_id = " + centre + " AND c.status = 'FORWARDED'"
                + " ORDER BY c.received_at, c.id OFFSET 450 LIMIT 50");
        System.out.println("plan of the anchor report's scan:");
        explain("EXPLAIN (ANALYZE, BUFFERS) SELECT channel, count(*), percentile_disc(0.5) WITHIN GROUP (ORDER BY delivered_at - received_at)"
                + " FROM service_case WHERE municipality = '" + CaseGenerator.MEASURED + "' AND received_at >= '" + start(from)
                + "' GROUP BY channel");
    }

    private void explain(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                System.out.println("    " + rs.getString(1));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static OffsetDateTime start(YearMonth month) {
        return month.atDay(1).atStartOfDay(Deadline.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    private long count(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String serviceOfferedInPerson(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT code FROM service WHERE active AND channels LIKE '%IN_PERSON%' ORDER BY code LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void printSizes(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT relname, pg_size_pretty(pg_relation_size(oid))"
                + " FROM pg_class WHERE relname LIKE 'service_case%' OR relname LIKE 'status_change%' OR relname = 'client'"
                + " ORDER BY pg_relation_size(oid) DESC")) {
            StringBuilder line = new StringBuilder("sizes:");
            while (rs.next()) {
                line.append(' ').append(rs.getString(1)).append(' ').append(rs.getString(2)).append(';');
            }
            System.out.println(line);
        }
    }
}
