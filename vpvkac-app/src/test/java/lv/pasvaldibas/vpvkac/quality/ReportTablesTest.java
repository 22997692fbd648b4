package lv.pasvaldibas.vpvkac.quality;

import static lv.pasvaldibas.vpvkac.quality.QualityIndicatorsTest.MARCH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueNames;
import lv.pasvaldibas.vpvkac.catalogue.Service;
import lv.pasvaldibas.vpvkac.catalogue.ServiceKind;
import org.junit.jupiter.api.Test;

class ReportTablesTest {

    private static final String EVERY_DIACRITIC = "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž";
    private static final CatalogueNames NAMES = new CatalogueNames(
            Map.of("PMLP-001", new Service("PMLP-001", "Dzīvesvietas deklarēšana " + EVERY_DIACRITIC, "Declaring a place of residence",
                            "PMLP", 1, EnumSet.of(Channel.EMAIL), ServiceKind.STATE),
                    "KULDIGA-DZN-001", new Service("KULDIGA-DZN-001", "Laulības reģistrācija", null, "KULDIGA-DZN", 5,
                            EnumSet.of(Channel.IN_PERSON), ServiceKind.MUNICIPAL)),
            Map.of("PMLP", "Pilsonības un migrācijas lietu pārvalde"),
            Map.of("7", "Ventspils VPVKAC, Jūras iela"));

    private static Indicators indicators(GroupKey key, long cases) {
        return new Indicators(key, cases, DurationSummary.NONE, DurationSummary.NONE, DurationSummary.NONE, 0, 0, Map.of(Channel.EMAIL, cases));
    }

    private static Map<String, Object> byHeader(List<String> headers, List<Object> row) {
        assertThat(row).hasSameSizeAs(headers);
        Map<String, Object> cells = new HashMap<>();
        for (int c = 0; c < headers.size(); c++) {
            cells.put(headers.get(c), row.get(c));
        }
        return cells;
    }

    @Test
    void aQualityRowNamesEachCodeInTheReadersLanguage() {
        Indicators row = indicators(new GroupKey(MARCH, "PMLP-001", "PMLP", "ventspils", "7", Channel.EMAIL), 12);
        Map<String, Object> latvian = byHeader(ReportTables.QUALITY_HEADERS, ReportTables.qualityRow(row, NAMES, Locale.forLanguageTag("lv")));
        assertThat(latvian).containsEntry("service", "PMLP-001").containsEntry("service_name", "Dzīvesvietas deklarēšana " + EVERY_DIACRITIC)
                .containsEntry("institution_name", "Pilsonības un migrācijas lietu pārvalde").containsEntry("centre_name", "Ventspils VPVKAC, Jūras iela")
                .containsEntry("channel", "EMAIL").containsEntry("channel_name", "E-pasts").containsEntry("cases", 12L)
                .containsEntry("share_email", 1.0);
        Map<String, Object> english = byHeader(ReportTables.QUALITY_HEADERS, ReportTables.qualityRow(row, NAMES, Locale.ENGLISH));
        assertThat(english).containsEntry("service_name", "Declaring a place of residence").containsEntry("channel_name", "E-mail")
                // the catalogue names institutions and centres in Latvian only
                .containsEntry("institution_name", "Pilsonības un migrācijas lietu pārvalde");
    }

    @Test
    void aServiceWithoutAnEnglishNameKeepsItsLatvianOneAndAnUnknownCodeHasNoName() {
        Indicators known = indicators(new GroupKey(MARCH, "KULDIGA-DZN-001", null, null, null, null), 5);
        assertThat(byHeader(ReportTables.QUALITY_HEADERS, ReportTables.qualityRow(known, NAMES, Locale.ENGLISH)))
                .containsEntry("service_name", "Laulības reģistrācija").containsEntry("institution", null).containsEntry("channel_name", null);
        Indicators unknown = indicators(new GroupKey(MARCH, "GONE-001", "GONE", null, "99", null), 5);
        assertThat(byHeader(ReportTables.QUALITY_HEADERS, ReportTables.qualityRow(unknown, NAMES, Locale.ENGLISH)))
                .containsEntry("service", "GONE-001").containsEntry("service_name", null).containsEntry("institution_name", null)
                .containsEntry("centre_name", null);
    }

    @Test
    void openDataPutsTheCataloguesNamesBesideTheCodesAndKeepsItsSuppressedCellsEmpty() {
        List<String> headers = ReportTables.OPEN_DATA_COLUMNS.stream().map(ReportTables.Column::header).toList();
        assertThat(headers).startsWith("period", "municipality", "institution", "institution_name", "service", "service_name",
                "service_name_en", "channel", "cases").doesNotHaveDuplicates().doesNotContain("centre", "centre_name");
        OpenDataRow row = OpenDataSuppression.row(indicators(new GroupKey(MARCH, "PMLP-001", "PMLP", "ventspils", null, Channel.EMAIL), 3));
        Map<String, Object> cells = byHeader(headers, ReportTables.openDataRow(row, NAMES));
        assertThat(cells).containsEntry("period", "2025-03").containsEntry("channel", "EMAIL")
                .containsEntry("service_name", "Dzīvesvietas deklarēšana " + EVERY_DIACRITIC)
                .containsEntry("service_name_en", "Declaring a place of residence")
                .containsEntry("institution_name", "Pilsonības un migrācijas lietu pārvalde")
                .containsEntry("cases", null);
        // only counts and what derives from them may be suppressed; a name never is
        assertThat(ReportTables.OPEN_DATA_COLUMNS.stream().filter(ReportTables.Column::suppressible).map(ReportTables.Column::header))
                .allMatch(header -> Set.of(OpenDataRow.Column.values()).stream().anyMatch(c -> c.suppressible() && c.header().equals(header)));
    }
}
