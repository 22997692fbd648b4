package lv.pasvaldibas.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import lv.pasvaldibas.audit.keycloak.AuditSetup;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.Slapd;

/**
 * What the audit listener costs a sign-in: two warm Keycloak servers with the same provider jar,
 * realm and directories, one writing every event to the audit log (and waiting until each is
 * committed before answering), one with the listener unconfigured (it writes nothing). Returning
 * users, 8 clients; repeats interleaved between the two; docs/benchmarks.md quotes the medians.
 */
public final class AuditListenerBenchmark {

    static final int CLIENTS = 8;
    static final int REQUESTS = 600;
    static final int SEQUENTIAL_REQUESTS = 300;
    /** Throughput kept rising over the first repeats with a 600-request warm-up: the JIT was not done. */
    static final int WARM_UP_REQUESTS = 3000;
    static final int REPEATS = 5;

    record Cell(String system, int clients, int repeat, double perSecond, double p50, double p99) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of("target", "bench-audit").toAbsolutePath();
        new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        Files.createDirectories(work);
        Slapd.Builder directories = Slapd.builder().processPerDirectory();
        DemoDirectories.directories().forEach(directories::directory);
        Path providerJar = Path.of(System.getProperty("provider.jar"));
        try (Slapd slapd = directories.start(work.resolve("slapd"));
             Postgres pg = Postgres.start()) {
            AuditSetup audit = AuditSetup.create(pg, work.resolve("audit-keys"));
            try (KeycloakServer on = audit.configure(KeycloakServer.builder().provider(providerJar)
                         .database(pg.createDatabase("kc_on", "kc_on", "on-pw")), "bench", work.resolve("spool"))
                         .start(work.resolve("on"));
                 KeycloakServer off = KeycloakServer.builder().provider(providerJar)
                         .database(pg.createDatabase("kc_off", "kc_off", "off-pw")).start(work.resolve("off"))) {
                for (KeycloakServer kc : List.of(on, off)) {
                    FederationEnvironment.importRealm(kc, slapd);
                }
                List<String> users = RealmSetup.demoUsers();
                // warm-up: every account imported, both JVMs compiled
                for (KeycloakServer kc : List.of(on, off)) {
                    run(kc.client(), users, users.size(), CLIENTS);
                    run(kc.client(), users, WARM_UP_REQUESTS, CLIENTS);
                    run(kc.client(), users, SEQUENTIAL_REQUESTS, 1);
                }
                long recordsBefore = records(audit);
                List<Cell> cells = new ArrayList<>();
                for (int r = 1; r <= REPEATS; r++) {
                    // throughput under load, then the latency of one client alone (less noisy)
                    cells.add(cell("audit on", CLIENTS, r, run(on.client(), users, REQUESTS, CLIENTS)));
                    cells.add(cell("audit off", CLIENTS, r, run(off.client(), users, REQUESTS, CLIENTS)));
                    cells.add(cell("audit on", 1, r, run(on.client(), users, SEQUENTIAL_REQUESTS, 1)));
                    cells.add(cell("audit off", 1, r, run(off.client(), users, SEQUENTIAL_REQUESTS, 1)));
                    cells.subList(cells.size() - 4, cells.size()).forEach(System.out::println);
                }
                long written = records(audit) - recordsBefore;
                System.out.println();
                System.out.println("| system | clients | rep | sign-ins/s | p50 ms | p99 ms |");
                System.out.println("|---|---|---|---|---|---|");
                cells.forEach(c -> System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f |%n", c.system(), c.clients(),
                        c.repeat(), c.perSecond(), c.p50(), c.p99()));
                for (int clients : new int[] {CLIENTS, 1}) {
                    double withAudit = median(cells, "audit on", clients, Cell::perSecond);
                    double withoutAudit = median(cells, "audit off", clients, Cell::perSecond);
                    System.out.printf(Locale.ROOT, "%d client(s), medians: audit on %.1f/s p50 %.1f ms, audit off %.1f/s p50 %.1f ms;"
                                    + " throughput cost %.1f %%%n", clients, withAudit, median(cells, "audit on", clients, Cell::p50), withoutAudit,
                            median(cells, "audit off", clients, Cell::p50), 100 * (1 - withAudit / withoutAudit));
                }
                System.out.printf("audit records written during the measured repeats: %d (sign-ins: %d)%n", written,
                        REPEATS * (REQUESTS + SEQUENTIAL_REQUESTS));
            }
        }
    }

    private static List<Long> run(KeycloakClient client, List<String> users, int requests, int clients) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    int status = client.passwordGrant(FederationEnvironment.REALM, FederationEnvironment.CLIENT, null,
                            users.get(i % users.size()), DemoDirectories.DEMO_PASSWORD).status();
                    if (status != 200) {
                        throw new IllegalStateException("sign-in of " + users.get(i % users.size()) + " failed: " + status);
                    }
                    latencies.add(System.nanoTime() - t0);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        latencies.add(0, System.nanoTime() - start); // first: the wall time
        pool.shutdown();
        return latencies;
    }

    private static Cell cell(String system, int clients, int repeat, List<Long> run) {
        double seconds = run.get(0) / 1e9;
        List<Long> sorted = new ArrayList<>(run.subList(1, run.size()));
        Collections.sort(sorted);
        return new Cell(system, clients, repeat, sorted.size() / seconds, sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6);
    }

    private static long records(AuditSetup audit) throws Exception {
        try (Connection c = audit.reader(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM audit_record")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double median(List<Cell> cells, String system, int clients, java.util.function.ToDoubleFunction<Cell> value) {
        List<Double> values = new ArrayList<>(cells.stream().filter(c -> c.system().equals(system) && c.clients() == clients)
                .map(value::applyAsDouble).toList());
        Collections.sort(values);
        return values.get(values.size() / 2);
    }
}
