package lv.pasvaldibas.vpvkac.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lv.pasvaldibas.vpvkac.access.Caller;
import org.junit.jupiter.api.Test;

/**
 * The static pages (src/main/webapp): every text they name is there in Latvian and English, and no
 * script puts data into the page as markup or runs inline (the Content-Security-Policy forbids it).
 */
class PagesTest {

    private static final Path WEBAPP = Path.of("src", "main", "webapp");
    private static final Pattern HTML_KEY = Pattern.compile("data-text(?:-label|-placeholder)?=\"([^\"]+)\"");
    private static final Pattern JS_KEY = Pattern.compile("\\bt\\('([a-zA-Z0-9.\\-]+)'\\s*[,)]");

    private static List<Path> files(String extension) throws IOException {
        try (Stream<Path> all = Files.walk(WEBAPP)) {
            return all.filter(p -> p.toString().endsWith(extension)).sorted().toList();
        }
    }

    private static JsonNode texts() throws IOException {
        return new ObjectMapper().readTree(WEBAPP.resolve("assets/texts.json").toFile());
    }

    private static Set<String> keysOf(JsonNode language) {
        Set<String> keys = new TreeSet<>();
        language.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void bothLanguagesHoldTheSameTextsAndNoneIsEmpty() throws IOException {
        JsonNode texts = texts();
        assertThat(keysOf(texts.get("lv"))).isEqualTo(keysOf(texts.get("en"))).isNotEmpty();
        for (String language : List.of("lv", "en")) {
            texts.get(language).properties().forEach(e -> assertThat(e.getValue().asText()).as(language + " " + e.getKey()).isNotBlank());
        }
        assertThat(texts.get("lv").get("nav.register").asText()).isEqualTo("Reģistrēt lietu");
    }

    @Test
    void everyTextThePagesNameIsThere() throws IOException {
        Set<String> known = keysOf(texts().get("lv"));
        List<String> used = new ArrayList<>();
        for (Path page : files(".html")) {
            Matcher m = HTML_KEY.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        for (Path script : files(".js")) {
            Matcher m = JS_KEY.matcher(Files.readString(script, StandardCharsets.UTF_8));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).hasSizeGreaterThan(100);
        assertThat(known).containsAll(used);
        // and the ones the scripts put together: 'role.' + role, 'reports.col.' + dimension
        for (Caller.Role role : Caller.Role.values()) {
            assertThat(known).contains("role." + role.roleName());
        }
        for (String dimension : List.of("service", "institution", "centre", "channel")) {
            assertThat(known).contains("reports.col." + dimension, "reports.by." + dimension.toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void everyPageTheMenuLinksExistsAndLoadsItsScript() throws IOException {
        String shared = Files.readString(WEBAPP.resolve("assets/app.js"), StandardCharsets.UTF_8);
        Matcher link = Pattern.compile("\\['([a-z]+)\\.html', 'nav\\.").matcher(shared);
        List<String> linked = new ArrayList<>();
        while (link.find()) {
            linked.add(link.group(1));
        }
        assertThat(linked).contains("index", "register", "clients", "reports", "catalogue");
        for (String name : linked) {
            Path page = WEBAPP.resolve(name + ".html");
            assertThat(page).as(name).exists();
            String script = name.equals("index") ? "queue" : name;
            assertThat(Files.readString(page, StandardCharsets.UTF_8)).as(name)
                    .contains("<script src=\"assets/app.js\" defer></script>")
                    .contains("<script src=\"assets/" + script + ".js\" defer></script>");
            assertThat(WEBAPP.resolve("assets/" + script + ".js")).exists();
        }
    }

    @Test
    void noScriptWritesMarkupOrRunsInline() throws IOException {
        for (Path script : files(".js")) {
            String text = Files.readString(script, StandardCharsets.UTF_8);
            assertThat(text).as(script.toString())
                    .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                    .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("new Function");
        }
        for (Path page : files(".html")) {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            assertThat(text).as(page.toString()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=")
                    .doesNotContain("style=").contains("<html lang=\"lv\">").contains("<meta charset=\"UTF-8\">");
        }
    }
}
