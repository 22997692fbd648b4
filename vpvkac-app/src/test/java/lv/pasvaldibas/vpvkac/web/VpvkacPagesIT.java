package lv.pasvaldibas.vpvkac.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.keycloak.HeadlessBrowser;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment;
import lv.pasvaldibas.vpvkac.client.PersonalCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The VPVKAC pages in a real headless Chromium, signed in through the platform's login page (issue 12,
 * acceptance 1): a specialist registers a case for a client from the catalogue and takes it to
 * delivered, a supervisor sees it in the reports, each step audited with its actor and without the
 * personal code; client search finds a client by code and by the start of a surname with Latvian
 * letters, codes masked, and leads to their cases; centres are named with their municipality once a
 * trust lends another municipality's queue, and someone whose only VPVKAC role is lent gets the
 * registration and status buttons for exactly the lending municipality (decision 92); a link opened
 * without a session lands on that very page after the sign-in (decision 93); English pages in
 * English; Latvian letters survive to the screen; a change posted by another site with the session
 * cookie changes nothing (decision 83); a lost session is told, not redirected. Screenshots in
 * target/screenshots.
 */
@ExtendWith(VpvkacEnvironment.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VpvkacPagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPECIALIST = "janis.berzins@ventspils.lv";
    private static final String SUPERVISOR = "anna.berzina@ventspils.lv";
    /** A Kuldīga specialist: with their own municipality's centres, and Ventspils' while a trust lends its queue. */
    private static final String KULDIGA_SPECIALIST = "janis.berzins@kuldiga.lv";
    /** A Kuldīga employee with no VPVKAC role of their own: what they may do in VPVKAC, a trust lends them. */
    private static final String KULDIGA_EMPLOYEE = "eriks.krumins@kuldiga.lv";
    private static final String TRUSTS = "/realms/pasvaldibas/municipal-trusts";
    private static final String GIVEN = "Ģirts Ēriks";
    private static final String SURNAME = "Āčēģīķļņšūž-Kalniņa";
    private static final String NOTE = "Klients lūdz ziņu pa tālruni; ā č ē ģ ī ķ ļ ņ š ū ž";

    private final VpvkacEnvironment env;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String month = YearMonth.now(ZoneId.of("Europe/Riga")).toString();

    VpvkacPagesIT(VpvkacEnvironment env) {
        this.env = env;
    }

    // --- the browser ---------------------------------------------------------------------------

    private String page(String path) {
        return env.wildfly().baseUrl() + "/" + path;
    }

    /**
     * Opens a page; with a username, the browser has no session yet and is sent to the platform's
     * login page first, then back to the page asked for, query string and all (decision 93).
     */
    private void open(HeadlessBrowser browser, String path, String username) {
        browser.driver().get(page(path));
        if (username != null) {
            browser.signIn(username, DemoDirectories.DEMO_PASSWORD);
        }
        ready(browser, path.replaceAll("[^a-z]", "-"));
    }

    /** Waits until the page's script has loaded its data (body data-ready), failing with what the page said if it could not. */
    private static void ready(HeadlessBrowser browser, String what) {
        browser.waitFor("ready-" + what, d -> {
            List<WebElement> body = d.findElements(By.cssSelector("body[data-ready]"));
            return !body.isEmpty();
        });
        String state = browser.driver().findElement(By.tagName("body")).getDomAttribute("data-ready");
        if (!"true".equals(state)) {
            browser.screenshot("failed-" + what);
            throw new AssertionError("The page " + what + " (" + browser.driver().getCurrentUrl() + ") could not load: "
                    + text(browser.driver(), "message") + " " + browser.driver().findElement(By.id("message")).getDomAttribute("data-error"));
        }
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static void type(WebDriver driver, String id, String value) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static void waitForStatus(HeadlessBrowser browser, String status) {
        browser.waitFor("status-" + status, d -> status.equals(d.findElement(By.id("case-status")).getDomAttribute("data-status")));
    }

    /**
     * Searches on the client search page, by Enter in the field or by the button, and waits until the
     * page shows the answer (rows or a refusal: the table's data-shown counts answers).
     */
    private static void searchClients(HeadlessBrowser browser, String typed, boolean byEnter) {
        WebDriver d = browser.driver();
        String before = d.findElement(By.id("clients")).getDomAttribute("data-shown");
        type(d, "client-query", typed);
        if (byEnter) {
            d.findElement(By.id("client-query")).sendKeys(Keys.ENTER);
        } else {
            d.findElement(By.id("client-search-submit")).click();
        }
        browser.waitFor("client-search", w -> {
            WebElement table = w.findElement(By.id("clients"));
            String now = table.getDomAttribute("data-shown");
            return now != null && !now.equals(before) && table.getDomAttribute("aria-busy") == null;
        });
    }

    /** The result row that links to case {@code id}, looking through the pages of results; fails if none does. */
    private static WebElement clientRowOfCase(HeadlessBrowser browser, long id) {
        WebDriver d = browser.driver();
        for (int page = 0; page < 20; page++) {
            List<WebElement> links = d.findElements(By.cssSelector("#client-rows a.case-link[data-case='" + id + "']"));
            if (!links.isEmpty()) {
                return links.get(0).findElement(By.xpath("./ancestor::tr"));
            }
            WebElement next = d.findElement(By.id("next-page"));
            if (!next.isEnabled()) {
                break;
            }
            String before = d.findElement(By.id("clients")).getDomAttribute("data-shown");
            next.click();
            browser.waitFor("client-page-" + (page + 2), w -> !before.equals(w.findElement(By.id("clients")).getDomAttribute("data-shown")));
        }
        browser.screenshot("client-search-no-case-" + id);
        throw new AssertionError("No client search result links to case " + id + ": " + d.findElement(By.id("client-rows")).getText());
    }

    private static String sessionCookie(HeadlessBrowser browser) {
        Cookie session = browser.driver().manage().getCookieNamed("JSESSIONID");
        assertThat(session).as("the session cookie of the pages").isNotNull();
        return "JSESSIONID=" + session.getValue();
    }

    // --- the API and the audit log, behind the pages -------------------------------------------

    private JsonNode api(String token, String method, String path, Object body) throws Exception {
        VpvkacEnvironment.Answer answer = env.call(token, method, path, body, null);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.raw()).isBetween(200, 201);
        return answer.body();
    }

    /** An in-person service from the end of the catalogue, which the other tests (which take the first) leave alone. */
    private String lastInPersonService(String token) throws Exception {
        String found = null;
        for (JsonNode service : api(token, "GET", "/api/services", null)) {
            if (service.get("channels").toString().contains("IN_PERSON")) {
                found = service.get("code").asText();
            }
        }
        assertThat(found).as("an in-person service in the demo catalogue").isNotNull();
        return found;
    }

    /** This month's cases and served cases of one service in the quality report, as the supervisor's API call sees them. */
    private int[] reportedCounts(String service) throws Exception {
        for (JsonNode row : api(env.token(SUPERVISOR), "GET", "/api/reports/quality?from=" + month + "&to=" + month + "&by=service", null)) {
            if (row.get("service").asText().equals(service)) {
                return new int[] {row.get("cases").asInt(), row.get("served").asInt()};
            }
        }
        return new int[] {0, 0};
    }

    private record AuditRow(String type, String actor, String details, String whole) {
    }

    private List<AuditRow> audit(String sql, Object... parameters) throws Exception {
        List<AuditRow> rows = new ArrayList<>();
        try (Connection audit = env.auditReader(); PreparedStatement s = audit.prepareStatement(sql)) {
            for (int p = 0; p < parameters.length; p++) {
                s.setObject(p + 1, parameters[p]);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    StringBuilder whole = new StringBuilder();
                    for (int c = 1; c <= r.getMetaData().getColumnCount(); c++) {
                        whole.append(r.getString(c)).append('|');
                    }
                    rows.add(new AuditRow(r.getString("type"), r.getString("actor_username"), r.getString("details"), whole.toString()));
                }
            }
        }
        return rows;
    }

    private List<AuditRow> auditOfCase(long id) throws Exception {
        return audit("SELECT * FROM audit_record WHERE stream = 'vpvkac/vpvkac-test' AND target_type = 'case' AND target_id = ? "
                + "ORDER BY seq", Long.toString(id));
    }

    // --- the tests -----------------------------------------------------------------------------

    @Test
    void aSpecialistRegistersACaseFromTheCatalogueAndDeliversItAndTheSupervisorSeesItInTheReports() throws Exception {
        Instant start = Instant.now();
        String service = lastInPersonService(env.token(SPECIALIST));
        int[] before = reportedCounts(service);
        String code = VpvkacEnvironment.personalCode("240479", 412);

        long id;
        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver d = browser.driver();
            open(browser, "catalogue.html", SPECIALIST);
            browser.screenshot("pages-catalogue-lv");
            assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("lv");
            assertThat(text(d, "title")).isEqualTo("Pakalpojumu katalogs");
            // who is signed in, with their roles (/api/me), in the header
            assertThat(text(d, "signed-in")).isEqualTo("Pieslēdzies: " + SPECIALIST + " (speciālists)");
            assertThat(d.findElements(By.id("nav-reports"))).as("reports are for supervisors and admins").isEmpty();

            // from the catalogue to the registration form, the service already chosen
            d.findElement(By.cssSelector("#service-" + service + " a.register-link")).click();
            browser.waitFor("register-page", w -> w.getCurrentUrl().contains("register.html"));
            ready(browser, "register");
            assertThat(new Select(d.findElement(By.id("service"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo(service);

            // a wrong personal code: the API's reason, in Latvian, on the form; nothing registered
            type(d, "personalCode", "150385-23450");
            type(d, "givenName", GIVEN);
            type(d, "surname", SURNAME);
            new Select(d.findElement(By.id("channel"))).selectByValue("IN_PERSON");
            d.findElement(By.id("register-submit")).click();
            browser.waitFor("refusal-lv", w -> w.findElement(By.id("message")).isDisplayed());
            assertThat(text(d, "message")).contains("ersonas kod");
            assertThat(d.getCurrentUrl()).contains("register.html");

            type(d, "personalCode", code);
            type(d, "email", "girts@piemers.lv");
            type(d, "note", NOTE);
            browser.screenshot("pages-register-lv");
            d.findElement(By.id("register-submit")).click();
            browser.waitFor("case-page", w -> w.getCurrentUrl().contains("case.html?id="));
            ready(browser, "case");
            id = Long.parseLong(d.getCurrentUrl().replaceAll(".*[?&]id=(\\d+).*", "$1"));

            // Latvian letters survive from the keyboard to the screen; the code is masked
            assertThat(text(d, "client-name")).isEqualTo(GIVEN + " " + SURNAME);
            assertThat(text(d, "case-notes")).isEqualTo(NOTE);
            assertThat(text(d, "client-code")).isEqualTo(code.substring(0, 6) + "-*****");
            assertThat(d.getPageSource()).doesNotContain(code).doesNotContain(code.replace("-", ""));
            assertThat(text(d, "case-status")).isEqualTo("Saņemts");
            waitForStatus(browser, "RECEIVED");

            // through every status to delivered; one move by keyboard alone
            for (String status : List.of("IN_PROGRESS", "FORWARDED", "RESULT_READY", "DELIVERED")) {
                WebElement button = d.findElement(By.id("move-" + status));
                if (status.equals("FORWARDED")) {
                    type(d, "move-note", "Nosūtīts PMLP; ā č ē ģ ī ķ ļ ņ š ū ž");
                    d.findElement(By.id("move-note")).sendKeys(Keys.TAB);
                    // the buttons follow the note in the tab order, the next status first; Enter presses it
                    assertThat(d.switchTo().activeElement().getDomAttribute("id")).isEqualTo("move-FORWARDED");
                    d.switchTo().activeElement().sendKeys(Keys.ENTER);
                } else {
                    button.click();
                }
                waitForStatus(browser, status);
            }
            assertThat(text(d, "case-status")).isEqualTo("Izsniegts");
            assertThat(d.findElements(By.cssSelector("#move-buttons button"))).isEmpty();
            assertThat(d.findElement(By.id("move-final")).isDisplayed()).isTrue();
            assertThat(d.findElements(By.cssSelector("#history-rows tr"))).hasSize(5);
            assertThat(d.findElement(By.id("history-rows")).getText()).contains("Nosūtīts PMLP; ā č ē ģ ī ķ ļ ņ š ū ž").contains(SPECIALIST);
            browser.screenshot("pages-case-delivered-lv");

            // the full code only on an explicit, audited request
            d.findElement(By.id("show-code")).click();
            browser.waitFor("full-code", w -> code.equals(w.findElement(By.id("client-code")).getText()));
            assertThat(d.findElement(By.id("code-note")).isDisplayed()).isTrue();

            // the queue lists it, masked
            open(browser, "index.html", null);
            new Select(d.findElement(By.id("status"))).selectByValue("DELIVERED");
            d.findElement(By.id("queue-show")).click();
            browser.waitFor("queue-delivered", w -> !w.findElements(By.cssSelector("#queue[data-shown*='status=DELIVERED']")).isEmpty());
            // oldest first, among the demo cases: page on until it shows
            for (int page = 1; d.findElements(By.id("case-row-" + id)).isEmpty() && page < 40; page++) {
                assertThat(d.findElement(By.id("next-page")).isEnabled()).as("case " + id + " on a page of the queue").isTrue();
                d.findElement(By.id("next-page")).click();
                String shown = "page=" + page + "&";
                browser.waitFor("queue-delivered-page-" + page,
                        w -> !w.findElements(By.cssSelector("#queue[data-shown*='" + shown + "']:not([aria-busy])")).isEmpty());
            }
            String row = d.findElement(By.id("case-row-" + id)).getText();
            assertThat(row).contains(GIVEN + " " + SURNAME).contains(code.substring(0, 6) + "-*****").contains("Izsniegts").doesNotContain(code);
        }

        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver d = browser.driver();
            open(browser, "reports.html", SUPERVISOR);
            browser.screenshot("pages-reports-lv");
            WebElement row = d.findElement(By.cssSelector("#report-rows tr[data-service='" + service + "'][data-period='" + month + "']"));
            assertThat(row.findElement(By.cssSelector("td.cases")).getText()).isEqualTo(Integer.toString(before[0] + 1));
            assertThat(row.findElement(By.cssSelector("td.served")).getText()).isEqualTo(Integer.toString(before[1] + 1));
            int rows = d.findElements(By.cssSelector("#report-rows tr")).size();
            assertThat(d.findElements(By.cssSelector("#report-chart svg rect"))).hasSize(rows);
            assertThat(d.findElement(By.id("nav-register")).isDisplayed()).isTrue();
            assertThat(text(d, "signed-in")).isEqualTo("Pieslēdzies: " + SUPERVISOR + " (vadītājs)");

            // the download links work with the page's session
            for (String format : List.of("csv", "xlsx")) {
                String href = d.findElement(By.id("download-" + format)).getDomProperty("href");
                assertThat(href).contains("format=" + format).contains("from=" + month);
                HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(href)).header("Cookie", sessionCookie(browser))
                        .header("Accept", "text/html,*/*").build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(download.statusCode()).as(format).isEqualTo(200);
                assertThat(download.headers().firstValue("Content-Type").orElse("")).contains(format.equals("csv") ? "text/csv" : "spreadsheetml");
                if (format.equals("csv")) {
                    assertThat(new String(download.body(), StandardCharsets.UTF_8)).contains(service);
                }
            }
        }

        // every step audited with its actor, the client by reference, never the code in clear
        String reference = PersonalCode.parse(code).auditReference(VpvkacEnvironment.CLIENT_REF_KEY);
        List<AuditRow> steps = auditOfCase(id);
        assertThat(steps).extracting(AuditRow::type).containsExactly("VPVKAC_CASE_REGISTERED", "VPVKAC_CASE_READ", "VPVKAC_CASE_MOVED",
                "VPVKAC_CASE_MOVED", "VPVKAC_CASE_MOVED", "VPVKAC_CASE_MOVED", "VPVKAC_PERSONAL_CODE_SHOWN");
        for (AuditRow step : steps) {
            assertThat(step.actor()).as(step.type()).isEqualTo(SPECIALIST);
            assertThat(step.whole()).as(step.type()).contains(reference).doesNotContain(code).doesNotContain(code.replace("-", ""))
                    .doesNotContain(SURNAME);
        }
        assertThat(steps.subList(2, 6)).extracting(AuditRow::details).satisfiesExactly(
                m -> assertThat(m).contains("\"from\":\"RECEIVED\"").contains("\"to\":\"IN_PROGRESS\""),
                m -> assertThat(m).contains("\"from\":\"IN_PROGRESS\"").contains("\"to\":\"FORWARDED\""),
                m -> assertThat(m).contains("\"from\":\"FORWARDED\"").contains("\"to\":\"RESULT_READY\""),
                m -> assertThat(m).contains("\"from\":\"RESULT_READY\"").contains("\"to\":\"DELIVERED\""));
        List<AuditRow> reportReads = audit("SELECT * FROM audit_record WHERE stream = 'vpvkac/vpvkac-test' AND type = 'VPVKAC_REPORT_READ' "
                + "AND actor_username = ? AND time >= ?", SUPERVISOR, Timestamp.from(start));
        assertThat(reportReads).isNotEmpty();
        reportReads.forEach(r -> assertThat(r.whole()).doesNotContain(code).doesNotContain(code.replace("-", "")));
        assertThat(env.wildfly().log()).doesNotContain(code).doesNotContain(code.replace("-", ""));
    }

    @Test
    void thePagesInEnglishShowEnglishTextAndTheApisReasonsInEnglish() throws Exception {
        try (HeadlessBrowser browser = new HeadlessBrowser("en")) {
            WebDriver d = browser.driver();
            open(browser, "index.html?lang=en", SPECIALIST);
            browser.screenshot("pages-queue-en");
            assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
            assertThat(text(d, "title")).isEqualTo("Case queue");
            assertThat(text(d, "nav-register")).isEqualTo("Register a case");
            assertThat(text(d, "nav-catalogue")).isEqualTo("Service catalogue");
            assertThat(text(d, "language-switch")).isEqualTo("Latviešu");
            assertThat(new Select(d.findElement(By.id("status"))).getOptions()).extracting(WebElement::getText)
                    .contains("All", "Received", "Delivered");
            String visible = d.findElement(By.tagName("body")).getText();
            assertThat(visible).doesNotContain("Rinda").doesNotContain("Reģistrēt").doesNotContain("Saņemts").doesNotContain("Pieslēdzies");
            assertThat(d.getTitle()).isEqualTo("Case queue · VPVKAC");

            // the choice is kept from page to page; the API answers in it
            d.findElement(By.id("nav-register")).click();
            browser.waitFor("register-en", w -> w.getCurrentUrl().contains("register.html"));
            ready(browser, "register-en");
            assertThat(text(d, "title")).isEqualTo("Register a case");
            new Select(d.findElement(By.id("service"))).selectByIndex(1);
            type(d, "personalCode", "310285-12345");
            type(d, "givenName", "Anna");
            type(d, "surname", "Ozola");
            d.findElement(By.id("register-submit")).click();
            browser.waitFor("refusal-en", w -> w.findElement(By.id("message")).isDisplayed());
            browser.screenshot("pages-refusal-en");
            assertThat(text(d, "message")).containsIgnoringCase("birth").doesNotContain("dzimšanas");

            // and back to Latvian with the switch
            d.findElement(By.id("language-switch")).click();
            browser.waitFor("register-lv", w -> w.getCurrentUrl().contains("lang=lv"));
            ready(browser, "register-lv");
            assertThat(text(d, "title")).isEqualTo("Reģistrēt lietu");
        }
    }

    @Test
    void aSpecialistFindsTheClientOfACaseByCodeAndByTheStartOfTheSurnameAndOpensTheCase() throws Exception {
        Instant start = Instant.now();
        String token = env.token(SPECIALIST);
        long centre = api(token, "GET", "/api/centres", null).get(0).get("id").asLong();
        String code = VpvkacEnvironment.personalCode("170592", 634);
        String masked = code.substring(0, 6) + "-*****";
        String given = "Līva";
        String surname = "Šķēpele-Ūdre";
        long id = api(token, "POST", "/api/cases", Map.of("personalCode", code, "givenName", given, "surname", surname,
                "serviceCode", lastInPersonService(token), "centreId", centre, "channel", "IN_PERSON")).get("id").asLong();

        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver d = browser.driver();
            open(browser, "index.html", SPECIALIST);
            // from the menu, where everyone with a VPVKAC role finds it
            d.findElement(By.id("nav-clients")).click();
            browser.waitFor("clients-page", w -> w.getCurrentUrl().contains("clients.html"));
            ready(browser, "clients");
            assertThat(text(d, "title")).isEqualTo("Klientu meklēšana");
            assertThat(d.findElement(By.cssSelector("label[for='client-query']")).getText()).contains("Personas kods");
            assertThat(d.switchTo().activeElement().getDomAttribute("id")).as("the search field has the focus").isEqualTo("client-query");

            // by the whole personal code without the hyphen, Enter in the field: exactly this client, the code masked
            searchClients(browser, code.replace("-", ""), true);
            browser.screenshot("pages-clients-by-code-lv");
            List<WebElement> rows = d.findElements(By.cssSelector("#client-rows tr"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).findElement(By.cssSelector("td.client")).getText()).isEqualTo(given + " " + surname);
            assertThat(rows.get(0).findElement(By.cssSelector("td.code")).getText()).isEqualTo(masked);
            assertThat(rows.get(0).findElement(By.cssSelector("td.municipality")).getText()).isEqualTo("ventspils");
            assertThat(rows.get(0).findElements(By.cssSelector("a.case-link[data-case='" + id + "']"))).hasSize(1);
            assertThat(d.findElement(By.id("clients-empty")).isDisplayed()).isFalse();
            assertThat(d.findElement(By.tagName("body")).getText()).doesNotContain(code).doesNotContain(code.replace("-", ""));
            assertThat(d.getPageSource()).doesNotContain(code).doesNotContain(code.replace("-", ""));
            assertThat(d.getCurrentUrl()).as("what was typed stays out of the address").doesNotContain(code.substring(0, 6));

            // by the start of the surname with Latvian letters, by the button: among the demo clients, ours, masked
            searchClients(browser, "Šķē", false);
            browser.screenshot("pages-clients-by-name-lv");
            List<WebElement> found = d.findElements(By.cssSelector("#client-rows td.client"));
            assertThat(found).isNotEmpty();
            found.forEach(name -> assertThat(name.getText()).containsIgnoringCase("šķē"));
            WebElement row = clientRowOfCase(browser, id);
            assertThat(row.getText()).contains(given + " " + surname).contains(masked).doesNotContain(code);
            assertThat(d.getPageSource()).doesNotContain(code).doesNotContain(code.replace("-", ""));

            // the link leads to the case
            row.findElement(By.cssSelector("a.case-link[data-case='" + id + "']")).click();
            browser.waitFor("case-from-search", w -> w.getCurrentUrl().contains("case.html?id=" + id));
            ready(browser, "case-from-search");
            assertThat(text(d, "client-name")).isEqualTo(given + " " + surname);
            assertThat(text(d, "client-code")).isEqualTo(masked);

            // nobody by that name: said so
            open(browser, "clients.html", null);
            searchClients(browser, "Žžqx", true);
            assertThat(d.findElements(By.cssSelector("#client-rows tr"))).isEmpty();
            assertThat(d.findElement(By.id("clients-empty")).isDisplayed()).isTrue();
            assertThat(text(d, "clients-empty")).isEqualTo("Neviens klients netika atrasts.");

            // too short: the API's reason, in Latvian, and no results
            searchClients(browser, "Š", true);
            browser.waitFor("too-short-lv", w -> w.findElement(By.id("message")).isDisplayed());
            browser.screenshot("pages-clients-too-short-lv");
            assertThat(text(d, "message")).contains("vismaz 2");
            assertThat(d.findElement(By.id("client-results")).isDisplayed()).isFalse();

            // and in English
            open(browser, "clients.html?lang=en", null);
            assertThat(text(d, "title")).isEqualTo("Client search");
            assertThat(text(d, "nav-clients")).isEqualTo("Clients");
            searchClients(browser, "Š", false);
            browser.waitFor("too-short-en", w -> w.findElement(By.id("message")).isDisplayed());
            browser.screenshot("pages-clients-too-short-en");
            assertThat(text(d, "message")).contains("at least 2").doesNotContain("vismaz");
            searchClients(browser, code, true);
            assertThat(d.findElements(By.cssSelector("#client-rows tr"))).hasSize(1);
            assertThat(d.findElement(By.id("message")).isDisplayed()).as("the refusal is gone once a search succeeds").isFalse();
        }

        // audited without what was typed
        List<AuditRow> searches = audit("SELECT * FROM audit_record WHERE stream = 'vpvkac/vpvkac-test' AND type = 'VPVKAC_CLIENT_SEARCH' "
                + "AND actor_username = ? AND time >= ?", SPECIALIST, Timestamp.from(start));
        assertThat(searches).hasSizeGreaterThanOrEqualTo(4);
        searches.forEach(r -> assertThat(r.whole()).doesNotContain(code).doesNotContain(code.replace("-", ""))
                .doesNotContainIgnoringCase("šķē").doesNotContain(surname));
        assertThat(env.wildfly().log()).doesNotContain(code).doesNotContain(code.replace("-", ""));
    }

    /** The centres a select offers (options with a value), as "shown text" → the municipality they belong to. */
    private static Map<String, String> centreOptions(WebDriver d) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        for (WebElement option : new Select(d.findElement(By.id("centre"))).getOptions()) {
            String value = option.getDomAttribute("value");
            if (value != null && !value.isEmpty()) {
                options.put(option.getText(), option.getDomAttribute("data-municipality"));
            }
        }
        return options;
    }

    @Test
    void centresAreNamedWithTheirMunicipalityWhenATrustLendsAnotherMunicipalitysQueue() throws Exception {
        // one municipality's centres: their names alone
        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            open(browser, "register.html", SPECIALIST);
            Map<String, String> own = centreOptions(browser.driver());
            assertThat(own).isNotEmpty();
            assertThat(own.values()).containsOnly("ventspils");
            assertThat(own.keySet()).allSatisfy(name -> assertThat(name).doesNotEndWith("(ventspils)"));
        }

        try (LentQueue lent = lendVentspilsQueueTo("vpvkac-specialisti")) {
            try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
                WebDriver d = browser.driver();
                for (String page : List.of("register.html", "index.html")) {
                    open(browser, page, page.equals("register.html") ? KULDIGA_SPECIALIST : null);
                    browser.screenshot("pages-lent-centres-" + page.replace(".html", ""));
                    Map<String, String> centres = centreOptions(d);
                    assertThat(centres.values()).as(page).contains("ventspils", "kuldiga");
                    centres.forEach((shown, municipality) -> assertThat(shown).as(page).endsWith(" (" + municipality + ")"));
                }
            }
        }
    }

    /** A trust, proposed by Ventspils and approved by Kuldīga, lending Ventspils' queue to a group of Kuldīga's directory; revoked on close. */
    private final class LentQueue implements AutoCloseable {
        private final String ventspilsAdmin = env.municipalAdminToken("ventspils");
        private final String trust;

        LentQueue(String group) {
            KeycloakClient.Response proposed = env.keycloak().client().withToken(ventspilsAdmin, "POST", TRUSTS, """
                    {"trustingMunicipality":"ventspils","trustedDirectory":"kuldiga","acceptedGroups":["%s"],
                     "grantedRoles":{"vpvkac-app":["vpvkac-specialist"]}}""".formatted(group));
            assertThat(proposed.status()).as(proposed.raw()).isEqualTo(201);
            trust = proposed.body().get("id").asText();
            KeycloakClient.Response approved = env.keycloak().client().withToken(env.municipalAdminToken("kuldiga"), "POST",
                    TRUSTS + "/" + trust + "/approve", null);
            if (approved.status() != 200) {
                close();
                throw new AssertionError("Kuldīga could not approve the trust: " + approved.raw());
            }
        }

        @Override
        public void close() {
            env.keycloak().client().withToken(ventspilsAdmin, "POST", TRUSTS + "/" + trust + "/revoke", "{\"reason\":\"Tests beidzas\"}");
        }
    }

    private LentQueue lendVentspilsQueueTo(String group) {
        return new LentQueue(group);
    }

    @Test
    void someoneWhoseOnlyVpvkacRoleIsLentRegistersAndMovesTheLendingMunicipalitysCasesOnThePages() throws Exception {
        String code = VpvkacEnvironment.personalCode("030663", 145);
        try (LentQueue lent = lendVentspilsQueueTo("darbinieki"); HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver d = browser.driver();
            open(browser, "index.html", KULDIGA_EMPLOYEE);
            browser.screenshot("pages-lent-only-queue-lv");
            // no role at home, one lent: said so, and the menu offers what the lent role may do, not more
            assertThat(text(d, "signed-in")).isEqualTo("Pieslēdzies: " + KULDIGA_EMPLOYEE + " (ventspils: speciālists)");
            assertThat(d.findElement(By.id("nav-register")).isDisplayed()).isTrue();
            assertThat(d.findElements(By.id("nav-reports"))).as("a lent specialist reads no reports").isEmpty();

            // the registration form offers exactly the lent municipality's centres
            d.findElement(By.id("nav-register")).click();
            browser.waitFor("register-lent", w -> w.getCurrentUrl().contains("register.html"));
            ready(browser, "register-lent");
            assertThat(d.findElement(By.id("register-form")).isDisplayed()).isTrue();
            assertThat(centreOptions(d).values()).isNotEmpty().containsOnly("ventspils");
            type(d, "personalCode", code);
            type(d, "givenName", "Ilze");
            type(d, "surname", "Ķēniņa");
            new Select(d.findElement(By.id("service"))).selectByValue(lastInPersonService(env.token(SPECIALIST)));
            new Select(d.findElement(By.id("channel"))).selectByValue("IN_PERSON");
            d.findElement(By.id("register-submit")).click();
            browser.waitFor("case-lent", w -> w.getCurrentUrl().contains("case.html?id="));
            ready(browser, "case-lent");
            long id = Long.parseLong(d.getCurrentUrl().replaceAll(".*[?&]id=(\\d+).*", "$1"));

            // the case is Ventspils'; its status buttons and the audited "show code" are there for the lent specialist
            waitForStatus(browser, "RECEIVED");
            assertThat(d.findElement(By.id("show-code")).isDisplayed()).isTrue();
            d.findElement(By.id("move-IN_PROGRESS")).click();
            waitForStatus(browser, "IN_PROGRESS");
            browser.screenshot("pages-lent-only-case-lv");
            JsonNode moved = api(env.token(SPECIALIST), "GET", "/api/cases/" + id, null);
            assertThat(moved.get("municipality").asText()).isEqualTo("ventspils");
            assertThat(moved.get("assignee").asText()).isEqualTo(KULDIGA_EMPLOYEE);
        }
    }

    @Test
    void aLinkOpenedWithoutASessionLandsOnThatVeryPageAfterTheSignInAndSoDoesSigningInAgain() throws Exception {
        String token = env.token(SPECIALIST);
        long centre = api(token, "GET", "/api/centres", null).get(0).get("id").asLong();
        long id = api(token, "POST", "/api/cases", Map.of("personalCode", VpvkacEnvironment.personalCode("141174", 256), "givenName", "Rūta",
                "surname", "Lūse", "serviceCode", lastInPersonService(token), "centreId", centre, "channel", "IN_PERSON")).get("id").asLong();
        String link = page("case.html?id=" + id + "&lang=en");

        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver d = browser.driver();
            d.get(link);
            browser.signIn(SPECIALIST, DemoDirectories.DEMO_PASSWORD);
            ready(browser, "deep-link");
            browser.screenshot("pages-deep-link-en");
            assertThat(d.getCurrentUrl()).isEqualTo(link);
            assertThat(text(d, "client-name")).isEqualTo("Rūta Lūse");
            assertThat(d.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");

            // the session ends; "sign in again" comes back to the same case
            d.manage().deleteCookieNamed("JSESSIONID");
            d.findElement(By.id("show-code")).click();
            browser.waitFor("session-ended-on-case", w -> !w.findElements(By.id("sign-in-again")).isEmpty());
            WebElement before = d.findElement(By.tagName("body"));
            d.findElement(By.id("sign-in-again")).click();
            browser.waitFor("back-on-case", w -> {
                try {
                    before.isDisplayed();
                    return false; // still the page that lost its session
                } catch (StaleElementReferenceException reloaded) {
                    return w.getCurrentUrl().equals(link);
                }
            });
            ready(browser, "back-on-case");
            assertThat(text(d, "client-name")).isEqualTo("Rūta Lūse");
        }
    }

    @Test
    void aChangePostedByAnotherSiteWithTheSessionCookieChangesNothing() throws Exception {
        String token = env.token(SPECIALIST);
        long centre = api(token, "GET", "/api/centres", null).get(0).get("id").asLong();
        String code = VpvkacEnvironment.personalCode("080888", 523);
        JsonNode created = api(token, "POST", "/api/cases", Map.of("personalCode", code, "givenName", "Ilga", "surname", "Ērgle",
                "serviceCode", lastInPersonService(token), "centreId", centre, "channel", "IN_PERSON"));
        long id = created.get("id").asLong();
        int version = created.get("version").asInt();
        String statusUrl = env.wildfly().baseUrl() + "/api/cases/" + id + "/status";
        String codeUrl = env.wildfly().baseUrl() + "/api/cases/" + id + "/personal-code";

        // another origin on the same host (same site, so the browser sends the session cookie along)
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String json = "{\"status\":\"REJECTED\",\"version\":" + version + ",\"x\":\"";
        attacker.createContext("/", exchange -> {
            String target = exchange.getRequestURI().getPath().equals("/code") ? codeUrl : statusUrl;
            byte[] page = ("<!DOCTYPE html><html><body><form method='POST' enctype='text/plain' action='" + target + "'>"
                    + "<input type='hidden' name='" + json.replace("'", "&#39;") + "' value='\"}'></form>"
                    + "<script>fetch('" + target + "', {method: 'POST', credentials: 'include', mode: 'no-cors',"
                    + " headers: {'Content-Type': 'text/plain'}, body: '{\"status\":\"WITHDRAWN\",\"version\":" + version + "}'})"
                    + ".finally(() => document.forms[0].submit());</script></body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=UTF-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        attacker.start();
        String attackerUrl = "http://127.0.0.1:" + attacker.getAddress().getPort();
        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver d = browser.driver();
            open(browser, "case.html?id=" + id, SPECIALIST);
            waitForStatus(browser, "RECEIVED");

            for (String path : List.of("/status", "/code")) {
                d.get(attackerUrl + path);
                browser.waitFor("attack-answer" + path.replace('/', '-'), w -> w.getCurrentUrl().startsWith(env.wildfly().baseUrl()));
                browser.screenshot("pages-csrf-refused" + path.replace('/', '-'));
                assertThat(d.getPageSource()).contains("request.notFromPage");
            }

            // the same change with the session cookie and a proper JSON body, still without the header: refused by the guard alone
            String cookie = sessionCookie(browser);
            HttpResponse<String> withoutHeader = http.send(HttpRequest.newBuilder(URI.create(statusUrl)).header("Cookie", cookie)
                    .header("Content-Type", "application/json").header("Accept", "application/json").header("Accept-Language", "lv")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"REJECTED\",\"version\":" + version + "}")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(withoutHeader.statusCode()).as(withoutHeader.body()).isEqualTo(403);
            assertThat(JSON.readTree(withoutHeader.body()).get("error").asText()).isEqualTo("request.notFromPage");
            assertThat(JSON.readTree(withoutHeader.body()).get("message").asText()).contains("VPVKAC lapām");

            JsonNode unchanged = api(token, "GET", "/api/cases/" + id, null);
            assertThat(unchanged.get("status").asText()).isEqualTo("RECEIVED");
            assertThat(unchanged.get("history")).hasSize(1);
            assertThat(unchanged.get("version").asInt()).isEqualTo(version);
            assertThat(auditOfCase(id)).extracting(AuditRow::type).doesNotContain("VPVKAC_CASE_MOVED", "VPVKAC_PERSONAL_CODE_SHOWN");

            // with the pages' header the same session may change it: the header is the only difference
            HttpResponse<String> withHeader = http.send(HttpRequest.newBuilder(URI.create(statusUrl)).header("Cookie", cookie)
                    .header("Content-Type", "application/json").header("Accept", "application/json").header("X-Requested-With", "XMLHttpRequest")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"IN_PROGRESS\",\"version\":" + version + "}")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(withHeader.statusCode()).as(withHeader.body()).isEqualTo(200);
            assertThat(JSON.readTree(withHeader.body()).get("status").asText()).isEqualTo("IN_PROGRESS");
        } finally {
            attacker.stop(0);
        }
    }

    @Test
    void aPageThatLostItsSessionSaysSoInsteadOfFollowingARedirect() throws Exception {
        HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> xhr = noRedirects.send(HttpRequest.newBuilder(URI.create(page("api/cases")))
                .header("X-Requested-With", "XMLHttpRequest").header("Accept", "*/*").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(xhr.statusCode()).isEqualTo(401);
        HttpResponse<String> navigation = noRedirects.send(HttpRequest.newBuilder(URI.create(page("index.html")))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(navigation.statusCode()).isEqualTo(302);
        assertThat(navigation.headers().firstValue("Location").orElse("")).startsWith(env.keycloak().baseUrl() + "/realms/");

        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver d = browser.driver();
            open(browser, "index.html", SPECIALIST);
            d.manage().deleteCookieNamed("JSESSIONID");
            d.findElement(By.id("queue-show")).click();
            browser.waitFor("session-ended", w -> w.findElement(By.id("message")).isDisplayed());
            browser.screenshot("pages-session-ended-lv");
            assertThat(text(d, "message")).contains("sesija ir beigusies");
            assertThat(d.findElement(By.id("sign-in-again")).getDomAttribute("href")).isNotBlank();
            assertThat(d.getCurrentUrl()).startsWith(env.wildfly().baseUrl());
        }
    }
}
