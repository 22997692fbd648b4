package lv.pasvaldibas.vpvkac.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueImport.Result;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueImport.RowError;
import lv.pasvaldibas.vpvkac.catalogue.InvalidCatalogueException.Reason;
import org.junit.jupiter.api.Test;

class CatalogueImportTest {

    private static final String HEADER = "kods,nosaukums,nosaukums_en,iestades_kods,iestade,termins_dienas,kanali,veids\n";
    private static final String GOOD = "PMLP-001,Dzīvesvietas deklarēšana,Declaring a place of residence,PMLP,Pilsonības un migrācijas lietu pārvalde,1,klatiene;e_pasts,valsts\n";
    private static final String GOOD_TOO = "VID-001,Gada ienākumu deklarācija,,VID,Valsts ieņēmumu dienests,30,klatiene;e_pakalpojums,valsts\n";

    @Test
    void theDemoCatalogueImportsWithoutErrors() throws IOException {
        Result result;
        try (InputStream demo = getClass().getResourceAsStream("/demo/service-catalogue.csv")) {
            result = CatalogueImport.csv(demo);
        }
        assertThat(result.errors()).isEmpty();
        assertThat(result.services()).hasSize(46);
        assertThat(result.institutions()).hasSize(22);
        assertThat(result.services()).extracting(Service::kind).contains(ServiceKind.STATE, ServiceKind.MUNICIPAL);
        assertThat(result.services()).allSatisfy(service -> assertThat(result.institutions()).extracting(Institution::code).contains(service.institutionCode()));
    }

    @Test
    void theDemoCataloguesDiacriticsSurvive() throws IOException {
        Result result;
        try (InputStream demo = getClass().getResourceAsStream("/demo/service-catalogue.csv")) {
            result = CatalogueImport.csv(demo);
        }
        assertThat(service(result, "PMLP-001").name()).isEqualTo("Dzīvesvietas deklarēšana");
        assertThat(service(result, "VENTSPILS-BT-001").name()).isEqualTo("Audžuģimenes statusa piešķiršana");
        assertThat(service(result, "KULDIGA-NOD-002").name()).isEqualTo("Suņa reģistrācija pēc čipošanas");
        assertThat(result.institutions()).contains(new Institution("VDEAVK", "Veselības un darbspēju ekspertīzes ārstu valsts komisija"),
                new Institution("VENTSPILS-SD", "Ventspils valstspilsētas pašvaldības iestāde \"Ventspils Sociālais dienests\""));
        String allText = result.services().stream().map(Service::name).collect(Collectors.joining(" "))
                + result.institutions().stream().map(Institution::name).collect(Collectors.joining(" "));
        for (char letter : "āčēģīķļņšūž".toCharArray()) {
            assertThat(allText).as("the letter " + letter).contains(String.valueOf(letter));
        }
    }

    @Test
    void aRowBecomesAServiceAndItsInstitution() {
        Result result = csv(HEADER + GOOD + GOOD_TOO);
        assertThat(result.errors()).isEmpty();
        assertThat(result.services()).containsExactly(
                new Service("PMLP-001", "Dzīvesvietas deklarēšana", "Declaring a place of residence", "PMLP", 1,
                        EnumSet.of(Channel.IN_PERSON, Channel.EMAIL), ServiceKind.STATE),
                new Service("VID-001", "Gada ienākumu deklarācija", null, "VID", 30,
                        EnumSet.of(Channel.IN_PERSON, Channel.ASSISTED_E_SERVICE), ServiceKind.STATE));
        assertThat(result.institutions()).containsExactly(new Institution("PMLP", "Pilsonības un migrācijas lietu pārvalde"),
                new Institution("VID", "Valsts ieņēmumu dienests"));
    }

    @Test
    void everyChannelIdAndKindIsKnown() {
        Result result = csv(HEADER + "S-1,Pakalpojums,,I,Iestāde,5, KLATIENE ; vpvkac_talrunis;valsts_talrunis;e_pasts;e_pakalpojums; ,Pasvaldibas\n");
        assertThat(result.errors()).isEmpty();
        assertThat(result.services().get(0).channels()).containsExactlyInAnyOrder(Channel.values());
        assertThat(result.services().get(0).kind()).isEqualTo(ServiceKind.MUNICIPAL);
    }

