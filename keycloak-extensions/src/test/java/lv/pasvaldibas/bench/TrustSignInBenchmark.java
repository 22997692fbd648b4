package lv.pasvaldibas.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lv.pasvaldibas.audit.keycloak.AuditSetup;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.Slapd;

/**
 * What the trust decision adds to a whole sign-in, with 1,000 trusts in the realm (issue 4,
 * acceptance 6). One Keycloak, one realm, the same Ventspils employees signing in (password grant)
 * to two clients that differ only in ownership: {@code kuldiga-portal} belongs to Kuldīga, so each
 * sign-in asks the trust decision (after the password) and the trust mapper (when the token is made),
 * and is admitted by an ACTIVE trust among 1,000; {@code open-portal} has no owner, so neither looks
 * at a trust (the anchor). Repeats interleaved; p50 and p99 per sign-in, one client at a time.
 */
public final class TrustSignInBenchmark {

    static final int TRUSTS = 1000;
    static final int SIGN_INS = 600;
    static final int WARM_UP = 1500;
    static final int REPEATS = 7;
    static final String OWNED = "kuldiga-portal";
    static final String ANCHOR = "open-portal";

    record Cell(String client, int repeat, double p50, double p99) {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of("target", "bench-trust").toAbsolutePath();
        new ProcessBuilder("rm", "-rf", work.toString()).inheritIO().start().waitFor();
        Files.createDirectories(work);
        try (Slapd slapd = FederationEnvironment.demoDirectories(work.resolve("slapd"));
             Postgres pg = Postgres.start()) {
            Postgres.Database db = pg.createDatabase("keycloak", "keycloak", "kc-bench-pw");
            // trust changes are refused unless audited, so this Keycloak writes an audit log (both clients alike)
            AuditSetup audit = AuditSetup.create(pg, work.resolve("audit-keys"));
            try (KeycloakServer kc = audit.configure(KeycloakServer.builder().provider(Path.of(System.getProperty("provider.jar")))
                    .database(db), "bench", work.resolve("spool")).start(work.resolve("keycloak"))) {
                FederationEnvironment.importRealm(kc, slapd);
                KeycloakClient admin = kc.client();
                for (String clientId : List.of(OWNED, ANCHOR)) {
                    Map<String, Object> client = new java.util.HashMap<>(Map.of("clientId", clientId, "publicClient", true,
                            "directAccessGrantsEnabled", true, "protocolMappers", List.of(Map.of("name", "trust",
                                    "protocol", "openid-connect", "protocolMapper", "municipal-trust-mapper", "config", Map.of()))));
                    if (clientId.equals(OWNED)) {
                        client.put("attributes", Map.of("municipality", "kuldiga"));
                    }
                    check(admin.adminPost("/realms/pasvaldibas/clients", client));
                    String id = admin.adminGet("/realms/pasvaldibas/clients?clientId=" + clientId).body().get(0).get("id").asText();
                    check(admin.adminPost("/realms/pasvaldibas/clients/" + id + "/roles", Map.of("name", "viewer")));
                }
                int trusts = seedTrusts(kc, db);
                List<String> users = ventspilsEmployees();
                System.out.printf("%d ACTIVE trusts in the realm, %d Ventspils accounts%n", trusts, users.size());

                for (String clientId : List.of(OWNED, ANCHOR)) {
                    run(admin, clientId, users, WARM_UP);
                }
                List<Cell> cells = new ArrayList<>();
                double[] before = decisionTimer(kc);
                for (int r = 1; r <= REPEATS; r++) {
                    // alternate which goes first, so neither always follows the other's garbage
                    List<String> order = r % 2 == 1 ? List.of(OWNED, ANCHOR) : List.of(ANCHOR, OWNED);
                    for (String clientId : order) {
                        cells.add(cell(clientId, r, run(admin, clientId, users, SIGN_INS)));
                        System.out.println(cells.get(cells.size() - 1));
                    }
                }
                double[] after = decisionTimer(kc);
                System.out.println();
                System.out.printf(Locale.ROOT, "inside Keycloak (pasvaldibas_trust_decision_seconds): %.0f decisions during the repeats,"
                                + " mean %.1f µs; over the last minutes p50 %.1f µs, p99 %.1f µs; max %.1f µs%n",
                        after[0] - before[0], (after[1] - before[1]) / (after[0] - before[0]) * 1e6, after[2] * 1e6, after[3] * 1e6,
                        after[4] * 1e6);
                System.out.println("| client | repeat | p50 ms | p99 ms |");
                System.out.println("|---|---|---|---|");
                cells.forEach(c -> System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", c.client(), c.repeat(), c.p50(), c.p99()));
                double ownedP50 = median(cells, OWNED, Cell::p50);
                double anchorP50 = median(cells, ANCHOR, Cell::p50);
                double ownedP99 = median(cells, OWNED, Cell::p99);
                double anchorP99 = median(cells, ANCHOR, Cell::p99);
                System.out.printf(Locale.ROOT, "medians of %d repeats: with the trust decision p50 %.2f ms p99 %.2f ms;"
                                + " anchor (no owner) p50 %.2f ms p99 %.2f ms; added p50 %.2f ms, p99 %.2f ms%n",
                        REPEATS, ownedP50, ownedP99, anchorP50, anchorP99, ownedP50 - anchorP50, ownedP99 - anchorP99);
            }
        }
    }

