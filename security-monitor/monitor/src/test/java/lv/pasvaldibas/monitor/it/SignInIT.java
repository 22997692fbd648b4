package lv.pasvaldibas.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import lv.pasvaldibas.audit.AuditQuery;
import lv.pasvaldibas.audit.CheckpointKeys;
import lv.pasvaldibas.audit.keycloak.AuditSetup;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.directory.keycloak.HeadlessBrowser;
import lv.pasvaldibas.monitor.saml.IdentityProvider;
import lv.pasvaldibas.monitor.saml.ServiceProvider;
import lv.pasvaldibas.monitor.saml.ServiceProviderKeys;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.TcpGate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Security officers sign in to the monitor over SAML through the platform's Keycloak (issue 14,
 * acceptance 1 and 2): in headless Chromium a municipal officer searches, exports and verifies, and
 * may not see another municipality's records; an employee without the role is refused; single logout
 * ends the identity provider's session too; and each attack on the service provider is refused with
 * its reason and audited, with no session given. The monitor starts while Keycloak is out of reach
 * (behind a shut gate) and signs people in once it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignInIT {

    private static final Path WORK = Path.of("target", "it-work", "sign-in").toAbsolutePath();
    private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String OFFICER = "ilze.ozolina@talsi.lv";
    private static final String EMPLOYEE = "anna.berzina@kuldiga.lv";
    private static final String OTHER_APP = "other-app";
    private static LivePlatform platform;
    private static KeycloakServer keycloak;
    private static AlertCatchers monitor;
    private static AuditSetup audit;
    private static Postgres.Database monitorDb;
    private static Path spKey;
    private static Path spCert;
    private static String acs;
    /** Keycloak as the monitor and the browsers reach it; shut while the monitor starts */
    private static TcpGate idp;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void platform() throws Exception {
        platform = LivePlatform.start(WORK, "kc-signin");
        keycloak = platform.keycloak;
        audit = platform.audit;
        monitorDb = platform.monitorDb;
        Files.createDirectories(WORK);
        spKey = WORK.resolve("sp.key");
        spCert = WORK.resolve("sp.crt");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", spKey.toString(), "-out",
                spCert.toString(), "-days", "2", "-subj", "/CN=security-monitor").redirectErrorStream(true).start();
        assertThat(openssl.waitFor()).as(new String(openssl.getInputStream().readAllBytes())).isZero();
        idp = TcpGate.to(URI.create(keycloak.baseUrl()).getPort());
        monitor = new AlertCatchers();
        monitor.startMonitor(WORK.resolve("monitor"), platform.monitorDatabase(), platform.auditReader(), Map.of(
                        "MONITOR_SAML_IDP_METADATA_URL", idpUrl() + "/realms/pasvaldibas/protocol/saml/descriptor",
                        "MONITOR_SAML_KEY", spKey.toString(), "MONITOR_SAML_CERTIFICATE", spCert.toString(),
                        "MONITOR_SAML_CLOCK_SKEW_SECONDS", "1", "MONITOR_AUDIT_PUBLIC_KEY", audit.keys().resolve(CheckpointKeys.PUBLIC_FILE).toString()));
        acs = monitor.monitorUrl() + "/saml/acs";
        String certificate = Files.readString(spCert).replaceAll("-----[A-Z ]+-----|\\s", "");
        keycloak.client().adminChangeClient("pasvaldibas", "security-monitor", client -> {
            client.putArray("redirectUris").add(monitor.monitorUrl() + "/saml/*");
            ObjectNode attributes = (ObjectNode) client.get("attributes");
            attributes.put("saml.signing.certificate", certificate);
            attributes.put("saml_assertion_consumer_url_post", acs);
            attributes.put("saml_single_logout_service_url_post", monitor.monitorUrl() + "/saml/slo");
        });
        // another application of the same identity provider: its assertions are not for the monitor
        KeycloakClient.Response other = keycloak.client().adminPost("/realms/pasvaldibas/clients", Map.of("clientId", OTHER_APP, "protocol", "saml",
                "redirectUris", List.of(monitor.monitorUrl() + "/*", "http://127.0.0.1:1/elsewhere/*"), "attributes", Map.of(
                        "saml.client.signature", "false", "saml.server.signature", "true", "saml.assertion.signature", "true",
                        "saml.force.post.binding", "true", "saml_name_id_format", "username", "saml_force_name_id_format", "true")));
        assertThat(other.status()).as(other.raw()).isEqualTo(201);
        grant(OFFICER, "security-officer");
        grant(EMPLOYEE, null);
    }

    private static String idpUrl() {
        return "http://127.0.0.1:" + idp.port();
    }

    /** Signs the directory person in once (so Keycloak knows them), then gives them a realm role. */
    private static void grant(String username, String role) {
        KeycloakClient.Response first = keycloak.client().passwordGrant(FederationEnvironment.REALM, FederationEnvironment.CLIENT, null, username,
                DemoDirectories.DEMO_PASSWORD);
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        if (role != null) {
            String id = keycloak.client().adminGet("/realms/pasvaldibas/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8))
                    .body().get(0).get("id").asText();
            KeycloakClient.Response mapped = keycloak.client().adminPost("/realms/pasvaldibas/users/" + id + "/role-mappings/realm",
                    List.of(keycloak.client().adminGet("/realms/pasvaldibas/roles/" + role).body()));
            assertThat(mapped.status()).as(mapped.raw()).isEqualTo(204);
        }
    }

    @AfterAll
    static void stop() {
        LivePlatform.closeAll(monitor, idp, platform);
    }

    // ------------------------------------------------------------------ acceptance 1: in the browser

    @Test
    @Order(1)
    void theMonitorStartedWhileKeycloakWasUnreachableAndSignsInOnceItIsBack() throws Exception {
        HttpResponse<String> down = get("/login", null);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("identitātes nodrošinātājs nav sasniedzams");
        idp.open();
        assertThat(monitorLogin()).startsWith(idpUrl() + "/realms/pasvaldibas/protocol/saml?SAMLRequest=");
    }

    /** The browser asks the monitor for {@code path}, the Talsi officer signs in at Keycloak, and the monitor's page is back. */
    private static WebDriver officerSignedIn(HeadlessBrowser browser, String path) {
        WebDriver page = browser.driver();
        page.get(monitor.monitorUrl() + path);
        browser.signIn(OFFICER, DemoDirectories.DEMO_PASSWORD);
        browser.waitFor("dashboard", d -> !d.findElements(By.id("officer")).isEmpty());
        return page;
    }

    @Test
    void anOfficerSignsInSearchesExportsAndVerifiesAndEachActionIsAudited() throws Exception {
        idp.open();
        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver page = officerSignedIn(browser, "/audit?lang=lv");
            assertThat(page.findElement(By.id("officer")).getText()).contains(OFFICER, "talsi");
            page.get(monitor.monitorUrl() + "/?lang=lv");
            assertThat(page.getPageSource()).contains("Pieteikšanās pa direktorijiem");
            // the chart of the officer's own directory only: talsi's sign-ins, none of kuldiga's
            assertThat(page.findElements(By.cssSelector("figure.chart")).stream().map(f -> f.getAttribute("data-directory")))
                    .containsExactly("talsi");

            page.get(monitor.monitorUrl() + "/audit?user=" + URLEncoder.encode(OFFICER, StandardCharsets.UTF_8) + "&type=LOGIN");
            browser.waitFor("records", d -> !d.findElements(By.id("records")).isEmpty());
            assertThat(page.findElement(By.id("records")).getText()).contains(OFFICER, "LOGIN", "SUCCESS");
            browser.screenshot("monitor-search");

            String cookie = "monitor_session=" + page.manage().getCookieNamed("monitor_session").getValue();
            HttpResponse<String> csv = get("/audit/export?format=csv&user=" + URLEncoder.encode(OFFICER, StandardCharsets.UTF_8), cookie);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
            assertThat(csv.body()).startsWith("\"time\",").contains(OFFICER).doesNotContain("@kuldiga.lv");
            HttpResponse<String> json = get("/audit/export?format=json&type=LOGIN", cookie);
            assertThat(json.body()).contains("\"records\"").doesNotContain("@kuldiga.lv").doesNotContain("@ventspils.lv");

            // this month's evidence report, for talsi only
            String month = java.time.YearMonth.now(java.time.ZoneId.of("Europe/Riga")).toString();
            HttpResponse<String> report = get("/reports/" + month + ".json", cookie);
            assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
            var reportJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.body());
            assertThat(reportJson.get("scope").asText()).isEqualTo("talsi");
            assertThat(reportJson.get("month").asText()).isEqualTo(month);
            HttpResponse<byte[]> pdf = HTTP.send(HttpRequest.newBuilder(URI.create(monitor.monitorUrl() + "/reports/" + month + ".pdf"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            assertThat(get("/reports/2026-13.pdf", cookie).statusCode()).isEqualTo(400);

            // another municipality's records: refused, and the attempt recorded
            HttpResponse<String> kuldiga = get("/audit?municipality=kuldiga", cookie);
            assertThat(kuldiga.statusCode()).isEqualTo(403);
            assertThat(kuldiga.body()).contains("citas pašvaldības");

            page.get(monitor.monitorUrl() + "/audit/verify?from=2020-01-01&to=2099-01-01");
            browser.waitFor("verification", d -> !d.findElements(By.id("result")).isEmpty());
            assertThat(page.findElement(By.id("result")).getAttribute("class")).isEqualTo("INTACT");

            page.get(monitor.monitorUrl() + "/audit?lang=en");
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Search the audit log");

            // single logout: the monitor's session and the identity provider's end together
            page.findElement(By.id("signout")).click();
            browser.waitFor("signed-out", d -> !d.findElements(By.id("signed-out")).isEmpty());
            assertThat(get("/audit", cookie).statusCode()).as("the old cookie").isEqualTo(302);
            page.get(monitor.monitorUrl() + "/audit");
            browser.waitFor("login-page-again", d -> !d.findElements(By.id("username")).isEmpty());
        }
        for (String type : List.of("MONITOR_SIGNED_IN", "MONITOR_DASHBOARD_VIEWED", "MONITOR_AUDIT_SEARCHED", "MONITOR_AUDIT_EXPORTED",
                "MONITOR_AUDIT_VERIFIED", "MONITOR_REPORT_DOWNLOADED", "MONITOR_SIGNED_OUT")) {
            assertThat(records(type, OFFICER)).as(type).isNotEmpty();
        }
        assertThat(records("MONITOR_AUDIT_SEARCHED", OFFICER)).anySatisfy(r -> {
            assertThat(r.event().outcome().name()).isEqualTo("DENIED");
            assertThat(r.event().details()).containsEntry("municipality", "kuldiga");
        });
        assertThat(records("MONITOR_AUDIT_VERIFIED", OFFICER).get(0).event().details()).containsEntry("result", "INTACT");
    }

    @Test
    void signingOutAtTheIdentityProviderEndsTheMonitorsSessionToo() throws Exception {
        idp.open();
        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            WebDriver page = officerSignedIn(browser, "/");
            String cookie = "monitor_session=" + page.manage().getCookieNamed("monitor_session").getValue();
            assertThat(get("/", cookie).statusCode()).isEqualTo(200);
            // the platform's own logout (as another application's "sign out" does): Keycloak sends the monitor a signed LogoutRequest
            page.get(idpUrl() + "/realms/pasvaldibas/protocol/openid-connect/logout");
            browser.waitFor("logout-confirmation", d -> !d.findElements(By.id("kc-logout")).isEmpty());
            page.findElement(By.id("kc-logout")).click();
            for (int wait = 0; wait < 50 && get("/", cookie).statusCode() == 200; wait++) {
                Thread.sleep(200);
            }
            assertThat(get("/", cookie).statusCode()).as("the monitor's session after the platform's logout").isEqualTo(302);
        }
        assertThat(records("MONITOR_SIGNED_OUT", null)).anySatisfy(r -> assertThat(r.event().details()).containsEntry("by", "identity provider"));
    }

    @Test
    void anOfficerHandlesTheirMunicipalitysAlertsButNotAnothers() throws Exception {
        for (String account : List.of("liga.kalnina@kuldiga.lv", "dace.zarina@talsi.lv")) {
            for (int i = 0; i < 10; i++) {
                keycloak.client().passwordGrant(FederationEnvironment.REALM, FederationEnvironment.CLIENT, null, account, "Nepareiza-" + i);
            }
        }
        Map<String, String> alerts = new java.util.HashMap<>();
        for (int wait = 0; wait < 100 && alerts.size() < 2; wait++) {
            Thread.sleep(200);
            alerts = bruteForceAlertIdsByMunicipality();
        }
        assertThat(alerts).containsKeys("kuldiga", "talsi");
        HttpResponse<String> signedIn = postResponse(validResponse());
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("monitor_session=")).findFirst().orElseThrow()
                .split(";", 2)[0];
        HttpResponse<String> list = get("/alerts", cookie);
        assertThat(list.body()).contains(alerts.get("talsi")).doesNotContain(alerts.get("kuldiga"));
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(list.body());
        assertThat(token.find()).isTrue();
        String csrf = token.group(1);

        // another municipality's alert, by its id: as if it did not exist, and unchanged
        assertThat(post("/alerts/" + alerts.get("kuldiga") + "/acknowledge", cookie, "csrf=" + csrf).statusCode()).isEqualTo(404);
        // without the form's token: refused
        assertThat(post("/alerts/" + alerts.get("talsi") + "/acknowledge", cookie, "").statusCode()).isEqualTo(403);
        assertThat(alertState(alerts.get("kuldiga"))).isEqualTo("OPEN");
        assertThat(alertState(alerts.get("talsi"))).isEqualTo("OPEN");

        assertThat(post("/alerts/" + alerts.get("talsi") + "/acknowledge", cookie, "csrf=" + csrf).statusCode()).isEqualTo(302);
        assertThat(alertState(alerts.get("talsi"))).isEqualTo("ACKNOWLEDGED");
        assertThat(post("/alerts/" + alerts.get("talsi") + "/close", cookie, "csrf=" + csrf + "&note=").statusCode()).isEqualTo(400);
        String note = "Pārbaudīts: darbiniece aizmirsa paroli; ģimenes ārsts, ķirbji, ļoti, ņemts, šķūnis, ūdens, žurka";
        assertThat(post("/alerts/" + alerts.get("talsi") + "/close", cookie, "csrf=" + csrf + "&note=" + URLEncoder.encode(note, StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(302);
        assertThat(alertState(alerts.get("talsi"))).isEqualTo("CLOSED");
        assertThat(records("MONITOR_ALERT_CLOSED", OFFICER)).anySatisfy(r -> assertThat(r.event().details()).containsEntry("note", note));
    }

    /**
     * The brute-force alerts' ids by municipality. Only that rule's: the platform's set-up is audited
     * administration, which out of working hours raises an alert of its own (with no municipality).
     */
    private static Map<String, String> bruteForceAlertIdsByMunicipality() throws Exception {
        Map<String, String> ids = new java.util.HashMap<>();
        try (Connection c = DriverManager.getConnection(monitorDb.jdbcUrl(), monitorDb.user(), monitorDb.password());
             var q = c.prepareStatement("SELECT municipality, id FROM alert WHERE title = ?")) {
            q.setString(1, AlertCatchers.BRUTE_FORCE);
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return ids;
    }

    private static String alertState(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(monitorDb.jdbcUrl(), monitorDb.user(), monitorDb.password());
             var s = c.prepareStatement("SELECT state FROM alert WHERE id = ?::uuid")) {
            s.setString(1, id);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(monitor.monitorUrl() + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void anEmployeeWithoutTheRoleIsRefusedAndTheRefusalIsAudited() throws Exception {
        HttpResponse<String> refused = postResponse(keycloak.client().samlSignIn(monitorLogin(), EMPLOYEE, DemoDirectories.DEMO_PASSWORD));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("data-reason=\"no-role\"");
        assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("monitor_session=") && !c.startsWith("monitor_session=;"));
        assertThat(refusals("no-role")).anySatisfy(r -> assertThat(r.event().targetId()).isEqualTo(EMPLOYEE));
    }

    // ------------------------------------------------------------------ acceptance 2: attacks

    @Test
    void anUnsignedResponseIsRefused() throws Exception {
        Document d = xml(validResponse());
        removeSignatures(d);
        assertRefused(encode(d), "unsigned");
    }

    @Test
    void aResponseSignedByAnotherKeyIsRefused() throws Exception {
        Document d = xml(validResponse());
        removeSignatures(d);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair foreign = generator.generateKeyPair();
        Element assertion = (Element) d.getElementsByTagNameNS(SAML, "Assertion").item(0);
        sign(assertion, foreign);
        sign(d.getDocumentElement(), foreign);
        assertRefused(encode(d), "bad-signature");
    }

    @Test
    void signatureWrappingIsRefused() throws Exception {
        Document d = xml(validResponse());
        Element response = d.getDocumentElement();
        Element signed = (Element) d.getElementsByTagNameNS(SAML, "Assertion").item(0);
        // the attacker's own assertion in the signed one's place, the signed one moved into Extensions
        Element forged = (Element) signed.cloneNode(true);
        forged.setAttribute("ID", "_forged");
        Node copiedSignature = forged.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").item(0);
        forged.removeChild(copiedSignature);
        forged.getElementsByTagNameNS(SAML, "NameID").item(0).setTextContent("platform.admin");
        Element extensions = d.createElementNS("urn:oasis:names:tc:SAML:2.0:protocol", "samlp:Extensions");
        response.replaceChild(forged, signed);
        extensions.appendChild(signed);
        response.insertBefore(extensions, response.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "Status").item(0));
        assertRefused(encode(d), "signature-wrapping");
    }

    @Test
    void aReplayedResponseIsRefused() throws Exception {
        String response = validResponse();
        HttpResponse<String> first = postResponse(response);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).hasValue("/");
        assertRefused(response, "replayed");
    }

    @Test
    void aResponseForAnotherAudienceIsRefused() throws Exception {
        assertRefused(keycloak.client().samlSignIn(otherAppRequest(acs), OFFICER, DemoDirectories.DEMO_PASSWORD), "wrong-audience");
    }

    @Test
    void aResponseForAnotherDestinationIsRefused() throws Exception {
        assertRefused(keycloak.client().samlSignIn(otherAppRequest("http://127.0.0.1:1/elsewhere/acs"), OFFICER, DemoDirectories.DEMO_PASSWORD),
                "wrong-destination");
    }

    @Test
    void anExpiredResponseIsRefused() throws Exception {
        keycloak.client().adminChangeClient("pasvaldibas", "security-monitor", c -> ((ObjectNode) c.get("attributes")).put("saml.assertion.lifespan", "1"));
        String response;
        try {
            response = validResponse();
        } finally {
            keycloak.client().adminChangeClient("pasvaldibas", "security-monitor",
                    c -> ((ObjectNode) c.get("attributes")).put("saml.assertion.lifespan", "300"));
        }
        Thread.sleep(3000); // past its second of life and the monitor's one second of clock allowance
        assertRefused(response, "expired");
    }

    @Test
    void aResponseToARequestTheMonitorNeverSentIsRefused() throws Exception {
        // a request signed with the monitor's own key (as if its key had been used elsewhere), with an id the monitor never issued
        ServiceProvider impostor = new ServiceProvider(new ServiceProvider.Settings("security-monitor", acs, monitor.monitorUrl() + "/saml/slo",
                ServiceProviderKeys.privateKey(spKey), ServiceProviderKeys.certificate(spCert), Duration.ofSeconds(1)));
        idp.open();
        byte[] metadata = HTTP.send(HttpRequest.newBuilder(URI.create(idpUrl() + "/realms/pasvaldibas/protocol/saml/descriptor")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        String url = impostor.signOnRedirect(IdentityProvider.fromMetadata(metadata), "_never_asked_for", Instant.now());
        assertRefused(keycloak.client().samlSignIn(url, OFFICER, DemoDirectories.DEMO_PASSWORD), "unsolicited");
    }

    @Test
    void xmlWithADoctypeIsRefusedWithoutReadingTheEntity() throws Exception {
        String xml = new String(Base64.getMimeDecoder().decode(validResponse()), StandardCharsets.UTF_8);
        String withEntity = "<?xml version=\"1.0\"?><!DOCTYPE samlp:Response [<!ENTITY secret SYSTEM \"file:///etc/hostname\">]>"
                + xml.replaceFirst("^<\\?xml[^>]*\\?>", "").replaceFirst("(<saml:NameID[^>]*>)[^<]*", "$1&secret;");
        HttpResponse<String> refused = assertRefused(Base64.getEncoder().encodeToString(withEntity.getBytes(StandardCharsets.UTF_8)), "doctype");
        assertThat(refused.body()).doesNotContain(Files.readString(Path.of("/etc/hostname")).strip());
    }

    // ------------------------------------------------------------------ helpers

    /** The monitor's own sign-in address: it remembers the request and sends the browser to Keycloak. */
    private static String monitorLogin() throws Exception {
        idp.open(); // when a test runs alone
        HttpResponse<String> login = get("/login", null);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        return login.headers().firstValue("Location").orElseThrow();
    }

    private static String validResponse() throws Exception {
        return keycloak.client().samlSignIn(monitorLogin(), OFFICER, DemoDirectories.DEMO_PASSWORD);
    }

    /** An AuthnRequest of the other application (it signs none), for its responses to be posted to the monitor. */
    private static String otherAppRequest(String acsUrl) {
        idp.open();
        String sso = idpUrl() + "/realms/pasvaldibas/protocol/saml";
        String xml = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"" + SAML + "\" ID=\"_other"
                + System.nanoTime() + "\" Version=\"2.0\" IssueInstant=\"" + Instant.now() + "\" Destination=\"" + sso
                + "\" AssertionConsumerServiceURL=\"" + acsUrl + "\" ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\">"
                + "<saml:Issuer>" + OTHER_APP + "</saml:Issuer></samlp:AuthnRequest>";
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return sso + "?SAMLRequest=" + URLEncoder.encode(Base64.getEncoder().encodeToString(out.toByteArray()), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(monitor.monitorUrl() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> postResponse(String samlResponse) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(acs)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("SAMLResponse=" + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Posted to the monitor: refused for {@code reason}, no session given, and the refusal in the audit log. */
    private static HttpResponse<String> assertRefused(String samlResponse, String reason) throws Exception {
        HttpResponse<String> refused = postResponse(samlResponse);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("data-reason=\"" + reason + "\"");
        assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("monitor_session=") && !c.startsWith("monitor_session=;"));
        assertThat(refusals(reason)).as("audited refusals for " + reason).isNotEmpty();
        return refused;
    }

    private static List<AuditQuery.Row> refusals(String reason) throws Exception {
        return records("MONITOR_SIGN_IN_REFUSED", null).stream().filter(r -> reason.equals(r.event().details().get("reason"))).toList();
    }

    private static List<AuditQuery.Row> records(String type, String user) throws Exception {
        try (Connection c = DriverManager.getConnection(audit.database().jdbcUrl(), audit.database().user(), audit.database().password())) {
            return AuditQuery.find(c, new AuditQuery.Filter(null, null, user, null, null, null, type, null, null, 1000, null)).rows();
        }
    }

    private static Document xml(String base64) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)));
    }

    private static String encode(Document d) throws Exception {
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(d), new StreamResult(out));
        return Base64.getEncoder().encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void removeSignatures(Document d) {
        NodeList signatures = d.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature");
        while (signatures.getLength() > 0) {
            signatures.item(0).getParentNode().removeChild(signatures.item(0));
        }
    }

    /** An enveloped signature of {@code element} right after its Issuer, as SAML places it, with the JDK's XML signature API. */
    private static void sign(Element element, KeyPair key) throws Exception {
        element.setIdAttribute("ID", true);
        XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
        var reference = f.newReference("#" + element.getAttribute("ID"), f.newDigestMethod(DigestMethod.SHA256, null),
                List.of(f.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                        f.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)), null, null);
        var signedInfo = f.newSignedInfo(f.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                f.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(reference));
        KeyInfoFactory keys = f.getKeyInfoFactory();
        Node issuer = element.getElementsByTagNameNS(SAML, "Issuer").item(0);
        DOMSignContext context = new DOMSignContext(key.getPrivate(), element, issuer.getNextSibling());
        f.newXMLSignature(signedInfo, keys.newKeyInfo(List.of(keys.newKeyValue(key.getPublic())))).sign(context);
    }
}
