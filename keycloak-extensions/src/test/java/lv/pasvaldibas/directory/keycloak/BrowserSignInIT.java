package lv.pasvaldibas.directory.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The authorization code flow in a real headless Chromium (Debian's, through its chromedriver):
 * the login page in Latvian, a federated sign-in, and a directory's reason shown on the form.
 * Screenshots are kept in target/screenshots.
 */
@ExtendWith(FederationEnvironment.Extension.class)
class BrowserSignInIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final FederationEnvironment env;
    private HttpServer callback;
    private String redirectUri;
    private WebDriver browser;

    BrowserSignInIT(FederationEnvironment env) {
        this.env = env;
    }

    @BeforeEach
    void browserAndCallback() throws Exception {
        callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callback.createContext("/callback", exchange -> {
            byte[] body = "signed in".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        callback.start();
        redirectUri = "http://127.0.0.1:" + callback.getAddress().getPort() + "/callback";
        allowRedirect(redirectUri);

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1200,900", "--lang=lv");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        callback.stop(0);
    }

    private void allowRedirect(String uri) {
        JsonNode client = env.client().adminGet("/realms/pasvaldibas/clients?clientId=" + FederationEnvironment.CLIENT).body().get(0);
        ObjectNode updated = client.deepCopy();
        updated.withArray("redirectUris").add(uri);
        assertThat(env.client().adminPut("/realms/pasvaldibas/clients/" + client.get("id").asText(), updated).status()).isEqualTo(204);
    }

    private void openLoginPage() {
        browser.get(env.keycloak().baseUrl() + "/realms/pasvaldibas/protocol/openid-connect/auth?client_id="
                + FederationEnvironment.CLIENT + "&response_type=code&scope=openid&ui_locales=lv&redirect_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
    }

    /** The realm has Organizations on, so Keycloak asks for the name first and the password on a second page. */
    private void submit(String username, String password) throws Exception {
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("kc-login")).click();
        waitFor("password-field", d -> !d.findElements(By.id("password")).isEmpty());
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }

    /** Waits for the page to satisfy {@code condition}; keeps a screenshot of what it showed instead. */
    private void waitFor(String what, java.util.function.Function<WebDriver, Boolean> condition) throws Exception {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("timeout-" + what);
            throw new AssertionError("Page never showed " + what + "; screenshot target/screenshots/timeout-" + what + ".png", e);
        }
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void anEmployeeSignsInWithTheAuthorizationCodeFlow() throws Exception {
        openLoginPage();
        screenshot("login-page-lv");
        submit("KULDIGA\\laura.vitola", DemoDirectories.DEMO_PASSWORD);
        waitFor("redirect", d -> d.getCurrentUrl().startsWith(redirectUri));
        screenshot("after-sign-in");
        String query = URI.create(browser.getCurrentUrl()).getQuery();
        String code = query.replaceAll(".*(?:^|&)code=([^&]+).*", "$1");

        KeycloakClient.Response tokens = env.client().postForm("/realms/pasvaldibas/protocol/openid-connect/token", Map.of(
                "grant_type", "authorization_code", "client_id", FederationEnvironment.CLIENT, "code", code, "redirect_uri", redirectUri));
        assertThat(tokens.status()).as(tokens.raw()).isEqualTo(200);
        JsonNode claims = KeycloakClient.claims(tokens.body().get("id_token").asText());
        assertThat(claims.get("name").asText()).isEqualTo("Laura Vītola");
        assertThat(claims.get("municipality").asText()).isEqualTo("kuldiga");
        assertThat(claims.get("home_directory").asText()).isEqualTo("kuldiga");
    }

    @Test
    void theFormTellsInLatvianWhyADirectoryRefused() throws Exception {
        openLoginPage();
        submit("andris.kalnins", DemoDirectories.DEMO_PASSWORD);
        waitFor("ambiguity-message", d -> d.getPageSource().contains("vairākās pašvaldībās"));
        screenshot("ambiguous-name-lv");
        assertThat(browser.getPageSource()).contains("Pieslēdzieties ar domēnu");

        openLoginPage();
        submit("zane.jansone@kuldiga.lv", DemoDirectories.DEMO_PASSWORD);
        waitFor("locked-message", d -> d.getPageSource().contains("bloķēts"));
        screenshot("locked-account-lv");
        assertThat(browser.getCurrentUrl()).doesNotStartWith(redirectUri);

        // a disabled one is stopped at the name, with Keycloak's own Latvian text
        openLoginPage();
        browser.findElement(By.id("username")).sendKeys("juris.strautins@kuldiga.lv");
        browser.findElement(By.id("kc-login")).click();
        waitFor("disabled-message", d -> d.getPageSource().contains("Konts ir atspējots"));
        screenshot("disabled-account-lv");
    }

    @Test
    void aClientOfAnotherMunicipalityWithoutATrustSaysWhoDidNotGrantAccess() throws Exception {
        KeycloakClient.Response created = env.client().adminPost("/realms/pasvaldibas/clients", Map.of("clientId", "kuldiga-web",
                "publicClient", true, "redirectUris", java.util.List.of(redirectUri), "attributes", Map.of("municipality", "kuldiga")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = env.client().adminGet("/realms/pasvaldibas/clients?clientId=kuldiga-web").body().get(0).get("id").asText();
        try {
            browser.get(env.keycloak().baseUrl() + "/realms/pasvaldibas/protocol/openid-connect/auth?client_id=kuldiga-web"
                    + "&response_type=code&scope=openid&ui_locales=lv&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
            submit("janis.berzins@ventspils.lv", DemoDirectories.DEMO_PASSWORD);
            waitFor("trust-refusal", d -> d.getPageSource().contains("nav atļāvusi"));
            screenshot("trust-denied-lv");
            assertThat(browser.getPageSource()).contains("Kuldīgas novada pašvaldība nav atļāvusi jums pieeju šai lietotnei");
            assertThat(browser.getCurrentUrl()).doesNotStartWith(redirectUri);
        } finally {
            env.client().adminDelete("/realms/pasvaldibas/clients/" + id);
        }
    }
}
