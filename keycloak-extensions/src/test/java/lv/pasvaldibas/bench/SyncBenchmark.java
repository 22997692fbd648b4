package lv.pasvaldibas.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import lv.pasvaldibas.testsupport.DirectoryData;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.LdifBuilder;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.Slapd;

/**
 * Directory sync at real size: {@code -Dsync.directories} (43) directories of {@code -Dsync.accounts}
 * (10,000) accounts each, imported by this platform's full sync and by stock Keycloak 26.7.3's own LDAP
 * full sync (one provider per directory) of the same slapd, on the same PostgreSQL and machine, in one
 * run. Ours also: progress while it runs, sign-ins during the sync against idle, killed halfway (kill
 * -9) and restarted to resume, every account exactly once at the end; then a changed-users sync of 1 %
 * of the accounts on both. See docs/benchmarks.md. Run with {@code bin/platform bench sync}, alone.
 */
public final class SyncBenchmark {

    static final String PASSWORD = "Bench-Parole-1";
    private static final int DIRECTORIES = Integer.getInteger("sync.directories", 43);
    private static final int ACCOUNTS = Integer.getInteger("sync.accounts", 10_000);
    /** {@code -Dsync.stock=false} leaves stock out (its part takes three times as long as ours). */
    private static final boolean STOCK = Boolean.parseBoolean(System.getProperty("sync.stock", "true"));
    /** {@code -Dsync.ours=false} leaves ours out: stock's side of a size measured for ours in an earlier run. */
    private static final boolean OURS = Boolean.parseBoolean(System.getProperty("sync.ours", "true"));
    private static final int SIGN_IN_CLIENTS = 4;
    /** A sync request may take long: ours answers after at most 120 s, stock's only at the end of the directory. */
    private static final java.time.Duration LONG = java.time.Duration.ofMinutes(30);

    private final Slapd slapd;
    private final Postgres.Database oursDb;
    private final List<String> results = new ArrayList<>();

    private SyncBenchmark(Slapd slapd, Postgres.Database oursDb) {
        this.slapd = slapd;
        this.oursDb = oursDb;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of("target", "bench-sync").toAbsolutePath();
        new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        Files.createDirectories(work);
        long loadStart = System.nanoTime();
        Slapd.Builder directories = Slapd.builder().processPerDirectory();
        for (int d = 0; d < DIRECTORIES; d++) {
            directories.directory(directory(d));
        }
        Path providerJar = Path.of(System.getProperty("provider.jar"));
        try (Slapd slapd = directories.start(work.resolve("slapd"));
             Postgres pg = Postgres.start()) {
            System.out.printf(Locale.ROOT, "Loaded %d x %d accounts into slapd in %.0f s%n", DIRECTORIES, ACCOUNTS, seconds(loadStart));
            Postgres.Database oursDb = pg.createDatabase("ours", "ours", "ours-pw");
            try (KeycloakServer ours = OURS ? KeycloakServer.builder().provider(providerJar).database(oursDb).start(work.resolve("ours")) : null;
                 KeycloakServer stock = STOCK ? KeycloakServer.builder().database(pg.createDatabase("stock", "stock", "stock-pw"))
                         .start(work.resolve("stock")) : null) {
                SyncBenchmark bench = new SyncBenchmark(slapd, oursDb);
                if (OURS) {
                    RealmSetup.ours(ours.client(), "sync", DIRECTORIES, slapd);
                }
                if (STOCK) {
                    RealmSetup.stock(stock.client(), "sync", DIRECTORIES, slapd);
                    pageBySync(stock.client());
                }
                if (OURS) {
                    bench.ours(ours);
                }
                if (STOCK) {
                    bench.stock(stock.client());
                }
                bench.changed(OURS ? ours.client() : null, STOCK ? stock.client() : null);
                System.out.println();
                bench.results.forEach(System.out::println);
            }
        }
    }

    /** A result line: printed at once (a later failure keeps it) and again in the summary. */
    private void report(String line) {
        System.out.println("RESULT " + line);
        results.add(line);
    }

    private static DirectoryData directory(int d) {
        LdifBuilder ldif = new LdifBuilder("m" + d + ".lv", DirectoryData.Flavor.OPENLDAP, "svc-" + d);
        for (int u = 0; u < ACCOUNTS; u++) {
            ldif.person(LdifBuilder.Person.of("u" + d + "x" + u, "Jānis", "Bērziņš-Ķēniņš " + d + "-" + u, PASSWORD));
        }
        return ldif.directory("m" + d);
    }

