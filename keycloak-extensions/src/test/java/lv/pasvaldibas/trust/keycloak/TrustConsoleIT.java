package lv.pasvaldibas.trust.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.directory.keycloak.HeadlessBrowser;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The LDAP admins' web console in headless Chromium: Kuldīga's admin checks a directory and proposes
 * a trust for Ventspils specialists, Ventspils' admin approves it from the pending list, Talsi's admin
 * does not see it, Kuldīga's admin suspends it with a reason and reads its history, in Latvian and in
 * English. Screenshots of each page are kept in {@code target/screenshots/console-*.png}.
 */
@ExtendWith(FederationEnvironment.Extension.class)
class TrustConsoleIT {

    private final FederationEnvironment env;
    private KuldigaPortal portal;
    private HeadlessBrowser browser;

    TrustConsoleIT(FederationEnvironment env) {
        this.env = env;
    }

    @BeforeEach
    void portalAndBrowser() {
        portal = KuldigaPortal.create(env.client());
        browser = new HeadlessBrowser("lv");
    }

    @AfterEach
    void close() {
        browser.close();
        portal.close();
    }

    private WebDriver page() {
        return browser.driver();
    }

    /** Opens the console and signs in; the console starts on the directories tab. */
    private void signInToConsole(String username) {
        page().get(env.keycloak().baseUrl() + "/realms/pasvaldibas/municipal-console");
        browser.signIn(username, DemoDirectories.DEMO_PASSWORD);
        // the demo admins have a second factor (realm-config): Keycloak's own OTP page follows the password
        browser.waitFor("otp-field", d -> !d.findElements(By.id("otp")).isEmpty());
        page().findElement(By.id("otp")).sendKeys(lv.pasvaldibas.testsupport.Totp.demoAdminCode(username));
        page().findElement(By.id("kc-login")).click();
        browser.waitFor("console-" + username, d -> d.findElement(By.id("who")).getText().startsWith(username));
    }

    private void signOut() {
        page().findElement(By.id("sign-out")).click();
        browser.waitFor("signed-out", d -> !d.findElements(By.id("username")).isEmpty());
    }

    private void tab(String name) {
        page().findElement(By.id("tab-" + name)).click();
        browser.waitFor("tab-" + name, d -> !d.findElements(By.cssSelector("#view[data-tab='" + name + "']")).isEmpty());
    }

    private WebElement trustRow(String id) {
        browser.waitFor("trust-row-" + id, d -> !d.findElements(By.cssSelector("tr[data-trust='" + id + "']")).isEmpty());
        return page().findElement(By.cssSelector("tr[data-trust='" + id + "']"));
    }

    private void waitForNotice(String text) {
        browser.waitFor("notice-" + text, d -> d.findElement(By.id("notice")).getText().contains(text));
    }

    private String state(String id) {
        return trustRow(id).findElement(By.cssSelector(".state")).getText();
    }

