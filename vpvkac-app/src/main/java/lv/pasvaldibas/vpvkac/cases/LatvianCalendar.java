package lv.pasvaldibas.vpvkac.cases;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.util.Collection;
import java.util.Set;

/**
 * Working days in Latvia: Monday to Friday except the public holidays of the Law on Holidays,
 * Commemoration Days and Celebration Days (Svētku, atceres un atzīmējamo dienu likums): 1 January,
 * Good Friday, Easter Monday, 1 and 4 May, 23 and 24 June, 18 November, 24 to 26 and 31 December. When
 * 4 May or 18 November falls on a weekend, the following Monday is a holiday too, as the law says.
 * Easter follows the Gregorian computus. Holidays the Saeima adds for one year (a Song and Dance
 * Festival's closing day, a sports win) are passed in as {@code extraHolidays}; Saturdays made working
 * days by a Cabinet order to bridge a holiday are not modelled: they only shorten a deadline by a day.
 */
public final class LatvianCalendar {

    /** The law's holidays and no others. */
    public static final LatvianCalendar STANDARD = new LatvianCalendar(Set.of());

    private static final Set<MonthDay> FIXED_HOLIDAYS = Set.of(
            MonthDay.of(Month.JANUARY, 1),
            MonthDay.of(Month.MAY, 1), MonthDay.of(Month.MAY, 4),
            MonthDay.of(Month.JUNE, 23), MonthDay.of(Month.JUNE, 24),
            MonthDay.of(Month.NOVEMBER, 18),
            MonthDay.of(Month.DECEMBER, 24), MonthDay.of(Month.DECEMBER, 25), MonthDay.of(Month.DECEMBER, 26),
            MonthDay.of(Month.DECEMBER, 31));
    /** The two holidays whose Monday replaces them when they fall on a weekend. */
    private static final Set<MonthDay> MOVED_TO_MONDAY = Set.of(MonthDay.of(Month.MAY, 4), MonthDay.of(Month.NOVEMBER, 18));

    private final Set<LocalDate> extraHolidays;

    public LatvianCalendar(Collection<LocalDate> extraHolidays) {
        this.extraHolidays = Set.copyOf(extraHolidays);
    }

    public boolean isPublicHoliday(LocalDate day) {
        if (FIXED_HOLIDAYS.contains(MonthDay.from(day)) || extraHolidays.contains(day)) {
            return true;
        }
        LocalDate easter = easterSunday(day.getYear());
        if (day.equals(easter.minusDays(2)) || day.equals(easter.plusDays(1))) {
            return true;
        }
        return day.getDayOfWeek() == DayOfWeek.MONDAY
                && (MOVED_TO_MONDAY.contains(MonthDay.from(day.minusDays(1))) || MOVED_TO_MONDAY.contains(MonthDay.from(day.minusDays(2))));
    }

    public boolean isWorkingDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && !isPublicHoliday(day);
    }

    /**
     * The day {@code workingDays} working days after {@code day}, counting from the next day (a term
     * starts the day after the event that begins it). For 0, {@code day} itself if it is a working day,
     * else the next working day.
     */
    public LocalDate plusWorkingDays(LocalDate day, int workingDays) {
        if (workingDays < 0) {
            throw new IllegalArgumentException("A number of working days cannot be negative: " + workingDays);
        }
        LocalDate current = day;
        int left = workingDays;
        if (left == 0) {
            while (!isWorkingDay(current)) {
                current = current.plusDays(1);
            }
            return current;
        }
        while (left > 0) {
            current = current.plusDays(1);
            if (isWorkingDay(current)) {
                left--;
            }
        }
        return current;
    }

    /** Western (Gregorian) Easter Sunday of {@code year}: the anonymous Gregorian algorithm (Meeus, Jones, Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int monthAndDay = h + l - 7 * m + 114;
        return LocalDate.of(year, monthAndDay / 31, monthAndDay % 31 + 1);
    }
}