    private void ours(KeycloakServer ours) throws Exception {
        KeycloakClient client = ours.client();
        // returning users for the sign-in measurements: 200 accounts of directory m1 signed in once
        signIns(client, 200, 1, i -> "u1x" + i + "@m1.lv");
        signIns(client, 400, SIGN_IN_CLIENTS, i -> "u1x" + (i % 200) + "@m1.lv");
        List<Long> idle = signIns(client, 600, SIGN_IN_CLIENTS, i -> "u1x" + (i % 200) + "@m1.lv");
        report(String.format(Locale.ROOT, "ours idle sign-ins: p50 %.1f ms, p99 %.1f ms", percentile(idle, 50), percentile(idle, 99)));

        String storage = client.adminGet("/realms/sync/components?name=municipal-directories").body().get(0).get("id").asText();
        long start = System.nanoTime();
        Thread trigger = triggerInBackground(client, "/realms/sync/user-storage/" + storage + "/sync?action=triggerFullSync");
        long total = (long) DIRECTORIES * ACCOUNTS;
        // sign-ins while the sync runs, until about a third is done
        List<Long> during = new ArrayList<>();
        while (accountsDone() < total / 3) {
            // a busy morning, not a flood: 100 sign-ins by 4 clients every 5 s
            during.addAll(signIns(client, 100, SIGN_IN_CLIENTS, i -> "u1x" + (i % 200) + "@m1.lv"));
            Thread.sleep(5_000);
            progress(start, total);
        }
        report(String.format(Locale.ROOT, "ours sign-ins during sync: p50 %.1f ms, p99 %.1f ms (%d sign-ins)",
                percentile(during, 50), percentile(during, 99), during.size()));
        while (accountsDone() < total / 2) {
            Thread.sleep(5_000);
            progress(start, total);
        }
        long killedAfter = accountsDone();
        double beforeKill = seconds(start);
        ours.kill();
        trigger.join();
        long restartStart = System.nanoTime();
        ours.start(List.of());
        double restart = seconds(restartStart);
        // a sync whose node stopped is resumable once its heartbeat is older than 30 s
        Thread.sleep(31_000);
        long resumeStart = System.nanoTime();
        trigger = triggerInBackground(client, "/realms/sync/user-storage/" + storage + "/sync?action=triggerFullSync");
        while (!allDone()) {
            Thread.sleep(5_000);
            progress(resumeStart, total);
        }
        double resumed = seconds(resumeStart);
        trigger.join();
        long[] exact = exactlyOnce();
        report(String.format(Locale.ROOT, "ours full sync %d accounts: %.0f s before kill -9 (%d done), Keycloak restart %.0f s, "
                        + "resumed run %.0f s; sync time %.0f s (%.0f accounts/s); users %d, distinct entries %d, duplicates %d",
                total, beforeKill, killedAfter, restart, resumed, beforeKill + resumed, total / (beforeKill + resumed),
                exact[0], exact[1], exact[0] - exact[1]));
    }

    private void stock(KeycloakClient client) {
        long start = System.nanoTime();
        int failures = 0;
        for (JsonRow provider : providers(client)) {
            KeycloakClient.Response r = client.adminPost("/realms/sync/user-storage/" + provider.id() + "/sync?action=triggerFullSync", "", LONG);
            if (r.status() != 200 || r.body().get("failed").asInt() != 0) {
                failures++;
                System.out.println("stock sync of " + provider.name() + ": " + r.status() + " " + r.raw());
            }
            // a long run shows its rate as it goes: a stopped run still tells it
            System.out.printf(Locale.ROOT, "stock %s done after %.0f s: %s%n", provider.name(), seconds(start), r.raw());
        }
        double took = seconds(start);
        long total = (long) DIRECTORIES * ACCOUNTS;
        report(String.format(Locale.ROOT, "stock full sync %d accounts: %.0f s (%.0f accounts/s), %d providers failed",
                total, took, total / took, failures));
    }

    /** 1 % of each directory's accounts get a new title; then a changed-users sync on both systems. */
    private void changed(KeycloakClient ours, KeycloakClient stock) throws Exception {
        Thread.sleep(1_100); // modifyTimestamp has whole seconds: the change must come after the last sync
        int changed = ACCOUNTS / 100;
        for (int d = 0; d < DIRECTORIES; d++) {
            StringBuilder ldif = new StringBuilder();
            for (int u = 0; u < changed; u++) {
                ldif.append("dn: uid=u").append(d).append('x').append(u * 100).append(",ou=people,").append(LdifBuilder.suffixOf("m" + d + ".lv"))
                        .append("\nchangetype: modify\nreplace: title\n").append(LdifBuilder.attr("title", "Vecākais referents " + u)).append("\n\n");
            }
            slapd.modify("m" + d, ldif.toString());
        }
        if (ours != null) {
            String storage = ours.adminGet("/realms/sync/components?name=municipal-directories").body().get(0).get("id").asText();
            long start = System.nanoTime();
            KeycloakClient.Response r = ours.adminPost("/realms/sync/user-storage/" + storage + "/sync?action=triggerChangedUsersSync", "", LONG);
            report(String.format(Locale.ROOT, "ours changed-users sync of %d changed accounts: %.1f s, answer %d %s",
                    changed * DIRECTORIES, seconds(start), r.status(), r.raw()));
        }
        if (stock == null) {
            return;
        }
        long start = System.nanoTime();
        int updated = 0;
        for (JsonRow provider : providers(stock)) {
            KeycloakClient.Response s = stock.adminPost("/realms/sync/user-storage/" + provider.id() + "/sync?action=triggerChangedUsersSync", "", LONG);
            updated += s.status() == 200 ? s.body().get("updated").asInt() : 0;
        }
        report(String.format(Locale.ROOT, "stock changed-users sync of %d changed accounts: %.1f s, %d updated",
                changed * DIRECTORIES, seconds(start), updated));
    }