    @Test
    void kuldigaProposesVentspilsApprovesTalsiSeesNothingAndKuldigaSuspends() {
        // Kuldīga's admin: own directory with health, a connection test
        signInToConsole("andris.kalnins@kuldiga.lv");
        browser.waitFor("directories", d -> !d.findElements(By.cssSelector("#directories tr[data-directory='kuldiga']")).isEmpty());
        assertThat(page().findElement(By.id("who")).getText()).contains("Kuldīgas novada pašvaldība");
        assertThat(page().findElements(By.cssSelector("#directories tr[data-directory='ventspils']"))).as("only their own").isEmpty();
        assertThat(page().findElement(By.cssSelector("#directories tr[data-directory='kuldiga'] .server")).getText()).endsWith("atbild");
        page().findElement(By.cssSelector("button.test[data-directory='kuldiga']")).click();
        browser.waitFor("connection-test", d -> d.findElement(By.cssSelector(".test-result[data-directory='kuldiga']")).getText()
                .startsWith("Savienojums darbojas"));
        assertThat(page().findElement(By.tagName("body")).getText()).contains("Direktorijas", "Uzticēšanās grafiks");
        browser.screenshot("console-directories-lv");

        // the proposal form checks what it can before asking the server
        tab("propose");
        page().findElement(By.id("p-submit")).click();
        browser.waitFor("proposal-errors", d -> !d.findElements(By.cssSelector("#proposal-errors li")).isEmpty());
        assertThat(page().findElement(By.id("proposal-errors")).getText())
                .contains("Izvēlieties direktoriju.", "Norādiet vismaz vienu grupu", "Izvēlieties vismaz vienu lomu.");
        browser.screenshot("console-proposal-invalid-lv");
        new Select(page().findElement(By.id("p-directory"))).selectByValue("kuldiga");
        page().findElement(By.id("p-submit")).click();
        browser.waitFor("same-side", d -> d.findElement(By.id("proposal-errors")).getText().contains("pati savai direktorijai"));

        new Select(page().findElement(By.id("p-directory"))).selectByValue("ventspils");
        page().findElement(By.id("p-groups")).sendKeys("vpvkac-specialisti");
        page().findElement(By.cssSelector("input.role[data-client='kuldiga-portal'][value='viewer']")).click();
        browser.screenshot("console-proposal-lv");
        page().findElement(By.id("p-submit")).click();
        waitForNotice("Priekšlikums nosūtīts");
        List<WebElement> rows = page().findElements(By.cssSelector("table.trusts tr[data-trust]"));
        WebElement proposedRow = rows.stream().filter(r -> r.getText().contains("vpvkac-specialisti") && r.getText().contains("ierosināta"))
                .findFirst().orElseThrow(() -> new AssertionError("the new proposal is not listed"));
        String id = proposedRow.getAttribute("data-trust");
        assertThat(proposedRow.getText()).contains("Gaida otras puses apstiprinājumu", "kuldiga-portal: viewer");
        assertThat(proposedRow.findElements(By.cssSelector("button[data-action='approve']"))).as("not their own proposal").isEmpty();
        browser.screenshot("console-trusts-proposed-lv");
        KuldigaPortal.refusedByKuldiga(portal.signIn("janis.berzins@ventspils.lv"));
        signOut();

        // Ventspils' admin finds it waiting, approves; the specialist gets in with viewer only
        signInToConsole("andris.kalnins@ventspils.lv");
        tab("pending");
        trustRow(id).findElement(By.cssSelector("button[data-action='approve']")).click();
        waitForNotice("aktīva");
        browser.screenshot("console-approved-lv");
        KeycloakClient.Response admitted = portal.signIn("janis.berzins@ventspils.lv");
        assertThat(admitted.status()).as(admitted.raw()).isEqualTo(200);
        JsonNode claims = KeycloakClient.claims(admitted.body().get("access_token").asText());
        assertThat(claims.get("resource_access").get(KuldigaPortal.CLIENT_ID).get("roles")).extracting(JsonNode::asText).containsExactly("viewer");
        KuldigaPortal.refusedByKuldiga(portal.signIn("maris.ozolins@ventspils.lv"));

        tab("graph");
        browser.waitFor("graph", d -> !d.findElements(By.cssSelector("svg#trust-graph line.edge[data-trust='" + id + "']")).isEmpty());
        assertThat(page().findElement(By.cssSelector("svg#trust-graph line.edge[data-trust='" + id + "']")).getAttribute("data-state"))
                .isEqualTo("ACTIVE");
        assertThat(page().findElement(By.id("trust-graph")).getText()).contains("Kuldīgas novada pašvaldība", "ventspils");
        browser.screenshot("console-graph-lv");
        signOut();

        // Talsi's admin: not listed, not drawn
        signInToConsole("andris.kalnins@talsi.lv");
        tab("trusts");
        assertThat(page().findElements(By.cssSelector("tr[data-trust='" + id + "']"))).isEmpty();
        tab("graph");
        assertThat(page().findElements(By.cssSelector("[data-trust='" + id + "']"))).isEmpty();
        browser.screenshot("console-talsi-lv");
        signOut();

        // Kuldīga's admin suspends with a reason (the dialog insists on one) and reads the history
        signInToConsole("andris.kalnins@kuldiga.lv");
        tab("trusts");
        trustRow(id).findElement(By.cssSelector("button[data-action='suspend']")).click();
        page().findElement(By.id("reason-confirm")).click();
        browser.waitFor("reason-required", d -> d.findElement(By.id("reason-error")).isDisplayed());
        page().findElement(By.id("reason-text")).sendKeys("Pārbaude pēc incidenta");
        page().findElement(By.id("reason-confirm")).click();
        waitForNotice("apturēta");
        assertThat(state(id)).isEqualTo("apturēta");
        KuldigaPortal.refusedByKuldiga(portal.signIn("janis.berzins@ventspils.lv"));
        trustRow(id).findElement(By.cssSelector("button.history-toggle")).click();
        browser.waitFor("history", d -> !d.findElements(By.cssSelector("table.history-table")).isEmpty());
        assertThat(page().findElement(By.cssSelector("table.history-table")).getText())
                .contains("ierosināta", "apstiprināta", "apturēta", "Pārbaude pēc incidenta", "andris.kalnins@ventspils.lv");
        browser.screenshot("console-history-lv");

        // filters: the suspended trust is not among the active ones
        WebElement unfiltered = page().findElement(By.id("filter-state"));
        new Select(unfiltered).selectByValue("ACTIVE");
        browser.waitFor("filtered", d -> ExpectedConditions.stalenessOf(unfiltered).apply(d)
                && !d.findElements(By.cssSelector("#view[data-tab='trusts']")).isEmpty());
        assertThat(page().findElements(By.cssSelector("tr[data-trust='" + id + "']"))).isEmpty();
        new Select(page().findElement(By.id("filter-state"))).selectByValue("SUSPENDED");
        trustRow(id);

        // the same in English; revoking ends it
        page().findElement(By.id("language")).click();
        // the tabs are relabelled at once, the trust list when it has been fetched again
        browser.waitFor("english", d -> d.findElement(By.id("tab-trusts")).getText().equals("Trusts"));
        browser.waitFor("english trust list", d -> {
            try {
                return state(id).equals("suspended");
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                return false;
            }
        });
        trustRow(id).findElement(By.cssSelector("button[data-action='resume']")).click();
        page().findElement(By.id("reason-text")).sendKeys("Incidents slēgts");
        page().findElement(By.id("reason-confirm")).click();
        waitForNotice("The trust is now active.");
        new Select(page().findElement(By.id("filter-state"))).selectByValue("ACTIVE");
        trustRow(id).findElement(By.cssSelector("button[data-action='revoke']")).click();
        page().findElement(By.id("reason-text")).sendKeys("Vairs nav vajadzīga");
        page().findElement(By.id("reason-confirm")).click();
        waitForNotice("The trust is now revoked.");
        browser.screenshot("console-revoked-en");
    }

    @Test
    void theConsoleIsServedWithItsOwnStrictPolicy() throws Exception {
        for (String file : List.of("", "console.js", "console.css")) {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(env.keycloak().baseUrl() + "/realms/pasvaldibas/municipal-console/" + file)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().allValues("Content-Security-Policy")).as(file)
                    .containsExactly("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
                            + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(file).contains("DENY");
        }
        java.net.http.HttpResponse<String> other = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(env.keycloak().baseUrl() + "/realms/pasvaldibas/municipal-console/..%2F..%2Fmaster")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).as("only the console's own files").isEqualTo(404);
    }

    @Test
    void anEmployeeWithoutTheAdminRoleIsToldTheConsoleIsNotForThem() {
        page().get(env.keycloak().baseUrl() + "/realms/pasvaldibas/municipal-console/");
        browser.signIn("janis.berzins@ventspils.lv", DemoDirectories.DEMO_PASSWORD);
        browser.waitFor("not-admin", d -> d.findElement(By.id("notice")).getText().contains("pašvaldību LDAP administratoriem"));
        assertThat(page().findElements(By.cssSelector("#view table"))).isEmpty();
        browser.screenshot("console-not-admin-lv");
    }
}
