package lv.pasvaldibas.provisioning.it;

import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_OPERATOR;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_VIEWER;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.PAGE_CLIENT;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.REALM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.keycloak.HeadlessBrowser;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import lv.pasvaldibas.testsupport.DemoDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The daemon's page in a real headless Chromium, signed in on the platform's login page with the
 * authorization code and PKCE (issue 13): a Kuldīga operator sees the quota chart as the API counts
 * it, creates a server from a template and follows its job to the end, is told in their language
 * that the name is taken, stops, snapshots and deletes the server, libvirt agreeing at each step;
 * the same in English, the browser's language, opened from a link whose filter survives the
 * sign-in; a viewer sees the servers and the quota but nothing to change them with, switches the
 * language (signed in again by the platform's session, asked nothing) and signs out of the
 * platform; a token that runs out is refreshed without leaving the page; the page comes with
 * headers that allow only its own scripts. Screenshots in target/screenshots.
 */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class ProvisioningPageIT {

    private final ProvisioningEnvironment env;

    ProvisioningPageIT(ProvisioningEnvironment env) {
        this.env = env;
    }

    /** What the page says in one language, beside the server names it was given. */
    private record Texts(String code, String title, String operatorRole, String quotaTitle, String mediumTemplate,
                         String createJob, String succeeded, String readyAndRunning, String nameTaken) {
    }

    private static final Texts LATVIAN = new Texts("lv", "Virtuālie serveri", "kuldiga: operators", "Kvotas izlietojums: kuldiga",
            "Vidējs serveris (Debian 12) — 2 vCPU, 4 GiB atmiņa, 40 GiB disks", "Izveide: %s", "pabeigts · 100 %", "gatavs, darbojas",
            "Pašvaldībai jau ir serveris „%s”.");
    private static final Texts ENGLISH = new Texts("en", "Virtual servers", "kuldiga: operator", "Quota usage: kuldiga",
            "Medium server (Debian 12) — 2 vCPU, 4 GiB memory, 40 GiB disk", "Create: %s", "succeeded · 100%", "ready, running",
            "The municipality already has a server named '%s'.");

    // --- the browser ---------------------------------------------------------------------------

    /** Opens path of the daemon signed out: the page sends the browser to the platform's sign-in, then back to path. */
    private void open(HeadlessBrowser browser, String path, String username) {
        browser.driver().get(env.daemon().baseUrl() + path);
        browser.signIn(username, DemoDirectories.DEMO_PASSWORD);
        ready(browser, "true");
    }

    /** Waits for the page's script to end in outcome (body data-ready), failing with what the page said otherwise. */
    private static void ready(HeadlessBrowser browser, String outcome) {
        browser.waitFor("ready", d -> !d.findElements(By.cssSelector("body[data-ready]")).isEmpty());
        WebDriver d = browser.driver();
        String state = d.findElement(By.tagName("body")).getDomAttribute("data-ready");
        if (!outcome.equals(state)) {
            browser.screenshot("page-" + state);
            WebElement message = d.findElement(By.id("message"));
            throw new AssertionError("The page (" + d.getCurrentUrl() + ") ended " + state + ": " + message.getText() + " "
                    + message.getDomAttribute("data-error"));
        }
    }

    private static String text(WebDriver d, String id) {
        return d.findElement(By.id(id)).getText();
    }

    private static By row(String name) {
        return By.cssSelector("#server-rows tr[data-name='" + name + "']");
    }

    /*
     * The page draws its rows, job lines and chart anew as answers come, so an element found by one
     * WebDriver command may be gone by the next: the waits below ask one selector per look, and
     * texts are read in one script call.
     */

    /** The text of what css selects, read in one call. */
    private static String shown(WebDriver d, String css) {
        return String.valueOf(((JavascriptExecutor) d).executeScript("return document.querySelector(arguments[0]).textContent;", css));
    }

    /** Clicks the row's button once it is offered and enabled, looking again if the row was drawn anew. */
    private static void click(HeadlessBrowser browser, String name, String action) {
        browser.waitFor(action + "-" + name, d -> {
            try {
                WebElement button = d.findElement(row(name)).findElement(By.cssSelector("button[data-action='" + action + "']"));
                if (!button.isEnabled()) {
                    return false;
                }
                button.click();
                return true;
            } catch (NoSuchElementException | StaleElementReferenceException drawnAgain) {
                return false;
            }
        });
    }

    /** Waits until the page's job of kind on the server has finished (the page stops drawing it then) and requires that it succeeded. */
    private static String finishedJob(HeadlessBrowser browser, String kind, String name) {
        String line = "#job-list li[data-kind='" + kind + "'][data-server='" + name + "']";
        browser.waitFor("job-" + kind + "-" + name, d -> !d.findElements(By.cssSelector(line + "[data-state='SUCCEEDED'], "
                + line + "[data-state='FAILED']")).isEmpty());
        assertThat(browser.driver().findElements(By.cssSelector(line + "[data-state='SUCCEEDED']"))).as(shown(browser.driver(), line))
                .hasSize(1);
        return line;
    }

    /** Waits until the server's row shows it ready, with the power it should have and the power its host reports. */
    private static void awaitRow(HeadlessBrowser browser, String name, String power, String actualPower) {
        By ready = By.cssSelector("#server-rows tr[data-name='" + name + "'][data-phase='READY'][data-power='" + power + "']"
                + "[data-actual-power='" + actualPower + "']");
        browser.waitFor("row-" + name + "-" + actualPower, d -> !d.findElements(ready).isEmpty());
    }

    /** Waits until every bar of the chart shows what the API says Kuldīga's servers use against its quota; returns that. */
    private JsonNode awaitChartAsTheApiCountsIt(HeadlessBrowser browser) throws Exception {
        JsonNode quota = env.call(env.token(KULDIGA_OPERATOR), "GET", "/api/v1/quotas/kuldiga", null).body();
        for (String dimension : List.of("vcpus", "memoryMib", "diskGib", "servers")) {
            By bar = By.cssSelector("#quota-chart g[data-dimension='" + dimension + "'][data-used='" + quota.get("used").get(dimension).asLong()
                    + "'][data-limit='" + quota.get("limit").get(dimension).asLong() + "']");
            browser.waitFor("quota-" + dimension, d -> !d.findElements(bar).isEmpty());
        }
        return quota;
    }

    /** Answers the page's own dialog: the value typed into its field when there is one, then OK. */
    private static void answer(HeadlessBrowser browser, String value) {
        browser.waitFor("dialog", d -> d.findElement(By.id("ask")).getDomAttribute("open") != null);
        if (value != null) {
            WebElement field = browser.driver().findElement(By.id("ask-value"));
            field.clear();
            field.sendKeys(value);
        }
        browser.driver().findElement(By.id("ask-ok")).click();
    }

    /** The server as the API shows it: id and host number. */
    private JsonNode server(String name) throws Exception {
        Answer listed = env.call(env.token(KULDIGA_OPERATOR), "GET", "/api/v1/servers?name=" + name, null);
        return listed.body().get("servers").get(0);
    }

    private static int hostOf(JsonNode server) {
        return Integer.parseInt(server.get("host").asText().substring("host-".length()));
    }

    // --- the tests -----------------------------------------------------------------------------

    /**
     * Everything an operator does on the page, in the language of texts; path is the link they open,
     * which is where they are after the sign-in, with filter (its name=) in the filter's field.
     */
    private void createStopSnapshotAndDelete(Texts texts, String path, String filter, String name) throws Exception {
        try (HeadlessBrowser browser = new HeadlessBrowser(texts.code())) {
            WebDriver d = browser.driver();
            open(browser, path, KULDIGA_OPERATOR);
            assertThat(d.getCurrentUrl()).isEqualTo(env.daemon().baseUrl() + path);
            assertThat(d.findElement(By.id("filter-name")).getDomProperty("value")).isEqualTo(filter);
            assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo(texts.code());
            assertThat(text(d, "title")).isEqualTo(texts.title());
            assertThat(text(d, "signed-in")).contains(KULDIGA_OPERATOR).contains(texts.operatorRole());
            assertThat(text(d, "quota-title")).isEqualTo(texts.quotaTitle());
            long serversBefore = awaitChartAsTheApiCountsIt(browser).get("used").get("servers").asLong();
            assertThat(new Select(d.findElement(By.id("create-template"))).getOptions()).extracting(WebElement::getText)
                    .contains(texts.mediumTemplate());

            d.findElement(By.id("create-name")).sendKeys(name);
            new Select(d.findElement(By.id("create-template"))).selectByValue("small");
            d.findElement(By.id("create-submit")).click();
            String created = finishedJob(browser, "CREATE", name);
            assertThat(shown(d, created + " .job-what")).isEqualTo(String.format(texts.createJob(), name));
            assertThat(shown(d, created + " .job-state")).isEqualTo(texts.succeeded());
            awaitRow(browser, name, "RUNNING", "RUNNING");
            assertThat(shown(d, "#server-rows tr[data-name='" + name + "'] td.state")).isEqualTo(texts.readyAndRunning());
            assertThat(awaitChartAsTheApiCountsIt(browser).get("used").get("servers").asLong()).isEqualTo(serversBefore + 1);
            browser.screenshot("page-created-" + texts.code());
            JsonNode server = server(name);
            String domain = "pasv-" + server.get("id").asText();
            assertThat(env.hosts().state(hostOf(server), domain)).isEqualTo("running");

            // the daemon's refusal, in the page's language
            d.findElement(By.id("create-name")).sendKeys(name);
            d.findElement(By.id("create-submit")).click();
            browser.waitFor("name-taken", w -> "server.nameTaken".equals(w.findElement(By.id("message")).getDomAttribute("data-error")));
            assertThat(text(d, "message")).isEqualTo(String.format(texts.nameTaken(), name));

            click(browser, name, "stop");
            finishedJob(browser, "STOP", name);
            awaitRow(browser, name, "STOPPED", "STOPPED");
            assertThat(env.hosts().state(hostOf(server), domain)).isEqualTo("shut off");

            click(browser, name, "snapshot");
            answer(browser, "pirms-atjauninajuma");
            finishedJob(browser, "SNAPSHOT", name);
            assertThat(env.hosts().virsh(hostOf(server), "snapshot-list", domain, "--name")).contains("pirms-atjauninajuma");

            click(browser, name, "delete");
            answer(browser, null);
            finishedJob(browser, "DELETE", name);
            browser.waitFor("row-gone-" + name, w -> w.findElements(row(name)).isEmpty());
            browser.screenshot("page-deleted-" + texts.code());
            assertThat(env.hosts().domains(hostOf(server))).doesNotContain(domain);
            assertThat(env.call(env.token(KULDIGA_OPERATOR), "GET", "/api/v1/servers/" + server.get("id").asText(), null).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aKuldigaOperatorCreatesAServerFromATemplateThenStopsSnapshotsAndDeletesItInLatvian() throws Exception {
        // headless Chromium tells pages en-US whatever its --lang, so the link asks for Latvian
        createStopSnapshotAndDelete(LATVIAN, "/?lang=lv", "", "lapa-gramatvediba");
    }

    @Test
    void theSameInEnglishTheBrowsersLanguageOpenedFromALinkWhoseFilterSurvivesTheSignIn() throws Exception {
        createStopSnapshotAndDelete(ENGLISH, "/?name=page-en", "page-en", "page-en-accounting");
    }

    @Test
    void aViewerSeesTheServersAndTheQuotaButNothingToChangeThemWithThenSwitchesLanguageAndSignsOut() throws Exception {
        String operator = env.token(KULDIGA_OPERATOR);
        Answer made = env.call(operator, "POST", "/api/v1/servers", Map.of("name", "lapa-skatitajam", "template", "small", "start", false));
        assertThat(made.status()).as(made.raw()).isEqualTo(202);
        env.finished(operator, made.body().get("job").get("id").asText());
        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver d = browser.driver();
            open(browser, "/?lang=lv", KULDIGA_VIEWER);
            assertThat(text(d, "signed-in")).contains("kuldiga: skatītājs");
            assertThat(d.findElements(row("lapa-skatitajam"))).hasSize(1);
            assertThat(d.findElements(By.cssSelector("#server-rows button"))).as("start, stop, snapshot, delete").isEmpty();
            assertThat(d.findElement(By.id("create")).isDisplayed()).as("the create form").isFalse();
            awaitChartAsTheApiCountsIt(browser);
            browser.screenshot("page-viewer-lv");

            // a new page load has no token: the platform's session signs the viewer in again without a question
            d.findElement(By.id("language-switch")).click();
            // one look per poll: the page is navigating, an element found may be gone by the next command
            browser.waitFor("english", w -> !w.findElements(By.cssSelector("html[lang='en'] > body[data-ready='true']")).isEmpty());
            assertThat(text(d, "title")).isEqualTo("Virtual servers");
            assertThat(d.getCurrentUrl()).endsWith("/?lang=en");
            assertThat(text(d, "signed-in")).contains("kuldiga: viewer");
            assertThat(d.findElements(By.cssSelector("#server-rows button"))).isEmpty();

            d.findElement(By.id("sign-out")).click();
            browser.waitFor("signed-out", w -> !w.findElements(By.cssSelector("body[data-ready='signed-out']")).isEmpty());
            assertThat(text(d, "message")).isEqualTo("You have signed out.");
            d.findElement(By.id("sign-in")).click();
            // the platform session ended with the page's: Keycloak asks who it is again
            browser.waitFor("login-page", w -> !w.findElements(By.id("username")).isEmpty());
        } finally {
            JsonNode server = server("lapa-skatitajam");
            env.finished(operator, env.call(operator, "DELETE", "/api/v1/servers/" + server.get("id").asText(), null)
                    .body().get("job").get("id").asText());
        }
    }

    @Test
    void anAccessTokenThatRunsOutIsRefreshedWithoutLeavingThePage() throws Exception {
        var keycloak = env.keycloak().client();
        keycloak.adminChangeClient(REALM, PAGE_CLIENT, client -> ((ObjectNode) client.get("attributes")).put("access.token.lifespan", "15"));
        try (HeadlessBrowser browser = new HeadlessBrowser("en")) {
            WebDriver d = browser.driver();
            open(browser, "/", KULDIGA_OPERATOR);
            ((JavascriptExecutor) d).executeScript("window.sameDocument = true;");
            String listed = d.findElement(By.id("server-table")).getDomAttribute("data-shown");
            int refreshesBefore = env.signInEvents("REFRESH_TOKEN", PAGE_CLIENT);
            Thread.sleep(7_000); // the page refreshes a token 10 s before it runs out
            d.findElement(By.id("servers-refresh")).click();
            browser.waitFor("list-again", w -> !listed.equals(w.findElement(By.id("server-table")).getDomAttribute("data-shown")));
            assertThat(((JavascriptExecutor) d).executeScript("return window.sameDocument === true;")).isEqualTo(true);
            assertThat(d.findElement(By.id("message")).isDisplayed()).isFalse();
            assertThat(env.signInEvents("REFRESH_TOKEN", PAGE_CLIENT)).isGreaterThan(refreshesBefore);
        } finally {
            // an empty attribute is removed: the realm's lifespan again
            keycloak.adminChangeClient(REALM, PAGE_CLIENT, client -> ((ObjectNode) client.get("attributes")).put("access.token.lifespan", ""));
        }
    }

    @Test
    void thePageAndItsConfigurationComeWithHeadersThatAllowOnlyItsOwnScripts() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI daemon = URI.create(env.daemon().baseUrl());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(daemon.resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type.toLowerCase())
                .startsWith("text/html").contains("charset=utf-8"));
        String keycloakOrigin = env.keycloak().baseUrl().replaceAll("^(https?://[^/]+).*$", "$1");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "connect-src 'self' " + keycloakOrigin)
                .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body()).contains("<meta charset=\"utf-8\">", "Virtuālie serveri").doesNotContainPattern("<script(?![^>]*\\bsrc=)");

        Answer config = env.call(daemon, null, "GET", "/config.json", null, null, null);
        assertThat(config.body().get("issuer").asText()).isEqualTo(env.keycloak().baseUrl() + "/realms/" + REALM);
        assertThat(config.body().get("clientId").asText()).isEqualTo(PAGE_CLIENT);
    }
}