    /** Stock reads a directory of 10,000 accounts only page by page (slapd answers 2,000 to a plain search, as AD answers 1,000). */
    private static void pageBySync(KeycloakClient stock) {
        for (JsonRow provider : providers(stock)) {
            com.fasterxml.jackson.databind.node.ObjectNode component =
                    (com.fasterxml.jackson.databind.node.ObjectNode) stock.adminGet("/realms/sync/components/" + provider.id()).body();
            ((com.fasterxml.jackson.databind.node.ObjectNode) component.get("config")).putArray("pagination").add("true");
            ((com.fasterxml.jackson.databind.node.ObjectNode) component.get("config")).putArray("batchSizeForSync").add("1000");
            KeycloakClient.Response r = stock.adminPut("/realms/sync/components/" + provider.id(), component);
            if (r.status() != 204) {
                throw new IllegalStateException("could not turn paging on for " + provider.name() + ": " + r.raw());
            }
        }
    }

    private record JsonRow(String id, String name) {
    }

    private static List<JsonRow> providers(KeycloakClient client) {
        List<JsonRow> rows = new ArrayList<>();
        client.adminGet("/realms/sync/components?type=org.keycloak.storage.UserStorageProvider").body()
                .forEach(c -> rows.add(new JsonRow(c.get("id").asText(), c.get("name").asText())));
        rows.sort(java.util.Comparator.comparing(JsonRow::name));
        return rows;
    }

    private static Thread triggerInBackground(KeycloakClient client, String path) {
        Thread t = new Thread(() -> {
            try {
                KeycloakClient.Response r = client.adminPost(path, "", LONG);
                System.out.println("sync request answered " + r.status() + " " + r.raw());
            } catch (RuntimeException e) {
                System.out.println("sync request ended: " + e);
            }
        });
        t.start();
        return t;
    }

    private Connection db() throws Exception {
        return DriverManager.getConnection(oursDb.jdbcUrl(), oursDb.user(), oursDb.password());
    }

    private long accountsDone() throws Exception {
        try (Connection db = db(); ResultSet r = db.createStatement().executeQuery("SELECT COALESCE(SUM(POSITION), 0) FROM PAS_DIRECTORY_SYNC")) {
            r.next();
            return r.getLong(1);
        }
    }

    private boolean allDone() throws Exception {
        try (Connection db = db(); ResultSet r = db.createStatement().executeQuery(
                "SELECT COUNT(*) FILTER (WHERE STATE = 'DONE'), COUNT(*) FROM PAS_DIRECTORY_SYNC")) {
            r.next();
            return r.getInt(1) == DIRECTORIES && r.getInt(2) == DIRECTORIES;
        }
    }

    private void progress(long start, long total) throws Exception {
        long done = accountsDone();
        System.out.printf(Locale.ROOT, "  %5.0f s: %,d of %,d accounts (%.0f/s)%n", seconds(start), done, total, done / seconds(start));
    }

    /** Users of the realm, and distinct directory entries among them: equal when every account is there once. */
    private long[] exactlyOnce() throws Exception {
        try (Connection db = db(); ResultSet r = db.createStatement().executeQuery(
                "SELECT COUNT(DISTINCT u.ID), COUNT(DISTINCT a.VALUE) FROM USER_ENTITY u JOIN REALM re ON re.ID = u.REALM_ID"
                        + " JOIN USER_ATTRIBUTE a ON a.USER_ID = u.ID AND a.NAME = 'directory_entry_dn' WHERE re.NAME = 'sync'")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }

    /** Latencies in nanoseconds of {@code count} sign-ins by {@code clients} clients; every one must succeed. */
    private static List<Long> signIns(KeycloakClient client, int count, int clients, java.util.function.IntFunction<String> username)
            throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    int status = client.passwordGrant("sync", "bench-cli", null, username.apply(i), PASSWORD).status();
                    latencies.add(System.nanoTime() - t0);
                    if (status != 200) {
                        failed.set(true);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        if (failed.get()) {
            System.out.println("  some sign-ins failed");
        }
        return latencies;
    }

    private static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p / 100.0) - 1)) / 1e6;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
