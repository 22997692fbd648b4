package lv.pasvaldibas.vpvkac.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.Channel;
import org.junit.jupiter.api.Test;

/**
 * A small data set whose indicators are worked out by hand below. All times UTC; Riga is UTC+2 until
 * 30 March 2025 and UTC+3 after. The figures are for {@link #AS_OF}, 1 April 2025 12:00 UTC.
 */
class QualityIndicatorsTest {

    static final Instant AS_OF = Instant.parse("2025-04-01T12:00:00Z");
    static final YearMonth MARCH = YearMonth.of(2025, 3);
    static final YearMonth APRIL = YearMonth.of(2025, 4);

    /*  #  municipality channel       received (UTC)     waiting handling then delivered  due    status        deadline
     *  1  ventspils    IN_PERSON    03-03 08:00        1 h     5 h      +2 h (8 h)       03-04  DELIVERED     in time
     *  2  ventspils    IN_PERSON    03-04 08:00        2 h     10 h     +0 h (12 h)      03-05  DELIVERED     in time
     *  3  ventspils    EMAIL        03-05 08:00        4 h     30 h     +2 h (36 h)      03-06  DELIVERED     ready 03-06 18:00 UTC = 20:00 Riga: in time
     *  4  ventspils    EMAIL        03-06 08:00        3 h     40 h     -                03-07  RESULT_READY  ready 03-08 03:00 UTC: late
     *  5  ventspils    CENTRE_PHONE 03-07 08:00        5 h     -        -                03-10  IN_PROGRESS   owed past the due day at AS_OF: late
     *  6  ventspils    IN_PERSON    03-10 08:00        -       -        -                04-10  RECEIVED      not yet due: undecided
     *  7  ventspils    IN_PERSON    03-11 08:00        -       -        -                03-12  WITHDRAWN     no result, closed: undecided
     *  8  kuldiga      IN_PERSON    03-05 08:00        1 h     2 h      +1 h (4 h)       03-06  DELIVERED     in time
     *  9  ventspils    IN_PERSON    03-31 21:30        -       -        -                04-02  RECEIVED      = 1 April 00:30 Riga: April
     * 10  ventspils    NAT. PHONE   02-28 22:30        30 min  90 min   +60 min (3 h)    03-03  DELIVERED     = 1 March 00:30 Riga: March; in time
     */
    static final List<CaseFacts> FACTS = List.of(
            facts("ventspils", Channel.IN_PERSON, "2025-03-03T08:00:00Z", 60, 300, 120, "2025-03-04", CaseStatus.DELIVERED),
            facts("ventspils", Channel.IN_PERSON, "2025-03-04T08:00:00Z", 120, 600, 0, "2025-03-05", CaseStatus.DELIVERED),
            facts("ventspils", Channel.EMAIL, "2025-03-05T08:00:00Z", 240, 1800, 120, "2025-03-06", CaseStatus.DELIVERED),
            facts("ventspils", Channel.EMAIL, "2025-03-06T08:00:00Z", 180, 2400, null, "2025-03-07", CaseStatus.RESULT_READY),
            facts("ventspils", Channel.CENTRE_PHONE, "2025-03-07T08:00:00Z", 300, null, null, "2025-03-10", CaseStatus.IN_PROGRESS),
            facts("ventspils", Channel.IN_PERSON, "2025-03-10T08:00:00Z", null, null, null, "2025-04-10", CaseStatus.RECEIVED),
            facts("ventspils", Channel.IN_PERSON, "2025-03-11T08:00:00Z", null, null, null, "2025-03-12", CaseStatus.WITHDRAWN),
            facts("kuldiga", Channel.IN_PERSON, "2025-03-05T08:00:00Z", 60, 120, 60, "2025-03-06", CaseStatus.DELIVERED),
            facts("ventspils", Channel.IN_PERSON, "2025-03-31T21:30:00Z", null, null, null, "2025-04-02", CaseStatus.RECEIVED),
            facts("ventspils", Channel.NATIONAL_PHONE_LINE, "2025-02-28T22:30:00Z", 30, 90, 60, "2025-03-03", CaseStatus.DELIVERED));

    @Test
    void applicationsAreCountedInTheirMonthInRiga() {
        List<Indicators> all = QualityIndicators.compute(FACTS, Set.of(), AS_OF);
        // March: cases 1-8 and 10; April: case 9 (received 31 March UTC)
        assertThat(all).extracting(i -> i.key().period(), Indicators::cases).containsExactly(
                tuple(MARCH, 9L), tuple(APRIL, 1L));
        assertThat(all.get(0).key()).isEqualTo(new GroupKey(MARCH, null, null, null, null, null));
    }