    @Test
    void columnsAreFoundByNameInAnyOrderAndCaseAndOthersAreIgnored() {
        Result result = csv("VEIDS,kanali,termins_dienas,iestade,iestades_kods,nosaukums,kods,atjaunots\n"
                + "valsts,klatiene,3,Uzņēmumu reģistrs,UR,Biedrības reģistrācija,UR-002,2025-01-01\n");
        assertThat(result.errors()).isEmpty();
        assertThat(result.services()).extracting(Service::code, Service::nameEn).containsExactly(tuple("UR-002", null));
    }

    @Test
    void aBadRowIsReportedWithItsSpreadsheetRowAndSkippedWhole() {
        Result result = csv(HEADER + GOOD
                + "VSAA-001,Vecuma pensija,,VSAA,Valsts sociālās apdrošināšanas aģentūra,10,pasts,valsts\n"
                + GOOD_TOO);
        assertThat(result.services()).extracting(Service::code).containsExactly("PMLP-001", "VID-001");
        // the bad row's institution is not taken either: nothing of it is half-imported
        assertThat(result.institutions()).extracting(Institution::code).containsExactly("PMLP", "VID");
        assertThat(result.errors()).containsExactly(new RowError(3, Reason.CHANNEL, List.of("pasts")));
    }

    @Test
    void eachKindOfBadRowHasItsReason() {
        Result result = csv(HEADER
                + ",Bez koda,,PMLP,PMLP,1,klatiene,valsts\n"                                  // 2
                + "S 2,Kods ar atstarpi,,PMLP,PMLP,1,klatiene,valsts\n"                       // 3
                + "S-3,Termiņš,,PMLP,PMLP,desmit,klatiene,valsts\n"                           // 4
                + "S-4,Termiņš,,PMLP,PMLP,366,klatiene,valsts\n"                              // 5
                + "S-5,Veids,,PMLP,PMLP,1,klatiene,privāts\n"                                 // 6
                + "S-6," + "Ā".repeat(501) + ",,PMLP,PMLP,1,klatiene,valsts\n"                // 7
                + "S-7,Par daudz,,PMLP,PMLP,1,klatiene,valsts,lieks\n"                        // 8
                + "S-8,\"Nosau\u0000kums\",,PMLP,PMLP,1,klatiene,valsts\n"                    // 9
                + "S-9,Bez kanāla,,PMLP,PMLP,1, ; ,valsts\n"                                  // 10
                + "S-10,Bez iestādes,,,PMLP,1,klatiene,valsts\n"                              // 11
                + "S-11,Iestāde,," + "I".repeat(41) + ",PMLP,1,klatiene,valsts\n");           // 12
        assertThat(result.services()).isEmpty();
        assertThat(result.institutions()).isEmpty();
        assertThat(result.errors()).containsExactly(
                new RowError(2, Reason.FIELD_MISSING, List.of("kods")),
                new RowError(3, Reason.CODE, List.of("kods")),
                new RowError(4, Reason.DEADLINE, List.of(0, 365)),
                new RowError(5, Reason.DEADLINE, List.of(0, 365)),
                new RowError(6, Reason.KIND, List.of("privāts")),
                new RowError(7, Reason.FIELD_TOO_LONG, List.of("nosaukums", 500)),
                new RowError(8, Reason.COLUMN_COUNT, List.of()),
                new RowError(9, Reason.FIELD_CHARACTERS, List.of("nosaukums")),
                new RowError(10, Reason.FIELD_MISSING, List.of("kanali")),
                new RowError(11, Reason.FIELD_MISSING, List.of("iestades_kods")),
                new RowError(12, Reason.FIELD_TOO_LONG, List.of("iestades_kods", 40)));
    }

    @Test
    void aRepeatedCodeIsReportedAndTheFirstRowKept() {
        Result result = csv(HEADER + GOOD + GOOD_TOO
                + "pmlp-001,Cits pakalpojums,,PMLP,Pilsonības un migrācijas lietu pārvalde,5,klatiene,valsts\n");
        assertThat(result.services()).extracting(Service::name).containsExactly("Dzīvesvietas deklarēšana", "Gada ienākumu deklarācija");
        assertThat(result.errors()).containsExactly(new RowError(4, Reason.DUPLICATE_CODE, List.of("pmlp-001", 2)));
    }

