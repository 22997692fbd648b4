package lv.pasvaldibas.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import lv.pasvaldibas.testsupport.DirectoryData;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.LdifBuilder;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.Slapd;

/**
 * Directory federation benchmark: this platform's routed federation side by side with stock
 * Keycloak 26.7.3 configured with one built-in LDAP provider per directory, on the same slapd, the
 * same users and the same machine, in one run. Prints one table row per cell; see docs/benchmarks.md.
 *
 * <p>Run with {@code bin/platform bench}. Alone on the machine: it starts 43 slapd processes,
 * PostgreSQL and two Keycloak servers, and stops them all at the end.
 *
 * <p>Options (system properties, {@code bin/platform bench federation -Dname=value}); without them
 * the run is the documented one:
 * <ul>
 *   <li>{@code bench.usersPerDirectory} (200): accounts per directory; from 1,000 on they are loaded
 *       with slapadd ({@link BulkAccounts}), so 43 × 10,000 take a few minutes</li>
 *   <li>{@code bench.directoryCounts} (1,10,43): the values of N</li>
 *   <li>{@code bench.modes} (abcde): the modes to run</li>
 *   <li>{@code bench.repeats} (3): repeats per cell</li>
 *   <li>{@code bench.sql} (false): count the SQL statements each Keycloak sends per sign-in
 *       (pg_stat_statements); a breakdown per cell goes to {@code target/bench/sql/}</li>
 *   <li>{@code bench.jfr} (false): a flight recording of each cell of each Keycloak, in
 *       {@code target/bench/jfr/}</li>
 * </ul>
 * Each row also gives the Keycloak JVM's CPU time per sign-in (user + system, all threads).
 */
public final class FederationBenchmark {

    static final int USERS_PER_DIRECTORY = Integer.getInteger("bench.usersPerDirectory", 200);
    /** From this many accounts per directory on, slapadd loads them (ldapadd would take minutes). */
    static final int BULK_FROM = 1000;
    static final int CLIENTS = 8;
    static final int REPEATS = Integer.getInteger("bench.repeats", 3);
    static final String PASSWORD = "Bench-Parole-1";
    static final int[] DIRECTORY_COUNTS = java.util.Arrays.stream(System.getProperty("bench.directoryCounts", "1,10,43").split(","))
            .map(String::trim).mapToInt(Integer::parseInt).toArray();
    static final String MODES = System.getProperty("bench.modes", "abcde");
    static final int MAX_DIRECTORIES = java.util.Arrays.stream(DIRECTORY_COUNTS).max().orElse(43);