    @Test
    void groupsAreOrderedByMonthThenMunicipality() {
        List<Indicators> byMunicipality = QualityIndicators.compute(FACTS, Set.of(Dimension.MUNICIPALITY), AS_OF);
        assertThat(byMunicipality).extracting(Indicators::key).containsExactly(
                new GroupKey(MARCH, null, null, "kuldiga", null, null),
                new GroupKey(MARCH, null, null, "ventspils", null, null),
                new GroupKey(APRIL, null, null, "ventspils", null, null));
    }

    @Test
    void ventspilsInMarchWorkedOutByHand() {
        Indicators march = ventspilsMarch();
        // cases 1, 2, 3, 4, 5, 6, 7 and 10
        assertThat(march.cases()).isEqualTo(8);
        // delivered: 1 (8 h), 2 (12 h), 3 (36 h), 10 (3 h); sorted 3, 8, 12, 36 h:
        // median at rank ⌈0.5·4⌉ = 2 → 8 h; p90 at rank ⌈0.9·4⌉ = 4 → 36 h
        assertThat(march.timeToServe()).isEqualTo(new DurationSummary(4, Duration.ofHours(8), Duration.ofHours(36)));
        // result ready: 1 (5 h), 2 (10 h), 3 (30 h), 4 (40 h), 10 (1.5 h); sorted 1.5, 5, 10, 30, 40 h:
        // median at rank ⌈2.5⌉ = 3 → 10 h; p90 at rank ⌈4.5⌉ = 5 → 40 h
        assertThat(march.handling()).isEqualTo(new DurationSummary(5, Duration.ofHours(10), Duration.ofHours(40)));
        // handled at all: 1 (1 h), 2 (2 h), 3 (4 h), 4 (3 h), 5 (5 h), 10 (0.5 h); sorted 0.5, 1, 2, 3, 4, 5 h:
        // median at rank 3 → 2 h; p90 at rank ⌈5.4⌉ = 6 → 5 h
        assertThat(march.waiting()).isEqualTo(new DurationSummary(6, Duration.ofHours(2), Duration.ofHours(5)));
        // decided: 1, 2, 3, 10 in time, 4 late (ready after its due day), 5 late (still owed) → 2 of 6
        assertThat(march.deadlineCases()).isEqualTo(6);
        assertThat(march.overdueCases()).isEqualTo(2);
        assertThat(march.overdueRate().getAsDouble()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void theChannelMixOfVentspilsInMarch() {
        Indicators march = ventspilsMarch();
        // in person 1, 2, 6, 7; e-mail 3, 4; centre phone 5; national line 10 → 4, 2, 1, 1 of 8
        assertThat(march.channelCases()).containsOnly(
                entry(Channel.IN_PERSON, 4L), entry(Channel.EMAIL, 2L),
                entry(Channel.CENTRE_PHONE, 1L), entry(Channel.NATIONAL_PHONE_LINE, 1L));
        assertThat(march.channelShare(Channel.IN_PERSON)).isEqualTo(0.5);
        assertThat(march.channelShare(Channel.EMAIL)).isEqualTo(0.25);
        assertThat(march.channelShare(Channel.CENTRE_PHONE)).isEqualTo(0.125);
        assertThat(march.channelShare(Channel.ASSISTED_E_SERVICE)).isZero();
    }

    @Test
    void groupingByChannelSplitsTheMix() {
        List<Indicators> byChannel = QualityIndicators.compute(FACTS, Set.of(Dimension.MUNICIPALITY, Dimension.CHANNEL), AS_OF);
        Indicators email = byChannel.stream()
                .filter(i -> i.key().equals(new GroupKey(MARCH, null, null, "ventspils", null, Channel.EMAIL))).findFirst().orElseThrow();
        // cases 3 and 4: handling 30 h and 40 h → median at rank 1 → 30 h, p90 at rank 2 → 40 h; 4 is late → 1 of 2
        assertThat(email.cases()).isEqualTo(2);
        assertThat(email.handling()).isEqualTo(new DurationSummary(2, Duration.ofHours(30), Duration.ofHours(40)));
        assertThat(email.overdueRate().getAsDouble()).isEqualTo(0.5);
        assertThat(email.channelShare(Channel.EMAIL)).isEqualTo(1.0);
        assertThat(byChannel).hasSize(6);
    }

    @Test
    void aGroupWithNoDecidedDeadlineHasNoOverdueRate() {
        Indicators april = QualityIndicators.compute(FACTS, Set.of(), AS_OF).get(1);
        // case 9 is due 2 April: not decided on 1 April
        assertThat(april.deadlineCases()).isZero();
        assertThat(april.overdueRate()).isEmpty();
        assertThat(april.timeToServe()).isEqualTo(DurationSummary.NONE);
    }

    @Test
    void anOpenCaseBecomesOverdueAsTimeGoesOn() {
        List<CaseFacts> one = List.of(FACTS.get(8));
        // due 2 April; the day ends at 2 April 21:00 UTC (midnight in Riga, UTC+3)
        assertThat(QualityIndicators.compute(one, Set.of(), Instant.parse("2025-04-02T20:59:59Z")).get(0).deadlineCases()).isZero();
        assertThat(QualityIndicators.compute(one, Set.of(), Instant.parse("2025-04-02T21:00:00Z")).get(0).overdueCases()).isEqualTo(1);
    }

    @Test
    void everyDimensionGroupsByItsField() {
        CaseFacts fact = FACTS.get(0);
        Set<Dimension> all = Set.of(Dimension.values());
        assertThat(QualityIndicators.compute(List.of(fact), all, AS_OF).get(0).key())
                .isEqualTo(new GroupKey(MARCH, "PMLP-001", "PMLP", "ventspils", "ventspils-1", Channel.IN_PERSON));
    }

    @Test
    void nothingGivesNoGroups() {
        assertThat(QualityIndicators.compute(List.of(), Set.of(Dimension.SERVICE), AS_OF)).isEmpty();
    }

    @Test
    void percentilesAreByNearestRank() {
        List<Duration> tenMinutes = List.of(10, 1, 9, 2, 8, 3, 7, 4, 6, 5).stream().map(Duration::ofMinutes).toList();
        // ranks ⌈0.5·10⌉ = 5 and ⌈0.9·10⌉ = 9
        assertThat(DurationSummary.of(tenMinutes)).isEqualTo(new DurationSummary(10, Duration.ofMinutes(5), Duration.ofMinutes(9)));
        assertThat(DurationSummary.of(List.of(Duration.ofMinutes(7)))).isEqualTo(new DurationSummary(1, Duration.ofMinutes(7), Duration.ofMinutes(7)));
        assertThat(DurationSummary.of(List.of())).isEqualTo(DurationSummary.NONE);
    }

    @Test
    void factsWithStepsOutOfOrderAreRefused() {
        Instant received = Instant.parse("2025-03-03T08:00:00Z");
        LocalDate due = LocalDate.of(2025, 3, 4);
        assertThatThrownBy(() -> new CaseFacts("S", "I", "m", "c", Channel.EMAIL, received, received.minusSeconds(1), null, null, due, CaseStatus.IN_PROGRESS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstActionAt");
        assertThatThrownBy(() -> new CaseFacts("S", "I", "m", "c", Channel.EMAIL, received, null, received, null, due, CaseStatus.RESULT_READY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resultReadyAt");
        assertThatThrownBy(() -> new CaseFacts("S", "I", "m", "c", Channel.EMAIL, received, received, null, received, due, CaseStatus.DELIVERED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveredAt");
    }

    static Indicators ventspilsMarch() {
        return QualityIndicators.compute(FACTS, Set.of(Dimension.MUNICIPALITY), AS_OF).stream()
                .filter(i -> i.key().equals(new GroupKey(MARCH, null, null, "ventspils", null, null))).findFirst().orElseThrow();
    }

    /** Minutes after the previous step; null when the step was not reached. */
    static CaseFacts facts(String municipality, Channel channel, String received, Integer waiting, Integer handling, Integer delivery,
                           String due, CaseStatus status) {
        Instant receivedAt = Instant.parse(received);
        Instant firstAction = waiting == null ? null : receivedAt.plus(Duration.ofMinutes(waiting));
        Instant resultReady = handling == null ? null : firstAction.plus(Duration.ofMinutes(handling));
        Instant delivered = delivery == null ? null : resultReady.plus(Duration.ofMinutes(delivery));
        boolean kuldiga = municipality.equals("kuldiga");
        return new CaseFacts(kuldiga ? "KULDIGA-DZN-001" : "PMLP-001", kuldiga ? "KULDIGA-DZN" : "PMLP", municipality, municipality + "-1",
                channel, receivedAt, firstAction, resultReady, delivered, LocalDate.parse(due), status);
    }
}