    @Test
    void anInstitutionCodeNamedDifferentlyIsReported() {
        Result result = csv(HEADER + GOOD + "PMLP-002,Pases izsniegšana,,PMLP,Migrācijas pārvalde,10,klatiene,valsts\n");
        assertThat(result.services()).extracting(Service::code).containsExactly("PMLP-001");
        assertThat(result.errors()).containsExactly(new RowError(3, Reason.INSTITUTION_CONFLICT, List.of("PMLP", 2)));
    }

    @Test
    void quotedFieldsFollowRfc4180() {
        Result result = csv(HEADER + "S-1,\"Pakalpojums, ar komatu un \"\"pēdiņām\"\"\",,I,\"Iestāde\",1,klatiene,valsts\r\n");
        assertThat(result.errors()).isEmpty();
        assertThat(result.services().get(0).name()).isEqualTo("Pakalpojums, ar komatu un \"pēdiņām\"");
    }

    @Test
    void theByteOrderMarkSpreadsheetsWriteIsDropped() {
        Result result = csv("\uFEFF" + HEADER + GOOD);
        assertThat(result.errors()).isEmpty();
        assertThat(result.services()).hasSize(1);
    }

    @Test
    void aFileWithoutTheRequiredColumnsIsRefused() {
        assertThatThrownBy(() -> csv("kods,nosaukums,iestade\nS-1,Pakalpojums,Iestāde\n"))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MISSING_COLUMNS);
                    assertThat(e.arguments()).containsExactly("iestades_kods, termins_dienas, kanali, veids");
                });
        assertThatThrownBy(() -> csv("")).isInstanceOfSatisfying(InvalidCatalogueException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_COLUMNS));
    }

    @Test
    void aFileThatIsNotCsvIsRefusedWhole() {
        assertThatThrownBy(() -> csv(HEADER + GOOD + "S-2,\"Nenoslēgtas pēdiņas,,I,Iestāde,1,klatiene,valsts\n" + GOOD_TOO))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
                    assertThat(e.arguments()).containsExactly(3);
                });
        assertThatThrownBy(() -> csv("kods,kods,nosaukums\n"))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void aFileNotInUtf8IsRefused() {
        byte[] windows1257 = (HEADER + GOOD).getBytes(Charset.forName("windows-1257"));
        assertThatThrownBy(() -> CatalogueImport.csv(new ByteArrayInputStream(windows1257)))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ENCODING));
    }

    @Test
    void aFileLargerThanFiveMebibytesIsRefusedWhole() {
        byte[] justFits = padded(CatalogueImport.MAX_BYTES);
        assertThat(CatalogueImport.csv(new ByteArrayInputStream(justFits)).services()).hasSize(1);
        assertThatThrownBy(() -> CatalogueImport.csv(new ByteArrayInputStream(padded(CatalogueImport.MAX_BYTES + 1))))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
                    assertThat(e.arguments()).containsExactly(5);
                });
        assertThatThrownBy(() -> CatalogueImport.json(new ByteArrayInputStream(padded(CatalogueImport.MAX_BYTES + 1))))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void aFileWithMoreThanTheMostRowsIsRefusedWhole() {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 1; i <= CatalogueImport.MAX_ROWS; i++) {
            rows.append("S-").append(i).append(",P,,I,N,1,klatiene,valsts\n");
        }
        assertThat(csv(rows.toString()).services()).hasSize(CatalogueImport.MAX_ROWS);
        rows.append("S-last,P,,I,N,1,klatiene,valsts\n");
        assertThatThrownBy(() -> csv(rows.toString()))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ROWS));
    }

    @Test
    void jsonRowsTakeNumbersAndChannelArraysToo() {
        Result result = json("""
                [
                  {"kods": "PMLP-001", "nosaukums": "Dzīvesvietas deklarēšana", "nosaukums_en": "Declaring a place of residence",
                   "iestades_kods": "PMLP", "iestade": "Pilsonības un migrācijas lietu pārvalde", "termins_dienas": 1,
                   "kanali": ["klatiene", "e_pasts"], "veids": "valsts", "saite": "https://latvija.gov.lv/"},
                  {"kods": "VID-001", "nosaukums": "Gada ienākumu deklarācija", "nosaukums_en": null,
                   "iestades_kods": "VID", "iestade": "Valsts ieņēmumu dienests", "termins_dienas": "30",
                   "kanali": "klatiene;e_pakalpojums", "veids": "valsts"}
                ]
                """);
        assertThat(result).isEqualTo(csv(HEADER + GOOD + GOOD_TOO));
    }

    @Test
    void badJsonElementsAreReportedByTheirPlaceInTheArray() {
        Result result = json("""
                [
                  {"kods": "PMLP-001", "nosaukums": "Dzīvesvietas deklarēšana", "iestades_kods": "PMLP",
                   "iestade": "Pilsonības un migrācijas lietu pārvalde", "termins_dienas": 1, "kanali": "klatiene", "veids": "valsts"},
                  "PMLP-002",
                  {"kods": "PMLP-003", "nosaukums": {"lv": "Pase"}, "iestades_kods": "PMLP",
                   "iestade": "Pilsonības un migrācijas lietu pārvalde", "termins_dienas": 1, "kanali": "klatiene", "veids": "valsts"},
                  {"kods": "PMLP-004", "nosaukums": "Pase", "iestades_kods": "PMLP",
                   "iestade": "Pilsonības un migrācijas lietu pārvalde", "termins_dienas": 1.5, "kanali": [1, 2], "veids": "valsts"},
                  {"kods": "pmlp-001", "nosaukums": "Atkal", "iestades_kods": "PMLP",
                   "iestade": "Pilsonības un migrācijas lietu pārvalde", "termins_dienas": 1, "kanali": "klatiene", "veids": "valsts"}
                ]
                """);
        assertThat(result.services()).extracting(Service::code).containsExactly("PMLP-001");
        assertThat(result.errors()).containsExactly(
                new RowError(2, Reason.NOT_AN_OBJECT, List.of()),
                new RowError(3, Reason.FIELD_TYPE, List.of("nosaukums")),
                new RowError(4, Reason.FIELD_TYPE, List.of("termins_dienas")),
                new RowError(5, Reason.DUPLICATE_CODE, List.of("pmlp-001", 1)));
    }

    @Test
    void jsonThatIsNotAnArrayOfObjectsIsRefusedWhole() {
        assertThatThrownBy(() -> json("{\"kods\": \"S-1\"}"))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        assertThatThrownBy(() -> json("[\n{\"kods\": \"S-1\",\n\"kods\": \"S-2\"}]"))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        assertThatThrownBy(() -> json("[\n{\"kods\": \n"))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
                    assertThat(e.arguments()).containsExactly(3);
                });
        assertThatThrownBy(() -> json(""))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void aJsonArrayWithMoreThanTheMostRowsIsRefused() {
        String array = "[" + "{},".repeat(CatalogueImport.MAX_ROWS) + "{}]";
        assertThatThrownBy(() -> json(array))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ROWS));
    }

    @Test
    void aServiceNeedsAChannelAndATermInRange() {
        assertThatThrownBy(() -> new Service("S-1", "P", null, "I", 1, EnumSet.noneOf(Channel.class), ServiceKind.STATE))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FIELD_MISSING));
        assertThatThrownBy(() -> new Service("S-1", "P", null, "I", -1, EnumSet.of(Channel.EMAIL), ServiceKind.STATE))
                .isInstanceOfSatisfying(InvalidCatalogueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DEADLINE));
        assertThat(new Service("S-1", "P", " ", "I", 0, EnumSet.of(Channel.EMAIL), ServiceKind.STATE).nameEn()).isNull();
        assertThatThrownBy(() -> new Service("S-1", "P", null, "I", 1, EnumSet.of(Channel.EMAIL), ServiceKind.STATE).channels().add(Channel.IN_PERSON))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** A one-service CSV file of exactly {@code size} bytes, padded in a column the import ignores. */
    private static byte[] padded(int size) {
        byte[] head = (HEADER.strip() + ",piezimes\n" + GOOD.strip() + ",").getBytes(StandardCharsets.UTF_8);
        byte[] file = Arrays.copyOf(head, size);
        Arrays.fill(file, head.length, size - 1, (byte) 'x');
        file[size - 1] = '\n';
        return file;
    }

    private static Service service(Result result, String code) {
        return result.services().stream().filter(s -> s.code().equals(code)).findFirst().orElseThrow();
    }

    private static Result csv(String text) {
        return CatalogueImport.csv(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Result json(String text) {
        return CatalogueImport.json(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
