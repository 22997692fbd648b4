package lv.pasvaldibas.vpvkac.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LatvianCalendarTest {

    private final LatvianCalendar calendar = LatvianCalendar.STANDARD;

    @ParameterizedTest
    @CsvSource({"1818, 1818-03-22", "2000, 2000-04-23", "2011, 2011-04-24", "2019, 2019-04-21", "2024, 2024-03-31",
        "2025, 2025-04-20", "2026, 2026-04-05", "2038, 2038-04-25"})
    void easterSundayIsTheGregorianOne(int year, LocalDate easter) {
        assertThat(LatvianCalendar.easterSunday(year)).isEqualTo(easter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-01", "2026-05-04", "2025-06-23", "2025-06-24",
        "2025-11-18", "2025-12-24", "2025-12-25", "2025-12-26", "2025-12-31", "2024-03-29", "2024-04-01"})
    void theLawsHolidaysAreNoWorkingDays(LocalDate day) {
        assertThat(calendar.isPublicHoliday(day)).isTrue();
        assertThat(calendar.isWorkingDay(day)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "2024-05-04, 2024-05-06", // Saturday, so Monday is off
        "2025-05-04, 2025-05-05", // Sunday
        "2018-11-18, 2018-11-19", // Sunday
        "2023-11-18, 2023-11-20"}) // Saturday
    void independenceDaysOnAWeekendGiveTheMondayOff(LocalDate holiday, LocalDate monday) {
        assertThat(calendar.isPublicHoliday(holiday)).isTrue();
        assertThat(calendar.isPublicHoliday(monday)).isTrue();
        assertThat(calendar.isWorkingDay(monday)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-17", "2023-05-08", "2024-06-25", "2025-04-22", "2025-12-29", "2025-12-23", "2025-05-02"})
    void otherWeekdaysAreWorkingDays(LocalDate day) {
        assertThat(calendar.isWorkingDay(day)).isTrue();
    }

    @Test
    void weekendsAreNoWorkingDays() {
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 3, 8))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 3, 9))).isFalse();
        assertThat(calendar.isPublicHoliday(LocalDate.of(2025, 3, 8))).isFalse();
    }

    @Test
    void holidaysTheSaeimaAddsArePassedIn() {
        LocalDate bronzeMedalDay = LocalDate.of(2023, 5, 29);
        assertThat(calendar.isWorkingDay(bronzeMedalDay)).isTrue();
        assertThat(new LatvianCalendar(Set.of(bronzeMedalDay)).isWorkingDay(bronzeMedalDay)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "2025-03-10, 1, 2025-03-11",  // Monday + 1
        "2025-03-07, 1, 2025-03-10",  // Friday + 1: over the weekend
        "2025-03-08, 1, 2025-03-10",  // received on a Saturday
        "2025-04-17, 2, 2025-04-23",  // Good Friday, weekend and Easter Monday skipped
        "2025-06-20, 3, 2025-06-27",  // Līgo and Jāņi skipped
        "2025-12-22, 5, 2026-01-05",  // 23 Dec, 29, 30 Dec, 2 Jan, 5 Jan
        "2025-03-10, 0, 2025-03-10",  // the same day
        "2025-03-08, 0, 2025-03-10"}) // the same day falls on a Saturday: Monday
    void workingDaysAreCountedFromTheNextDay(LocalDate from, int days, LocalDate due) {
        assertThat(calendar.plusWorkingDays(from, days)).isEqualTo(due);
    }

    @Test
    void aNegativeNumberOfDaysIsRefused() {
        assertThatThrownBy(() -> calendar.plusWorkingDays(LocalDate.of(2025, 3, 10), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