    /**
     * Keycloak's own timer of the trust decision (admitted): count, sum (s), p50 and p99 (s, Micrometer's
     * decaying window) and max (s), from the management port's Prometheus text.
     */
    private static double[] decisionTimer(KeycloakServer kc) throws Exception {
        String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(kc.managementUrl() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        double[] values = new double[5];
        for (String line : text.lines().filter(l -> l.startsWith("pasvaldibas_trust_decision_seconds") && l.contains("outcome=\"admitted\""))
                .toList()) {
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("pasvaldibas_trust_decision_seconds_count")) {
                values[0] = value;
            } else if (line.startsWith("pasvaldibas_trust_decision_seconds_sum")) {
                values[1] = value;
            } else if (line.contains("quantile=\"0.5\"")) {
                values[2] = value;
            } else if (line.contains("quantile=\"0.99\"")) {
                values[3] = value;
            } else if (line.startsWith("pasvaldibas_trust_decision_seconds_max")) {
                values[4] = value;
            }
        }
        return values;
    }

    private static void check(KeycloakClient.Response r) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException(r.status() + " " + r.raw());
        }
    }

    /**
     * One real trust through the API (Kuldīga proposes, Ventspils approves: all Ventspils users, viewer),
     * and 999 more written straight into the table, spread over 120 municipalities, 25 of them Kuldīga's
     * with other directories, so the decision has a crowded realm and a crowded resource side to look through.
     */
    private static int seedTrusts(KeycloakServer kc, Postgres.Database db) throws Exception {
        String kuldiga = adminToken(kc, "kuldiga");
        KeycloakClient.Response proposed = kc.client().withToken(kuldiga, "POST", "/realms/pasvaldibas/municipal-trusts", """
                {"trustingMunicipality":"kuldiga","trustedDirectory":"ventspils","allUsers":true,"grantedRoles":{"kuldiga-portal":["viewer"]}}""");
        check(proposed);
        String id = proposed.body().get("id").asText();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement clone = c.prepareStatement("""
                     INSERT INTO pas_trust (id, realm_id, trusting_municipality, trusted_directory, trusted_municipality, all_users,
                         accepted_groups, granted_roles, valid_from, valid_until, transitive, state, proposed_by, suspended_by,
                         next_review, history, version)
                     SELECT md5(id || g)::uuid::text, realm_id,
                            CASE WHEN g % 40 = 0 THEN 'kuldiga' ELSE 'm' || (g % 120) END,
                            'd' || ((g * 7 + 1) % 120), 'm' || ((g * 7 + 1) % 120), false,
                            '["vpvkac-specialisti","g' || (g % 5) || '"]', granted_roles, valid_from, valid_until, g % 3 = 0,
                            'ACTIVE', proposed_by, NULL, next_review, history, 0
                     FROM pas_trust, generate_series(1, ?) AS g WHERE id = ?""")) {
            clone.setInt(1, TRUSTS - 1);
            clone.setString(2, id);
            clone.executeUpdate();
        }
        // the approval renews the realm's trust version, so every node loads all 1,000
        check(kc.client().withToken(adminToken(kc, "ventspils"), "POST", "/realms/pasvaldibas/municipal-trusts/" + id + "/approve", null));
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pas_trust WHERE state = 'ACTIVE'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String adminToken(KeycloakServer kc, String municipality) {
        return kc.client().passwordGrant(FederationEnvironment.REALM, FederationEnvironment.CLIENT, null,
                "andris.kalnins@" + municipality + ".lv", DemoDirectories.DEMO_PASSWORD, lv.pasvaldibas.testsupport.Totp.demoAdminCode("andris.kalnins@" + municipality + ".lv")).body().get("access_token").asText();
    }

    private static List<String> ventspilsEmployees() {
        return RealmSetup.demoUsers().stream().filter(u -> u.endsWith("@ventspils.lv")).toList();
    }

    /** Sequential sign-ins, each one's latency in nanoseconds; any refusal stops the benchmark. */
    private static List<Long> run(KeycloakClient client, String clientId, List<String> users, int count) {
        List<Long> latencies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            KeycloakClient.Response r = client.passwordGrant(FederationEnvironment.REALM, clientId, null, users.get(i % users.size()),
                    DemoDirectories.DEMO_PASSWORD);
            latencies.add(System.nanoTime() - t0);
            if (r.status() != 200) {
                throw new IllegalStateException("sign-in of " + users.get(i % users.size()) + " to " + clientId + " failed: " + r.raw());
            }
        }
        return latencies;
    }

    private static Cell cell(String clientId, int repeat, List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Cell(clientId, repeat, sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6);
    }

    private static double median(List<Cell> cells, String clientId, java.util.function.ToDoubleFunction<Cell> value) {
        List<Double> values = new ArrayList<>(cells.stream().filter(c -> c.client().equals(clientId)).map(value::applyAsDouble).toList());
        Collections.sort(values);
        return values.get(values.size() / 2);
    }
}
