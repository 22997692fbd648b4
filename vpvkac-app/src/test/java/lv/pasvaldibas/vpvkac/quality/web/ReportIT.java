package lv.pasvaldibas.vpvkac.quality.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment;
import lv.pasvaldibas.vpvkac.client.PersonalCode;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A supervisor sees registered cases in the quality report (JSON, CSV, XLSX); the open-data export
 * holds no personal data in any format: every cell is checked against the clients' names, codes,
 * e-mails and phones, over the whole demo half-year of all three demo municipalities; another
 * municipality's supervisor gets none of Ventspils (issue 12, acceptance 1, 2 and 5).
 */
@ExtendWith(VpvkacEnvironment.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPECIALIST = "liga.kalnina@ventspils.lv";
    private static final String SUPERVISOR = "anna.berzina@ventspils.lv";
    /** Six clients (more than the suppression limit of 5), each with personal data that must not leave in open data. */
    private final List<String> personalData = new ArrayList<>();
    private final VpvkacEnvironment env;
    private final HttpClient http = HttpClient.newHttpClient();
    private String service;
    private final String month = YearMonth.now(ZoneId.of("Europe/Riga")).toString();

    ReportIT(VpvkacEnvironment env) {
        this.env = env;
    }

    private HttpResponse<byte[]> get(String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(env.wildfly().baseUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, text/csv, " + TableExport.XLSX).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @BeforeAll
    void registerSixCases() throws Exception {
        String token = env.token(SPECIALIST);
        JsonNode centres = JSON.readTree(get(token, "/api/centres").body());
        long centre = centres.get(0).get("id").asLong();
        for (JsonNode s : JSON.readTree(get(token, "/api/services").body())) {
            if (s.get("channels").toString().contains("IN_PERSON")) {
                service = s.get("code").asText();
                break;
            }
        }
        for (int i = 0; i < 6; i++) {
            String code = VpvkacEnvironment.personalCode("1107" + (80 + i), 100 + 10 * i);
            String given = "Ārija" + "ABCDEF".charAt(i);
            String surname = "Ķirsone-" + i;
            String email = "klients" + i + "@piemers.lv";
            String phone = "+3712900000" + i;
            personalData.addAll(List.of(code, code.replace("-", ""), given, surname, email, phone));
            String body = JSON.writeValueAsString(Map.of("personalCode", code, "givenName", given, "surname", surname, "email", email,
                    "phone", phone, "serviceCode", service, "centreId", centre, "channel", "IN_PERSON"));
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(env.wildfly().baseUrl() + "/api/cases"))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    @Test
    void theSupervisorSeesTheCasesInTheQualityReportInEveryFormat() throws Exception {
        String token = env.token(SUPERVISOR);
        HttpResponse<byte[]> json = get(token, "/api/reports/quality?from=" + month + "&to=" + month + "&by=SERVICE,CHANNEL&format=json");
        assertThat(json.statusCode()).as(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode row = null;
        for (JsonNode r : JSON.readTree(json.body())) {
            if (service.equals(r.get("service").asText()) && "IN_PERSON".equals(r.get("channel").asText())) {
                row = r;
            }
        }
        assertThat(row).as("the report's row of the service").isNotNull();
        assertThat(row.get("cases").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(row.get("period").asText()).isEqualTo(month);

        HttpResponse<byte[]> csv = get(token, "/api/reports/quality?from=" + month + "&to=" + month + "&by=SERVICE,CHANNEL&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).startsWith("\ufeffperiod,service").contains(service);

        HttpResponse<byte[]> xlsx = get(token, "/api/reports/quality?from=" + month + "&to=" + month + "&by=SERVICE,CHANNEL&format=xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        List<String> cells = cells(xlsx.body());
        assertThat(cells).contains("period", service);

        // a specialist does not get the reports; a wrong period is told in Latvian
        assertThat(get(env.token(SPECIALIST), "/api/reports/quality?from=" + month + "&to=" + month).statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(env.wildfly().baseUrl()
                        + "/api/reports/quality?from=2026-13&to=" + month)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("Accept-Language", "lv").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrong.body()).get("message").asText()).contains("mēneš");
    }

    @Test
    void openDataHoldsNoPersonalDataInAnyFormat() throws Exception {
        String token = env.token(SUPERVISOR);
        List<String> everyCell = new ArrayList<>();
        HttpResponse<byte[]> json = get(token, "/api/open-data?from=" + month + "&to=" + month + "&format=json");
        assertThat(json.statusCode()).as(new String(json.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode rows = JSON.readTree(json.body());
        assertThat(rows).isNotEmpty();
        rows.forEach(r -> r.properties().forEach(cell -> everyCell.add(cell.getKey() + "=" + cell.getValue().asText())));
        HttpResponse<byte[]> csv = get(token, "/api/open-data?from=" + month + "&to=" + month + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        everyCell.addAll(List.of(new String(csv.body(), StandardCharsets.UTF_8).split("[,\\n]")));
        HttpResponse<byte[]> xlsx = get(token, "/api/open-data?from=" + month + "&to=" + month + "&format=xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        everyCell.addAll(cells(xlsx.body()));

        assertThat(everyCell).hasSizeGreaterThan(20);
        for (String cell : everyCell) {
            for (String personal : personalData) {
                assertThat(cell).as("an open-data cell").doesNotContainIgnoringCase(personal);
            }
            assertThat(PersonalCode.isPersonalCode(cell.strip())).as(cell).isFalse();
        }
        // the six cases of one service and channel this month make a published row, not a suppressed one
        boolean published = false;
        for (JsonNode r : rows) {
            if (service.equals(r.get("service").asText()) && r.get("cases").isNumber() && r.get("cases").asLong() >= 6) {
                published = true;
            }
        }
        assertThat(published).as(rows.toString()).isTrue();

        JsonNode description = JSON.readTree(get(token, "/api/open-data/description").body());
        assertThat(description.get("suppression").get("minimumCount").asInt()).isEqualTo(5);
        assertThat(description.get("columns")).hasSizeGreaterThan(10);
    }

    /**
     * The open data of the whole demo half-year (300 demo clients besides the tests' own), every cell
     * of every format, against every client in the application's database: codes with and without
     * the hyphen, registration numbers, e-mails and phones anywhere in a cell; names as whole words.
     */
    @Test
    void theOpenDataOfAllTheDemoDataHoldsNoClientsDataInAnyFormat() throws Exception {
        String from = YearMonth.parse(month).minusMonths(7).toString();
        java.util.Set<String> everyCell = new java.util.LinkedHashSet<>();
        // the supervisors of the three demo municipalities: each exports their own municipality's data
        for (String supervisor : List.of(SUPERVISOR, "laura.vitola@kuldiga.lv", "ruta.luse@talsi.lv")) {
            String token = env.token(supervisor);
            for (String format : List.of("json", "csv", "xlsx")) {
                HttpResponse<byte[]> export = get(token, "/api/open-data?from=" + from + "&to=" + month + "&format=" + format);
                assertThat(export.statusCode()).as(supervisor + " " + format).isEqualTo(200);
                switch (format) {
                    case "json" -> JSON.readTree(export.body()).forEach(r -> r.properties().forEach(c -> everyCell.add(c.getValue().asText())));
                    case "csv" -> everyCell.addAll(List.of(new String(export.body(), StandardCharsets.UTF_8).split("[,\\n]")));
                    default -> everyCell.addAll(cells(export.body()));
                }
            }
        }
        List<String> anywhere = new ArrayList<>();
        List<java.util.regex.Pattern> words = new ArrayList<>();
        try (java.sql.Connection db = env.database(); java.sql.Statement st = db.createStatement();
             java.sql.ResultSet c = st.executeQuery("SELECT personal_code, reg_number, email, phone, given_name, surname, org_name FROM client")) {
            while (c.next()) {
                for (int col = 1; col <= 4; col++) {
                    String value = c.getString(col);
                    if (value != null) {
                        anywhere.add(value);
                        anywhere.add(value.replace("-", ""));
                    }
                }
                for (int col = 5; col <= 7; col++) {
                    String name = c.getString(col);
                    if (name != null) {
                        words.add(java.util.regex.Pattern.compile("(?iu)(^|\\P{L})" + java.util.regex.Pattern.quote(name) + "($|\\P{L})"));
                    }
                }
            }
        }
        assertThat(anywhere).as("the demo clients and the tests' own").hasSizeGreaterThan(4 * 300);
        assertThat(everyCell).as("distinct cells (most of the demo half-year is under 5 per row, suppressed)").hasSizeGreaterThan(50).contains("ventspils", "kuldiga", "talsi");
        for (String cell : everyCell) {
            for (String value : anywhere) {
                assertThat(cell).as("an open-data cell").doesNotContain(value);
            }
            for (java.util.regex.Pattern name : words) {
                assertThat(name.matcher(cell).find()).as("name %s in open-data cell %s", name, cell).isFalse();
            }
        }
    }

    /**
     * A service and an institution named with every Latvian diacritic, imported by the municipality's
     * VPVKAC admin (a specialist may not), keep their names intact on screen (the JSON the reports page
     * shows), in CSV and XLSX, and in every format of the open data.
     */
    @Test
    void latvianDiacriticsSurviveTheReportAndTheOpenDataInEveryFormat() throws Exception {
        String serviceName = "Diakritiku pārbaude: ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž";
        String institutionName = "Šķūņu un ģērboņu pārvalde (ļoti īsa, ņemot žurnālu)";
        String catalogue = "kods,nosaukums,nosaukums_en,iestades_kods,iestade,termins_dienas,kanali,veids\n"
                + "VENTSPILS-DIA-001,\"" + serviceName + "\",Diacritics check,VENTSPILS-DIA,\"" + institutionName + "\",5,klatiene,pasvaldibas\n";
        HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create(env.wildfly().baseUrl() + "/api/catalogue"))
                .header("Accept", "application/json").header("Content-Type", "text/csv; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(catalogue, StandardCharsets.UTF_8));
        HttpResponse<String> bySpecialist = http.send(upload.copy().header("Authorization", "Bearer " + env.token(SPECIALIST)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bySpecialist.statusCode()).as("a specialist may not change the catalogue").isEqualTo(403);
        HttpResponse<String> byAdmin = http.send(upload.copy().header("Authorization", "Bearer " + env.token("maris.ozolins@ventspils.lv")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(byAdmin.statusCode()).as(byAdmin.body()).isEqualTo(200);
        assertThat(JSON.readTree(byAdmin.body()).get("imported").asInt()).isEqualTo(1);

        String token = env.token(SPECIALIST);
        long centre = JSON.readTree(get(token, "/api/centres").body()).get(0).get("id").asLong();
        String body = JSON.writeValueAsString(Map.of("personalCode", VpvkacEnvironment.personalCode("020290", 170), "givenName", "Ņina",
                "surname", "Žagare", "serviceCode", "VENTSPILS-DIA-001", "centreId", centre, "channel", "IN_PERSON"));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(env.wildfly().baseUrl() + "/api/cases"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String supervisor = env.token(SUPERVISOR);
        String quality = "/api/reports/quality?from=" + month + "&to=" + month + "&by=SERVICE,INSTITUTION,CENTRE,CHANNEL&lang=lv&format=";
        JsonNode row = rowOf(JSON.readTree(get(supervisor, quality + "json").body()), "VENTSPILS-DIA-001");
        assertThat(row).as("the report's row of the new service").isNotNull();
        assertThat(row.get("service_name").asText()).isEqualTo(serviceName);
        assertThat(row.get("institution_name").asText()).isEqualTo(institutionName);
        assertThat(row.get("centre_name").asText()).isEqualTo("Ventspils VPVKAC");
        assertThat(row.get("channel_name").asText()).isEqualTo("Klātienē centrā");
        assertThat(new String(get(supervisor, quality + "csv").body(), StandardCharsets.UTF_8))
                .contains(serviceName, institutionName, "Klātienē centrā");
        assertThat(cells(get(supervisor, quality + "xlsx").body())).contains(serviceName, institutionName, "Klātienē centrā");

        String openData = "/api/open-data?from=" + month + "&to=" + month + "&format=";
        JsonNode openRow = rowOf(JSON.readTree(get(supervisor, openData + "json").body()), "VENTSPILS-DIA-001");
        assertThat(openRow).as("the open data's row of the new service").isNotNull();
        assertThat(openRow.get("service_name").asText()).isEqualTo(serviceName);
        assertThat(openRow.get("service_name_en").asText()).isEqualTo("Diacritics check");
        assertThat(openRow.get("institution_name").asText()).isEqualTo(institutionName);
        assertThat(openRow.get("cases").isNull()).as("one case: suppressed").isTrue();
        assertThat(new String(get(supervisor, openData + "csv").body(), StandardCharsets.UTF_8)).contains(serviceName, institutionName);
        assertThat(cells(get(supervisor, openData + "xlsx").body())).contains(serviceName, institutionName);
    }

    /** Kuldīga's supervisor gets Kuldīga's numbers only, in the report and in the open data. */
    @Test
    void anotherMunicipalitysSupervisorGetsNoneOfVentspilsInReportsOrExports() throws Exception {
        String kuldiga = env.token("laura.vitola@kuldiga.lv");
        String from = YearMonth.parse(month).minusMonths(7).toString();
        JsonNode report = JSON.readTree(get(kuldiga, "/api/reports/quality?from=" + from + "&to=" + month + "&by=MUNICIPALITY&format=json").body());
        assertThat(report).isNotEmpty();
        report.forEach(r -> assertThat(r.get("municipality").asText()).isEqualTo("kuldiga"));
        JsonNode open = JSON.readTree(get(kuldiga, "/api/open-data?from=" + from + "&to=" + month + "&format=json").body());
        assertThat(open).isNotEmpty();
        open.forEach(r -> assertThat(r.get("municipality").asText()).isEqualTo("kuldiga"));
        String csv = new String(get(kuldiga, "/api/open-data?from=" + from + "&to=" + month + "&format=csv").body(), StandardCharsets.UTF_8);
        assertThat(csv).contains("kuldiga").doesNotContain("ventspils");
    }

    private static JsonNode rowOf(JsonNode rows, String service) {
        for (JsonNode row : rows) {
            if (service.equals(row.get("service").asText())) {
                return row;
            }
        }
        return null;
    }

    private static List<String> cells(byte[] xlsx) throws Exception {
        List<String> cells = new ArrayList<>();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Row row : workbook.getSheetAt(0)) {
                for (Cell cell : row) {
                    cells.add(cell.toString());
                }
            }
        }
        return cells;
    }
}
