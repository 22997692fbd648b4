package lv.pasvaldibas.vpvkac.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.quality.OpenDataRow.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenDataSuppressionTest {

    private static final YearMonth MARCH = YearMonth.of(2025, 3);
    private static final GroupKey KEY = new GroupKey(MARCH, "PMLP-001", "PMLP", "ventspils", null, Channel.EMAIL);

    @Test
    void aRowOfLargeCountsIsPublishedWhole() {
        OpenDataRow row = OpenDataSuppression.row(indicators(20, summary(10, 3_600, 7_200), summary(12, 60, 600), summary(15, 30, 90), 15, 5));
        assertThat(row.suppressed()).isEmpty();
        assertThat(row.cases()).isEqualTo(20);
        assertThat(row.servedCases()).isEqualTo(10);
        assertThat(row.medianTimeToServeSeconds()).isEqualTo(3_600);
        assertThat(row.p90TimeToServeSeconds()).isEqualTo(7_200);
        assertThat(row.medianHandlingSeconds()).isEqualTo(60);
        assertThat(row.p90WaitingSeconds()).isEqualTo(90);
        assertThat(row.overdueRate()).isEqualTo(5.0 / 15);
        assertThat(row.municipality()).isEqualTo("ventspils");
        assertThat(row.channel()).isEqualTo(Channel.EMAIL);
    }

    @Test
    void aRowOfFewerThanFiveCasesHasEveryNumberSuppressed() {
        OpenDataRow row = OpenDataSuppression.row(indicators(4, summary(4, 3_600, 7_200), summary(4, 60, 600), summary(4, 30, 90), 4, 1));
        assertThat(row.suppressed()).containsExactlyElementsOf(Stream.of(Column.values()).filter(Column::suppressible).toList());
        for (Column column : row.suppressed()) {
            assertThat(column.valueIn(row)).as(column.header()).isNull();
        }
        // the month, the codes and the channel are kept: they tell what was suppressed
        assertThat(row.period()).isEqualTo(MARCH);
        assertThat(row.service()).isEqualTo("PMLP-001");
    }

    @Test
    void fiveIsPublishedAndFourIsNot() {
        OpenDataRow five = OpenDataSuppression.row(indicators(5, summary(5, 1, 2), summary(5, 1, 2), summary(5, 1, 2), 5, 5));
        assertThat(five.suppressed()).isEmpty();
        OpenDataRow served4 = OpenDataSuppression.row(indicators(5, summary(4, 1, 2), summary(5, 1, 2), summary(5, 1, 2), 5, 5));
        assertThat(served4.suppressed()).containsExactlyInAnyOrder(Column.SERVED_CASES, Column.MEDIAN_TIME_TO_SERVE_SECONDS, Column.P90_TIME_TO_SERVE_SECONDS);
    }

    @Test
    void aDurationIsSuppressedWithTheCountItIsTakenOver() {
        OpenDataRow row = OpenDataSuppression.row(indicators(30, summary(3, 3_600, 7_200), summary(2, 60, 600), summary(1, 30, 90), 25, 6));
        assertThat(row.cases()).isEqualTo(30);
        assertThat(row.suppressed()).containsExactlyInAnyOrder(
                Column.SERVED_CASES, Column.MEDIAN_TIME_TO_SERVE_SECONDS, Column.P90_TIME_TO_SERVE_SECONDS,
                Column.HANDLED_CASES, Column.MEDIAN_HANDLING_SECONDS, Column.P90_HANDLING_SECONDS,
                Column.STARTED_CASES, Column.MEDIAN_WAITING_SECONDS, Column.P90_WAITING_SECONDS);
        assertThat(row.overdueRate()).isEqualTo(6.0 / 25);
    }

    @Test
    void fewerThanFiveOverdueIncludingNoneSuppressesTheRateToo() {
        OpenDataRow none = OpenDataSuppression.row(indicators(30, summary(30, 1, 2), summary(30, 1, 2), summary(30, 1, 2), 30, 0));
        assertThat(none.suppressed()).containsExactlyInAnyOrder(Column.OVERDUE_CASES, Column.OVERDUE_RATE);
        assertThat(none.deadlineCases()).isEqualTo(30);
        OpenDataRow fewDecided = OpenDataSuppression.row(indicators(30, summary(30, 1, 2), summary(30, 1, 2), summary(30, 1, 2), 4, 0));
        assertThat(fewDecided.suppressed()).containsExactlyInAnyOrder(Column.DEADLINE_CASES, Column.OVERDUE_CASES, Column.OVERDUE_RATE);
    }

    @Test
    void theHandWorkedDataSetSuppressesWhatIsSmall() {
        // Ventspils in March (QualityIndicatorsTest): 8 cases; served 4, handled 5, started 6; 2 of 6 decided late
        OpenDataRow row = OpenDataSuppression.row(QualityIndicatorsTest.ventspilsMarch());
        assertThat(row.cases()).isEqualTo(8);
        assertThat(row.suppressed()).containsExactlyInAnyOrder(Column.SERVED_CASES, Column.MEDIAN_TIME_TO_SERVE_SECONDS,
                Column.P90_TIME_TO_SERVE_SECONDS, Column.OVERDUE_CASES, Column.OVERDUE_RATE);
        assertThat(row.handledCases()).isEqualTo(5);
        assertThat(row.medianHandlingSeconds()).isEqualTo(10 * 3_600);
        assertThat(row.p90HandlingSeconds()).isEqualTo(40 * 3_600);
        assertThat(row.startedCases()).isEqualTo(6);
        assertThat(row.medianWaitingSeconds()).isEqualTo(2 * 3_600);
        assertThat(row.p90WaitingSeconds()).isEqualTo(5 * 3_600);
        assertThat(row.deadlineCases()).isEqualTo(6);
    }

    @Test
    void openDataIsNotSplitByCentre() {
        Indicators byCentre = new Indicators(new GroupKey(MARCH, null, null, "ventspils", "ventspils-1", null), 10,
                DurationSummary.NONE, DurationSummary.NONE, DurationSummary.NONE, 0, 0, Map.of());
        assertThatThrownBy(() -> OpenDataSuppression.row(byCentre)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("centre");
    }

    @Test
    void rowsKeepTheOrderOfTheirIndicators() {
        List<Indicators> indicators = QualityIndicators.compute(QualityIndicatorsTest.FACTS, Set.of(Dimension.MUNICIPALITY), QualityIndicatorsTest.AS_OF);
        assertThat(OpenDataSuppression.rows(indicators)).extracting(OpenDataRow::municipality).containsExactly("kuldiga", "ventspils", "ventspils");
    }

    @Test
    void aRowHoldsOnlyAMonthCodesAChannelAndNumbers() {
        Set<Class<?>> allowed = Set.of(YearMonth.class, String.class, Channel.class, Long.class, Double.class);
        for (RecordComponent component : OpenDataRow.class.getRecordComponents()) {
            assertThat(allowed).as(component.getName()).contains(component.getType());
        }
        assertThat(Stream.of(OpenDataRow.class.getRecordComponents()).filter(c -> c.getType() == String.class).map(RecordComponent::getName))
                .containsExactly("municipality", "institution", "service");
        assertThat(Stream.of(Column.values()).map(Column::header)).doesNotHaveDuplicates().hasSize(OpenDataRow.class.getRecordComponents().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jānis Bērziņš", "janis@ventspils.lv", "150385-12346", "32123456789", "+37129123456", "<script>", ""})
    void namesCodesContactsAndFreeTextCannotBeACodeField(String value) {
        assertThatThrownBy(() -> row(value, 10L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCountUnderFiveCannotBePublishedByMistake() {
        assertThat(row("ventspils", 5L).cases()).isEqualTo(5);
        assertThatThrownBy(() -> row("ventspils", 4L)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("under 5");
        assertThatThrownBy(() -> new OpenDataRow(MARCH, "ventspils", null, null, null, 10L, null, 60L, null, null, null, null,
                null, null, null, null, null, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("servedCases");
        assertThatThrownBy(() -> new OpenDataRow(MARCH, "ventspils", null, null, null, 10L, null, null, null, null, null, null,
                null, null, null, 10L, null, 0.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overdue rate");
    }

    private static OpenDataRow row(String municipality, Long cases) {
        return new OpenDataRow(MARCH, municipality, null, null, null, cases, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static Indicators indicators(long cases, DurationSummary served, DurationSummary handled, DurationSummary started,
                                         long deadlineCases, long overdueCases) {
        return new Indicators(KEY, cases, served, handled, started, deadlineCases, overdueCases, Map.of(Channel.EMAIL, cases));
    }

    private static DurationSummary summary(long count, long medianSeconds, long p90Seconds) {
        return new DurationSummary(count, Duration.ofSeconds(medianSeconds), Duration.ofSeconds(p90Seconds));
    }
}
