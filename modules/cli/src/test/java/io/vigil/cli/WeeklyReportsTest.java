package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The appliance's weekly reports run at the next configured day and time, never at once and never twice. */
class WeeklyReportsTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void theNextRunIsTheComingDayAtThatTime() {
        ZonedDateTime wednesday = ZonedDateTime.of(2026, 11, 25, 14, 0, 0, 0, LONDON);
        assertThat(WeeklyReports.next(wednesday, DayOfWeek.MONDAY, LocalTime.of(6, 0)))
                .isEqualTo(ZonedDateTime.of(2026, 11, 30, 6, 0, 0, 0, LONDON));
    }

    @Test
    void onTheDayItselfBeforeTheTimeItIsToday_afterItNextWeek() {
        ZonedDateTime mondayEarly = ZonedDateTime.of(2026, 11, 30, 5, 59, 0, 0, LONDON);
        assertThat(WeeklyReports.next(mondayEarly, DayOfWeek.MONDAY, LocalTime.of(6, 0)))
                .isEqualTo(ZonedDateTime.of(2026, 11, 30, 6, 0, 0, 0, LONDON));
        ZonedDateTime mondayAtSix = ZonedDateTime.of(2026, 11, 30, 6, 0, 0, 0, LONDON);
        assertThat(WeeklyReports.next(mondayAtSix, DayOfWeek.MONDAY, LocalTime.of(6, 0)))
                .isEqualTo(ZonedDateTime.of(2026, 12, 7, 6, 0, 0, 0, LONDON));
    }

    @Test
    void acrossTheClockChangeItIsStillSixInTheMorning() {
        ZonedDateTime beforeSpring = ZonedDateTime.of(2027, 3, 24, 12, 0, 0, 0, LONDON);
        ZonedDateTime next = WeeklyReports.next(beforeSpring, DayOfWeek.MONDAY, LocalTime.of(6, 0));
        assertThat(next.toLocalTime()).isEqualTo(LocalTime.of(6, 0));
        assertThat(next.getOffset().getTotalSeconds()).isEqualTo(3600);
    }
}
