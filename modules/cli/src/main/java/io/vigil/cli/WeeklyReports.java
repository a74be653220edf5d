package io.vigil.cli;

import io.vigil.cli.config.StandaloneKeys;
import io.vigil.cli.config.StandaloneSettings;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's weekly reports: last week's, every week on the configured day and local
 * time. A report that fails is logged with the reason and tried again the next week; it never
 * stops the roles (the manager's summary must not cost the site its detection).
 */
final class WeeklyReports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WeeklyReports.class);

    /** One week's reports. */
    @FunctionalInterface
    interface Job {
        void run() throws Exception;
    }

    private final ScheduledExecutorService timer;
    private final String said;

    private WeeklyReports(ScheduledExecutorService timer, String said) {
        this.timer = timer;
        this.said = said;
    }

    static WeeklyReports start(StandaloneSettings.Loaded s, Job job) {
        Path out = s.own().get(StandaloneKeys.REPORT_OUT);
        if (out == null) return new WeeklyReports(null, "");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weekly-reports");
            t.setDaemon(true);
            return t;
        });
        WeeklyReports w = new WeeklyReports(timer, "; weekly reports " + s.reportDay() + " " + s.reportTime() + " into " + out);
        w.schedule(s.reportDay(), s.reportTime(), job);
        return w;
    }

    private void schedule(DayOfWeek day, LocalTime time, Job job) {
        ZonedDateTime now = ZonedDateTime.now();
        long delay = Duration.between(now, next(now, day, time)).toMillis();
        timer.schedule(() -> {
            try {
                job.run();
            } catch (Exception e) {
                log.error("weekly reports failed; they are tried again next week error={}", e.toString());
            }
            schedule(day, time, job);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** The next {@code day} at {@code time} after {@code now}. */
    static ZonedDateTime next(ZonedDateTime now, DayOfWeek day, LocalTime time) {
        ZonedDateTime t = now.with(TemporalAdjusters.nextOrSame(day)).with(time).withSecond(0).withNano(0);
        return t.isAfter(now) ? t : t.plusWeeks(1);
    }

    /** What the start-up line says of the schedule. */
    String said() {
        return said;
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