    record Cell(String system, int n, String mode, int repeat, int requests, int failures, double perSecond,
                double p50, double p99, double searchesPer, double bindsPer, double cpuMsPer, double sqlPer) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "| %-6s | %2d | %-22s | %d | %5d | %4d | %7.1f | %7.1f | %7.1f | %5.2f | %5.2f | %6.2f | %s |",
                    system, n, mode, repeat, requests, failures, perSecond, p50, p99, searchesPer, bindsPer, cpuMsPer,
                    Double.isNaN(sqlPer) ? "-" : String.format(Locale.ROOT, "%6.2f", sqlPer));
        }
    }

    /** One system under test: a Keycloak and how its users type their names. */
    private record Target(String name, KeycloakClient client, boolean routed, KeycloakProbe probe, String database) {
        String username(int directory, int user) {
            String uid = "u" + directory + "x" + user;
            return routed ? uid + "@m" + directory + ".lv" : uid;
        }
    }

    private final Slapd slapd;
    private final SqlCounter sql;
    private final List<Cell> cells = new ArrayList<>();

    private FederationBenchmark(Slapd slapd, SqlCounter sql) {
        this.slapd = slapd;
        this.sql = sql;
    }

    private static LdifBuilder accounts(int d, int users) {
        LdifBuilder ldif = new LdifBuilder("m" + d + ".lv", DirectoryData.Flavor.OPENLDAP, "svc-" + d);
        for (int u = 0; u < users; u++) {
            ldif.person(LdifBuilder.Person.of("u" + d + "x" + u, "Jānis", "Bērziņš " + d + "-" + u, PASSWORD, "darbinieki"));
        }
        return ldif;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of("target", "bench").toAbsolutePath();
        // a fresh slapd data set every run
        new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        Files.createDirectories(work);
        boolean bulk = USERS_PER_DIRECTORY >= BULK_FROM;
        Slapd.Builder directories = Slapd.builder().processPerDirectory().statsLog();
        for (int d = 0; d < MAX_DIRECTORIES; d++) {
            directories.directory(accounts(d, bulk ? 0 : USERS_PER_DIRECTORY).directory("m" + d));
        }
        Path providerJar = Path.of(System.getProperty("provider.jar"));
        Path jfr = Boolean.getBoolean("bench.jfr") ? work.resolve("jfr") : null;
        try (Slapd slapd = directories.start(work.resolve("slapd"));
             Postgres pg = Postgres.start()) {
            if (bulk) {
                long t0 = System.nanoTime();
                for (int d = 0; d < MAX_DIRECTORIES; d++) {
                    BulkAccounts.load(slapd, work.resolve("slapd"), "m" + d, accounts(d, USERS_PER_DIRECTORY));
                }
                System.out.printf(Locale.ROOT, "Loaded %d x %d accounts in %.0f s%n", MAX_DIRECTORIES, USERS_PER_DIRECTORY,
                        (System.nanoTime() - t0) / 1e9);
            }
            SqlCounter sql = Boolean.getBoolean("bench.sql") ? SqlCounter.install(pg, work.resolve("sql")) : null;
            try (KeycloakServer ours = KeycloakServer.builder().provider(providerJar)
                         .database(pg.createDatabase("ours", "ours", "ours-pw")).start(work.resolve("ours"));
                 KeycloakServer stock = KeycloakServer.builder()
                         .database(pg.createDatabase("stock", "stock", "stock-pw")).start(work.resolve("stock"))) {
                run(slapd, sql, new Target("ours", ours.client(), true, KeycloakProbe.of("ours", work.resolve("ours/keycloak"), jfr), "ours"),
                        new Target("stock", stock.client(), false, KeycloakProbe.of("stock", work.resolve("stock/keycloak"), jfr), "stock"));
            }
        }
    }

    private static void run(Slapd slapd, SqlCounter sql, Target ours, Target stock) throws Exception {
        FederationBenchmark bench = new FederationBenchmark(slapd, sql);
        for (int n : DIRECTORY_COUNTS) {
            RealmSetup.ours(ours.client(), "bench" + n, n, slapd);
            RealmSetup.stock(stock.client(), "bench" + n, n, slapd);
            bench.run(n, ours, stock);
        }
        System.out.println();
        System.out.println("| system | N | mode | rep | requests | failures | sign-ins/s | p50 ms | p99 ms | searches/sign-in"
                + " | binds/sign-in | Keycloak CPU ms/sign-in | SQL statements/sign-in |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        bench.cells.forEach(System.out::println);
    }

    private void run(int n, Target ours, Target stock) throws Exception {
        String realm = "bench" + n;
        // warm-up: imports users 0..19 of every directory on both systems and warms the JVMs
        for (Target s : List.of(ours, stock)) {
            measure(s, realm, n, "warm-up", 0, 20 * Math.min(n, 10), i -> s.username(i % Math.min(n, 10), i / Math.min(n, 10)), PASSWORD);
        }
        cells.removeIf(c -> c.mode().equals("warm-up"));
        int firstPerRepeat = n == 1 ? 50 : 120;
        for (int r = 1; r <= REPEATS; r++) {
            int repeat = r;
            for (Target s : List.of(ours, stock)) {
                // (b) first sign-in: accounts never seen by this Keycloak
                int offset = 20 + (repeat - 1) * ((firstPerRepeat + n - 1) / n);
                if (mode('b')) measure(s, realm, n, "b first sign-in", repeat, firstPerRepeat, i -> s.username(i % n, offset + i / n), PASSWORD);
                // (a) returning users
                if (mode('a')) measure(s, realm, n, "a returning", repeat, 400, i -> s.username(i % Math.min(n, 10), (i / Math.min(n, 10)) % 20), PASSWORD);
                // (c) unknown names: ours routed to a real directory; stock as typed
                if (mode('c')) measure(s, realm, n, "c unknown name", repeat, 200, i -> s.routed() ? "nobody" + repeat + "x" + i + "@m" + (i % n) + ".lv"
                        : "nobody" + repeat + "x" + i, PASSWORD);
                if (s.routed() && mode('c')) {
                    measure(s, realm, n, "c unknown domain", repeat, 200, i -> "nobody" + repeat + "x" + i + "@riga.lv", PASSWORD);
                }
            }
        }
        if (n > 1 && mode('d')) {
            slapd.freeze("m0");
            try {
                for (int r = 1; r <= REPEATS; r++) {
                    int repeat = r;
                    for (Target s : List.of(ours, stock)) {
                        int offset = 20 + REPEATS * ((firstPerRepeat + n - 1) / n) + (repeat - 1) * 2;
                        // (d) one directory hung: users of the healthy ones, returning and first sign-in
                        measure(s, realm, n, "d frozen: returning", repeat, 200, i -> s.username(1 + i % Math.min(n - 1, 9), i % 20), PASSWORD);
                        measure(s, realm, n, "d frozen: first", repeat, 2 * (n - 1), i -> s.username(1 + i % (n - 1), offset + i / (n - 1)), PASSWORD);
                    }
                }
            } finally {
                slapd.thaw("m0");
            }
        }
        if (n == 10 && mode('e')) {
            for (int r = 1; r <= REPEATS; r++) {
                int repeat = r;
                for (Target s : List.of(ours, stock)) {
                    // (e) enumeration by timing: a wrong password of a real account vs an unknown name, one client.
                    // Accounts 180..199, used nowhere else, each get at most 3 wrong passwords per system: the
                    // directories' password policy locks an account after 10 (the first run locked the
                    // returning-user accounts this way and reported it as failures at N = 43)
                    measureSequential(s, realm, n, "e wrong password", repeat, 100, i -> s.username(i % 10, 180 + (i / 10 + repeat * 7) % 20), "wrong-" + i(repeat));
                    measureSequential(s, realm, n, "e unknown name", repeat, 100, i -> s.routed() ? "ghost" + repeat + "x" + i + "@m" + (i % 10) + ".lv"
                            : "ghost" + repeat + "x" + i, PASSWORD);
                }
            }
        }
    }

    private static boolean mode(char mode) {
        return MODES.indexOf(mode) >= 0;
    }

    private static String i(int repeat) {
        return Integer.toString(repeat);
    }

    private void measureSequential(Target s, String realm, int n, String mode, int repeat, int requests,
                                   IntFunction<String> username, String password) throws Exception {
        run(s, realm, n, mode, repeat, requests, username, password, 1);
    }

    private void measure(Target s, String realm, int n, String mode, int repeat, int requests,
                         IntFunction<String> username, String password) throws Exception {
        run(s, realm, n, mode, repeat, requests, username, password, CLIENTS);
    }

    private void run(Target s, String realm, int n, String mode, int repeat, int requests, IntFunction<String> username,
                     String password, int clients) throws Exception {
        boolean expectSuccess = PASSWORD.equals(password) && !mode.startsWith("c ") && !mode.equals("e unknown name");
        Map<String, Long> before = slapd.operationCounts();
        String cellName = n + "-" + mode.replaceAll("[^a-z0-9]+", "_") + "-" + repeat;
        Map<String, SqlCounter.Statement> sqlBefore = sql == null ? null : sql.snapshot(s.database());
        s.probe().startRecording(cellName);
        long cpuBefore = s.probe().cpuNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    int status = s.client().passwordGrant(realm, "bench-cli", null, username.apply(i), password).status();
                    latencies.add(System.nanoTime() - t0);
                    if ((status == 200) != expectSuccess) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMsPer = (s.probe().cpuNanos() - cpuBefore) / 1e6 / requests;
        s.probe().stopRecording(cellName);
        double sqlPer = sql == null ? Double.NaN : sql.perSignIn(sqlBefore, sql.snapshot(s.database()), requests, s.name() + "-" + cellName);
        pool.shutdown();
        Map<String, Long> after = slapd.operationCounts();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Cell cell = new Cell(s.name(), n, mode, repeat, requests, failures.get(), requests / seconds,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6,
                (after.getOrDefault("SRCH", 0L) - before.getOrDefault("SRCH", 0L)) / (double) requests,
                (after.getOrDefault("BIND", 0L) - before.getOrDefault("BIND", 0L)) / (double) requests, cpuMsPer, sqlPer);
        cells.add(cell);
        System.out.println(cell);
    }
}
