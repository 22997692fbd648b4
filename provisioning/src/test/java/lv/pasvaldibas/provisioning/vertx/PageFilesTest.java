package lv.pasvaldibas.provisioning.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lv.pasvaldibas.provisioning.access.Role;
import lv.pasvaldibas.provisioning.job.JobState;
import lv.pasvaldibas.provisioning.server.Phase;
import lv.pasvaldibas.provisioning.server.Power;
import org.junit.jupiter.api.Test;

/**
 * The page's files as the daemon serves them: each text it names is in texts.json in Latvian and in
 * English, and no script writes markup or runs inline (the page's Content-Security-Policy would stop
 * inline script; data written as markup could become script).
 */
class PageFilesTest {

    private static final Path WEBROOT = Path.of("src", "main", "resources", Page.WEBROOT);
    /** A text named by the markup (data-text) or by a script: t('key'), a SignInError's key, a chart bar's label. */
    private static final Pattern NAMED = Pattern.compile("data-text=\"([^\"]+)\"|(?:\\bt\\(|SignInError\\(|label: )'([\\w.-]*[\\w-])'");

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(WEBROOT)) {
            return all.filter(p -> p.toString().endsWith(".html") || p.toString().endsWith(".js")).sorted().toList();
        }
    }

    @Test
    void latvianAndEnglishHoldEveryTextThePageNames() throws IOException {
        JsonObject texts = new JsonObject(read(WEBROOT.resolve("assets/texts.json")));
        Set<String> latvian = new TreeSet<>(texts.getJsonObject("lv").fieldNames());
        assertThat(latvian).isEqualTo(new TreeSet<>(texts.getJsonObject("en").fieldNames()));
        Set<String> named = new TreeSet<>();
        for (Path file : files()) {
            NAMED.matcher(read(file)).results().forEach(m -> named.add(m.group(1) != null ? m.group(1) : m.group(2)));
        }
        assertThat(named).hasSizeGreaterThan(60);
        // and those the scripts put together from what the API answers
        Stream.of(JobState.values()).forEach(s -> named.add("job.state." + s));
        Stream.of(Phase.values()).filter(p -> p != Phase.DELETED).forEach(p -> named.add("phase." + p));
        Stream.of(Power.values()).forEach(p -> named.add("power." + p));
        named.add("power.MISSING"); // an actualPower of a server whose domain its host does not have (Json.server)
        Stream.of(Role.values()).forEach(r -> named.add("role." + r.roleName()));
        // the jobs the page starts, and the steps JobSteps reports for them
        Stream.of("CREATE", "START", "STOP", "SNAPSHOT", "DELETE").forEach(k -> named.add("job.kind." + k));
        Stream.of("define", "start", "stop", "snapshot", "undefine", "check").forEach(s -> named.add("step." + s));
        Stream.of("start", "stop", "snapshot", "delete").forEach(a -> named.add("action." + a));
        assertThat(latvian).containsAll(named);
        texts.getJsonObject("lv").forEach(e -> assertThat(String.valueOf(e.getValue())).as(e.getKey()).isNotBlank());
        assertThat(texts.getJsonObject("lv").getString("page.title")).isEqualTo("Virtuālie serveri");
    }

    @Test
    void noScriptWritesMarkupAndThePageRunsNoneInline() throws IOException {
        for (Path file : files()) {
            String text = read(file);
            if (file.toString().endsWith(".js")) {
                assertThat(text).as(file.toString()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                        "new Function");
            } else {
                assertThat(text).as(file.toString()).contains("<meta charset=\"utf-8\">").doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                        .doesNotContainPattern("\\son[a-z]+=").doesNotContain("style=");
            }
        }
    }
}
