package lv.pasvaldibas.monitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void theShippedCatalogueUsesEveryMeasureAndSaysWhichReferencesAreUnconfirmed() {
        ControlCatalogue catalogue = ControlCatalogue.shipped();
        Set<Measure> used = new HashSet<>();
        catalogue.controls().forEach(c -> used.addAll(c.evidence()));
        assertThat(used).containsExactlyInAnyOrderElementsOf(Arrays.asList(Measure.values()));
        assertThat(catalogue.regulationLv()).contains("Nr. 397");
        assertThat(catalogue.controls()).extracting(Control::id).contains("IDN-1", "ACC-1", "LOG-1", "MON-1");
        // no paragraph number was checked against likumi.lv yet: none may pass as confirmed
        assertThat(catalogue.controls()).allSatisfy(c -> assertThat(c.referenceConfirmed()).isFalse());
    }

    @Test
    void aCatalogueNamingAnUnknownMeasureIsRefusedWithTheControl() {
        String json = """
                {"regulation": {"lv": "x", "en": "x", "source": "x"},
                 "controls": [{"id": "X-1", "titleLv": "ā", "titleEn": "a", "reference": "r", "evidence": ["LOGINS_PER_MOON"]}]}""";
        assertThatThrownBy(() -> ControlCatalogue.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("X-1").hasMessageContaining("LOGINS_PER_MOON");
    }

    @Test
    void aMonthRunsFromRigaMidnightToRigaMidnight() {
        // November 2026: Riga is UTC+2 (winter time since 25 October)
        assertThat(Report.start(YearMonth.of(2026, 11))).isEqualTo(Instant.parse("2026-10-31T22:00:00Z"));
        // July: UTC+3
        assertThat(Report.start(YearMonth.of(2026, 7))).isEqualTo(Instant.parse("2026-06-30T21:00:00Z"));
    }

    @Test
    void theFailedRateIsFailedOverAllSignInsAndZeroWithoutSignIns() {
        assertThat(MonthlyEvidence.DirectorySignIns.of("talsi", 3, 1).failedRate()).isEqualTo(0.25);
        assertThat(MonthlyEvidence.DirectorySignIns.of("talsi", 0, 0).failedRate()).isZero();
    }

    @Test
    void eachMeasureIsSummedUpInBothLanguages() {
        MonthlyEvidence e = SampleEvidence.november();
        assertThat(ReportText.summary(Measure.FAILED_SIGN_INS, e).en()).isEqualTo("Sign-ins: 13322 succeeded, 1078 failed (7.49 %), in 2 directories");
        assertThat(ReportText.summary(Measure.FAILED_SIGN_INS, e).lv()).startsWith("Pieslēgšanās: 13322 izdevušās, 1078 neizdevušās");
        assertThat(ReportText.summary(Measure.DISABLED_ACCOUNT_SIGN_INS, e).en()).isEqualTo("Attempts to use disabled accounts: 17 (3 accounts)");
        assertThat(ReportText.summary(Measure.ALERTS, e).lv()).isEqualTo("Brīdinājumi: 7 izvirzīti, 6 apstiprināti, 5 slēgti, 2 vēl atvērti");
        assertThat(ReportText.summary(Measure.AUDIT_INTEGRITY, e).en()).contains("719", "1 found a break", "2026-11-30 23:00: INTACT");
        assertThat(ReportText.summary(Measure.TRUSTS_OVERDUE, e).en()).endsWith(": 1");
    }

    @Test
    void theJsonSaysItMapsEvidenceWithoutClaimingComplianceAndCarriesTheNumbers() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.of(SampleEvidence.report(Scope.municipality("kuldīga"))));
        assertThat(json.path("month").asText()).isEqualTo("2026-11");
        assertThat(json.path("scope").asText()).isEqualTo("kuldīga");
        assertThat(json.path("from").asText()).isEqualTo("2026-10-31T22:00:00Z");
        assertThat(json.path("statement").path("en").asText()).contains("does not claim compliance");
        assertThat(json.path("statement").path("lv").asText()).contains("nav atbilstības apliecinājums");
        assertThat(json.path("measures").path("records").asLong()).isEqualTo(123_457);
        assertThat(json.path("measures").path("signIns").get(0).path("failed").asLong()).isEqualTo(999);
        assertThat(json.path("measures").path("overdueTrusts").get(0).path("reviewDue").asText()).isEqualTo("2026-10-02T08:00:00Z");
        assertThat(json.path("measures").path("integrity").path("latestResult").asText()).isEqualTo("INTACT");
        JsonNode first = json.path("controls").get(0);
        assertThat(first.path("id").asText()).isEqualTo("IDN-1");
        assertThat(first.path("referenceConfirmed").asBoolean()).isFalse();
        assertThat(first.path("evidence").get(0).path("measure").asText()).isEqualTo("FAILED_SIGN_INS");
        assertThat(first.path("evidence").get(0).path("summary").path("en").asText()).contains("1078 failed");
    }

    @Test
    void aMunicipalScopeNeedsAMunicipality() {
        assertThatThrownBy(() -> Scope.municipality(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Scope.platform().wholePlatform()).isTrue();
        assertThat(ReportText.scope(Scope.municipality("talsi")).lv()).isEqualTo("Tvērums: pašvaldība talsi");
    }
}
