package lv.pasvaldibas.realmconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.realmconfig.Change.Action;

/**
 * {@code bin/platform realm apply [--dry-run] [--delete]}: brings realm-config's realm to a running
 * Keycloak. Prints one line per change (secrets never shown) before making any, then makes them.
 * The admin password comes from the environment ({@code REALM_APPLY_ADMIN_PASSWORD}), never argv.
 * Exit codes: 0 done (or nothing to do), 1 failed, 2 wrong use.
 */
public final class RealmApplyCommand {

    private RealmApplyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String url = null;
        Path file = null;
        String user = "admin";
        boolean dryRun = false;
        boolean delete = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--url" -> url = args[++i];
                    case "--file" -> file = Path.of(args[++i]);
                    case "--admin-user" -> user = args[++i];
                    case "--dry-run" -> dryRun = true;
                    case "--delete" -> delete = true;
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
        } catch (RuntimeException e) {
            err.println("realm apply: unknown or incomplete option " + e.getMessage() + " / nezināma vai nepilnīga opcija");
            return 2;
        }
        String password = env.get("REALM_APPLY_ADMIN_PASSWORD");
        if (url == null || file == null || password == null) {
            err.println("usage: realm apply --url URL --file REALM.json [--dry-run] [--delete] (admin password in REALM_APPLY_ADMIN_PASSWORD)");
            return 2;
        }
        try {
            JsonNode wanted = Placeholders.resolve(AdminClient.JSON.readTree(Files.readString(file)), env::get);
            String realmName = wanted.path("realm").asText();
            KeycloakRealm realm = new KeycloakRealm(new AdminClient(url, user, password), realmName);
            JsonNode actual = realm.fetch();
            if (actual == null) {
                err.println("realm apply: realm " + realmName + " does not exist on " + url + "; bin/platform up imports it"
                        + " / valstības " + realmName + " nav; bin/platform up to importē");
                return 1;
            }
            Plan plan = RealmDiff.plan(wanted, actual, delete);
            out.println("Realm " + realmName + " on " + url + " against " + file + (dryRun ? " (dry run)" : "") + ":");
            plan.skipped().forEach(s -> out.println("  skip " + s));
            plan.kept().forEach(k -> out.println("  keep " + k + ": not in realm-config (--delete removes it)"));
            plan.changes().forEach(c -> out.println("  " + c.render()));
            if (plan.nothingToDo()) {
                out.println("Nothing to do.");
                return 0;
            }
            if (dryRun) {
                out.println("Dry run: " + count(plan.changes()) + ", nothing changed.");
                return 0;
            }
            List<Change> done = new ArrayList<>();
            for (Change c : plan.changes()) {
                try {
                    realm.apply(c);
                    done.add(c);
                } catch (AdminClient.AdminException e) {
                    err.println("realm apply: could not " + c.render().split(":")[0] + ": " + e.getMessage());
                    err.println("realm apply: " + count(done) + " made before it; the rest not tried. Run it again after fixing the cause.");
                    return 1;
                }
            }
            out.println("Applied " + count(done) + ".");
            return 0;
        } catch (AdminClient.AdminException e) {
            err.println("realm apply: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            // a refused connection has no message of its own
            err.println("realm apply: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + " (is Keycloak running? bin/platform status) / neizdevās sazināties ar Keycloak");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String count(List<Change> changes) {
        long deletes = changes.stream().filter(c -> c.action() == Action.DELETE).count();
        return changes.size() + (changes.size() == 1 ? " change" : " changes") + (deletes > 0 ? " (" + deletes + " deletions)" : "");
    }
}
