package lv.pasvaldibas.provisioning.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code bin/platform provision ...}: the provisioning daemon from the command line, signed in with the
 * device authorization grant ({@link DeviceSignIn}). Changes wait for their job and show its progress.
 * Exit status: 0 done, 1 refused or failed (the daemon's reason is printed), 2 wrong usage.
 */
public final class ProvisionCommand {

    static final String USAGE = """
            usage: provision [--url DAEMON] [--issuer REALM_URL] [--token-file FILE] COMMAND
              login                          sign in (device authorization: open the address shown, in any browser)
              logout                         forget the sign-in
              templates                      the templates servers are made from
              servers [MUNICIPALITY]         your servers (or one municipality's you may see)
              quota [MUNICIPALITY]           quota and usage (default: your municipality)
              create NAME TEMPLATE [--stopped] [--municipality M]
              start|stop|reboot|delete SERVER_ID
              snapshot SERVER_ID NAME        take a snapshot;  revert SERVER_ID NAME  go back to it
              resize SERVER_ID VCPUS MEMORY_MIB
              jobs SERVER_ID                 the server's newest jobs
            Platform operators:
              hosts                          the hosts with their state and what is placed on them
              add-host ID URI VCPUS MEMORY_MIB DISK_GIB
              drain HOST                     move every server off the host (waits for the moves)
              remove-host HOST               take an empty host out of use
            Defaults: PROVISIONING_URL (http://127.0.0.1:8280), PROVISIONING_ISSUER
            (http://127.0.0.1:8080/realms/pasvaldibas), the token in ~/.config/pasvaldibas/provisioning-token.json.""";

    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String daemon;
    private final DeviceSignIn signIn;
    private final String language = Locale.getDefault().getLanguage().equals("lv") ? "lv" : "en";

    ProvisionCommand(PrintStream out, String daemon, String issuer, Path tokenFile) {
        this.out = out;
        this.daemon = daemon;
        this.signIn = new DeviceSignIn(http, issuer, "provisioning-cli", tokenFile);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String daemon = env("PROVISIONING_URL", "http://127.0.0.1:8280");
        String issuer = env("PROVISIONING_ISSUER", "http://127.0.0.1:8080/realms/pasvaldibas");
        Path tokenFile = Path.of(System.getProperty("user.home"), ".config", "pasvaldibas", "provisioning-token.json");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> daemon = value(args, ++i);
                case "--issuer" -> issuer = value(args, ++i);
                case "--token-file" -> tokenFile = Path.of(value(args, ++i));
                default -> rest.add(args[i]);
            }
        }
        if (rest.isEmpty() || daemon == null || issuer == null) {
            err.println(USAGE);
            return 2;
        }
        try {
            return new ProvisionCommand(out, daemon, issuer, tokenFile).execute(rest);
        } catch (Usage e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new Usage("an option needs a value");
        }
        return args[i];
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private int execute(List<String> a) throws IOException, InterruptedException {
        String command = a.get(0);
        switch (command) {
            case "login" -> {
                signIn.signIn(out);
                return 0;
            }
            case "logout" -> {
                signIn.signOut();
                return 0;
            }
            case "templates" -> {
                for (Object t : call("GET", "/api/v1/templates", null).getJsonArray("templates")) {
                    JsonObject template = (JsonObject) t;
                    out.printf("%-12s %-36s %2d vCPU %7d MiB %6d GiB%n", template.getString("id"), template.getString("name"),
                            template.getInteger("vcpus"), template.getLong("memoryMib"), template.getLong("diskGib"));
                }
                return 0;
            }
            case "servers" -> {
                String query = a.size() > 1 ? "?municipality=" + a.get(1) : "";
                String next;
                do {
                    JsonObject page = call("GET", "/api/v1/servers" + query, null);
                    for (Object s : page.getJsonArray("servers")) {
                        JsonObject server = (JsonObject) s;
                        out.printf("%s  %-20s %-12s %-8s %-8s %-8s %d vCPU %d MiB  %s%n", server.getString("id"), server.getString("name"),
                                server.getString("municipality"), server.getString("phase"), server.getString("power"),
                                String.valueOf(server.getString("actualPower")), server.getInteger("vcpus"), server.getLong("memoryMib"),
                                server.getString("host"));
                    }
                    next = page.getString("next");
                    query = next == null ? null : (a.size() > 1 ? "?municipality=" + a.get(1) + "&cursor=" : "?cursor=") + next;
                } while (next != null);
                return 0;
            }
            case "quota" -> {
                String municipality = a.size() > 1 ? a.get(1) : municipalityOfToken();
                JsonObject q = call("GET", "/api/v1/quotas/" + municipality, null);
                JsonObject limit = q.getJsonObject("limit");
                JsonObject used = q.getJsonObject("used");
                for (String d : List.of("vcpus", "memoryMib", "diskGib", "servers")) {
                    out.printf("%-10s %8d / %8d%n", d, used.getLong(d), limit.getLong(d));
                }
                return 0;
            }
            case "create" -> {
                need(a, 3);
                JsonObject body = new JsonObject().put("name", a.get(1)).put("template", a.get(2)).put("start", !a.contains("--stopped"));
                int m = a.indexOf("--municipality");
                if (m > 0) {
                    body.put("municipality", value(a.toArray(String[]::new), m + 1));
                }
                return follow(call("POST", "/api/v1/servers", body));
            }
            case "start", "stop", "reboot" -> {
                need(a, 2);
                return follow(call("POST", "/api/v1/servers/" + id(a.get(1)) + "/" + command, null));
            }
            case "delete" -> {
                need(a, 2);
                return follow(call("DELETE", "/api/v1/servers/" + id(a.get(1)), null));
            }
            case "snapshot" -> {
                need(a, 3);
                return follow(call("POST", "/api/v1/servers/" + id(a.get(1)) + "/snapshots", new JsonObject().put("name", a.get(2))));
            }
            case "revert" -> {
                need(a, 3);
                return follow(call("POST", "/api/v1/servers/" + id(a.get(1)) + "/snapshots/" + a.get(2) + "/revert", null));
            }
            case "resize" -> {
                need(a, 4);
                return follow(call("POST", "/api/v1/servers/" + id(a.get(1)) + "/resize",
                        new JsonObject().put("vcpus", number(a.get(2))).put("memoryMib", number(a.get(3)))));
            }
            case "jobs" -> {
                need(a, 2);
                for (Object j : call("GET", "/api/v1/servers/" + id(a.get(1)) + "/jobs", null).getJsonArray("jobs")) {
                    JsonObject job = (JsonObject) j;
                    out.printf("%s  %-9s %-9s %3d%%  %s  %s%n", job.getString("id"), job.getString("kind"), job.getString("state"),
                            job.getInteger("progress"), job.getString("requestedBy"), job.getString("error", ""));
                }
                return 0;
            }
            case "hosts" -> {
                for (Object h : call("GET", "/api/v1/hosts", null).getJsonArray("hosts")) {
                    JsonObject host = (JsonObject) h;
                    JsonObject capacity = host.getJsonObject("capacity");
                    JsonObject allocated = host.getJsonObject("allocated");
                    out.printf("%-12s %-8s %-11s %4d servers  %5d/%5d vCPU  %8d/%8d MiB  %s%n", host.getString("id"), host.getString("state"),
                            host.getBoolean("reachable") ? "reachable" : "unreachable", allocated.getInteger("servers"), allocated.getInteger("vcpus"),
                            capacity.getInteger("vcpus"), allocated.getLong("memoryMib"), capacity.getLong("memoryMib"), host.getString("uri"));
                }
                return 0;
            }
            case "add-host" -> {
                need(a, 6);
                call("POST", "/api/v1/hosts", new JsonObject().put("id", a.get(1)).put("uri", a.get(2)).put("vcpus", number(a.get(3)))
                        .put("memoryMib", number(a.get(4))).put("diskGib", number(a.get(5))));
                out.println(a.get(1) + ": " + (language.equals("lv") ? "pievienots" : "added"));
                return 0;
            }
            case "drain" -> {
                need(a, 2);
                JsonArray moves = call("POST", "/api/v1/hosts/" + a.get(1) + "/drain", null).getJsonArray("moves");
                int failed = 0;
                for (Object m : moves) {
                    JsonObject move = (JsonObject) m;
                    failed += follow(move.getString("server") + "  " + move.getString("municipality") + "/" + move.getString("name") + " → "
                            + move.getString("to"), move.getJsonObject("job").getString("id"));
                }
                out.println(a.get(1) + ": " + moves.size() + (language.equals("lv") ? " serveri pārvietoti, neizdevās " : " servers moved, failed ") + failed);
                return failed == 0 ? 0 : 1;
            }
            case "remove-host" -> {
                need(a, 2);
                call("DELETE", "/api/v1/hosts/" + a.get(1), null);
                out.println(a.get(1) + ": " + (language.equals("lv") ? "izņemts no lietošanas" : "taken out of use"));
                return 0;
            }
            default -> throw new Usage("unknown command '" + command + "'");
        }
    }

    private static void need(List<String> a, int count) {
        if (a.size() < count) {
            throw new Usage(a.get(0) + " needs " + (count - 1) + " argument(s)");
        }
    }

    private static String id(String text) {
        try {
            return UUID.fromString(text).toString();
        } catch (IllegalArgumentException e) {
            throw new Usage("not a server id: " + text);
        }
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Usage("not a number: " + text);
        }
    }

    private String municipalityOfToken() throws IOException, InterruptedException {
        String[] parts = signIn.accessToken().split("\\.");
        JsonObject claims = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return claims.getString("municipality");
    }

    /** Waits for the accepted change's job, printing its steps; 0 when it succeeded. */
    private int follow(JsonObject accepted) throws IOException, InterruptedException {
        JsonObject server = accepted.getJsonObject("server");
        return follow(server.getString("id") + "  " + server.getString("name"), accepted.getJsonObject("job").getString("id"));
    }

    /** Waits for a job, printing what it is about and its steps; 0 when it succeeded, 1 when it failed. */
    private int follow(String about, String job) throws IOException, InterruptedException {
        out.println(about + ": job " + job);
        String lastStep = null;
        for (int i = 0; i < 1200; i++) {
            JsonObject state = call("GET", "/api/v1/jobs/" + job, null);
            String step = state.getString("step");
            if (step != null && !step.equals(lastStep)) {
                out.printf("  %3d%%  %s%n", state.getInteger("progress"), step);
                lastStep = step;
            }
            switch (state.getString("state")) {
                case "SUCCEEDED" -> {
                    out.println("  100%  " + (language.equals("lv") ? "izdarīts" : "done"));
                    return 0;
                }
                case "FAILED" -> {
                    out.println("  " + (language.equals("lv") ? "neizdevās: " : "failed: ") + state.getString("error"));
                    return 1;
                }
                default -> Thread.sleep(250);
            }
        }
        throw new IOException("job " + job + " did not finish within 5 minutes; follow it with: jobs SERVER_ID (" + about + ")");
    }

    private JsonObject call(String method, String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(daemon + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + signIn.accessToken()).header("Accept-Language", language);
        if (!method.equals("GET")) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (answer.statusCode() >= 400) {
            String message;
            try {
                message = new JsonObject(answer.body()).getString("message", answer.body());
            } catch (RuntimeException notJson) {
                message = answer.body();
            }
            throw new IOException(answer.statusCode() + ": " + message);
        }
        return new JsonObject(answer.body());
    }
}
