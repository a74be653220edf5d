package io.vigil.reporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The appliance's weekly reports run at the next configured day and time, never at once and never twice;
 * a run that fails, whatever it throws, is counted and tried again for the same week, and the schedule
 * goes on.
 */
class WeeklyScheduleTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void theNextRunIsTheComingDayAtThatTime() {
        ZonedDateTime wednesday = ZonedDateTime.of(2026, 11, 25, 14, 0, 0, 0, LONDON);
        assertThat(WeeklySchedule.next(wednesday, DayOfWeek.MONDAY, LocalTime.of(6, 0)))
                .isEqualTo(ZonedDateTime.of(2026, 11, 30, 6, 0, 0, 0, LONDON));
    }

    @Test
    void onTheDayItselfBeforeTheTimeItIsToday_afterItNextWeek() {
        ZonedDateTime mondayEarly = ZonedDateTime.of(2026, 11, 30, 5, 59, 0, 0, LONDON);
        assertThat(WeeklySchedule.next(mondayEarly, DayOfWeek.MONDAY, LocalTime.of(6, 0)))
                .isEqualTo(ZonedDateTime.of(2026, 11, 30, 6, 0, 0, 0, LONDON));
        ZonedDateTime mondayAtSix = ZonedDateTime.of(2026, 11, 30, 6, 0, 0, 0, LONDON);
        assertThat(WeeklySchedule.next(mondayAtSix, DayOfWeek.MONDAY, LocalTime.of(6, 0)))
                .isEqualTo(ZonedDateTime.of(2026, 12, 7, 6, 0, 0, 0, LONDON));
    }

    @Test
    void acrossTheClockChangeItIsStillSixInTheMorning() {
        ZonedDateTime beforeSpring = ZonedDateTime.of(2027, 3, 24, 12, 0, 0, 0, LONDON);
        ZonedDateTime next = WeeklySchedule.next(beforeSpring, DayOfWeek.MONDAY, LocalTime.of(6, 0));
        assertThat(next.toLocalTime()).isEqualTo(LocalTime.of(6, 0));
        assertThat(next.getOffset().getTotalSeconds()).isEqualTo(3600);
    }

    @Test
    void aFailedRunIsCountedAndTriedAgainForTheSameWeekWhateverItThrew() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> weeks = new CopyOnWriteArrayList<>();
        CountDownLatch written = new CountDownLatch(1);
        WeeklySchedule.Job job = week -> {
            weeks.add(week);
            if (weeks.size() == 1) throw new IOException("broker away");
            // an Error out of a scheduled task would end the schedule for good if it were not caught
            if (weeks.size() == 2) throw new StackOverflowError();
            written.countDown();
        };
        // the first slot comes at once; the next only in an hour, so the test sees one week
        AtomicInteger slots = new AtomicInteger();
        WeeklySchedule w = new WeeklySchedule("", job,
                () -> slots.getAndIncrement() == 0 ? Duration.ZERO : Duration.ofHours(1), Duration.ofMillis(50));
        w.bindMetrics(registry);
        try {
            w.start();
            assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            assertThat(weeks).hasSize(3).containsOnly(weeks.get(0));
            assertThat(weeks.get(0)).matches("\\d{4}-W\\d{2}");
            assertThat(registry.get("vigil_reports_failed_total").counter().count()).isEqualTo(2.0);
            assertThat(registry.get("vigil_reports_last_success_timestamp_seconds").gauge().value()).isPositive();
            assertThat(slots.get()).isEqualTo(2);
        } finally {
            w.close();
        }
    }

    @Test
    void afterItsLastTryTheWeekIsGivenUpAndTheNextWeeksRunStillComes() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger slots = new AtomicInteger();
        CountDownLatch nextWeek = new CountDownLatch(1);
        WeeklySchedule w = new WeeklySchedule("", week -> {
            runs.incrementAndGet();
            throw new IllegalStateException("mail server away");
        }, () -> {
            if (slots.incrementAndGet() == 2) nextWeek.countDown();
            return slots.get() == 1 ? Duration.ZERO : Duration.ofHours(1);
        }, Duration.ofMillis(10));
        w.bindMetrics(registry);
        try {
            w.start();
            assertThat(nextWeek.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(runs.get()).isEqualTo(1 + WeeklySchedule.RETRIES);
            assertThat(registry.get("vigil_reports_failed_total").counter().count()).isEqualTo(1.0 + WeeklySchedule.RETRIES);
            assertThat(registry.get("vigil_reports_last_success_timestamp_seconds").gauge().value()).isZero();
            assertThat(w.health().status()).as("the summary waits; detection goes on").isEqualTo("DEGRADED");
        } finally {
            w.close();
        }
    }
}
