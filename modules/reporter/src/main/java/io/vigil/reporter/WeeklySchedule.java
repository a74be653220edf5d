package io.vigil.reporter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.runtime.Health;
import io.vigil.runtime.Role;
import io.vigil.runtime.config.Units;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's weekly reports: last week's, every week on the configured day and local
 * time. A report that fails is logged with the reason, counted
 * ({@code vigil_reports_failed_total}) and tried again every hour, for the same week, up to
 * {@link #RETRIES} times; then the next week's comes at its time. Nothing a report throws stops
 * the schedule or the roles (the manager's summary must not cost the site its detection, and a
 * report that failed once must not silently end all later ones).
 */
public final class WeeklySchedule implements Role {

    static final Duration RETRY = Duration.ofHours(1);
    static final int RETRIES = 6;
    private static final Logger log = LoggerFactory.getLogger(WeeklySchedule.class);

    /** One week's reports. */
    @FunctionalInterface
    public interface Job {
        void run(String week) throws Exception;
    }

    private final ScheduledExecutorService timer;
    private final String said;
    private final Job job;
    private final Supplier<Duration> untilNextSlot;
    private final Duration retry;
    private Counter failed;
    private volatile long lastSuccess;
    private volatile int failing;

    WeeklySchedule(String said, Job job, Supplier<Duration> untilNextSlot, Duration retry) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weekly-reports");
            t.setDaemon(true);
            return t;
        });
        this.said = said;
        this.job = job;
        this.untilNextSlot = untilNextSlot;
        this.retry = retry;
    }

    /** Last week's reports every {@code day} at {@code time} (local), into {@code out}, made by {@code job}. */
    public WeeklySchedule(DayOfWeek day, LocalTime time, Path out, Job job) {
        this("weekly reports " + day + " " + time + " into " + out, job, () -> {
            ZonedDateTime now = ZonedDateTime.now();
            return Duration.between(now, next(now, day, time));
        }, RETRY);
    }

    @Override
    public String name() {
        return "reports";
    }

    @Override
    public WeeklySchedule start() {
        nextSlot();
        return this;
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        this.failed = Counter.builder("vigil_reports_failed_total")
                .description("weekly report runs that failed (each is tried again within the hour)").register(registry);
        Gauge.builder("vigil_reports_last_success_timestamp_seconds", this, w -> w.lastSuccess / 1000.0)
                .description("when the weekly reports were last written (0: not yet)").register(registry);
    }

    /** DEGRADED while the last run failed (the site's detection goes on; its manager's summary waits). */
    @Override
    public Health health() {
        Map<String, Object> d = Map.of("last_success_ms", lastSuccess);
        return failing == 0 ? new Health(Health.UP, List.of(), d)
                : new Health(Health.DEGRADED, List.of("the last " + failing + " report run(s) failed"), d);
    }

    @Override
    public String running() {
        return said;
    }

    void nextSlot() {
        timer.schedule(() -> attempt(Summaries.weekOf(Instant.now().minus(Duration.ofDays(7))), 0),
                untilNextSlot.get().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(String week, int tries) {
        try {
            job.run(week);
            lastSuccess = System.currentTimeMillis();
            failing = 0;
            nextSlot();
            return;
        } catch (Throwable e) {
            // Throwable, not Exception: an Error thrown out of a scheduled task ends that task for good, unseen
            if (failed != null) failed.increment();
            failing++;
            if (tries < RETRIES) {
                log.error("weekly reports failed; tried again in {} week={} error={}", Units.text(retry), week, e.toString());
                timer.schedule(() -> attempt(week, tries + 1), retry.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            log.error("weekly reports failed {} times; next week's come at their time week={} error={}",
                    tries + 1, week, e.toString());
        }
        nextSlot();
    }

    /** The next {@code day} at {@code time} after {@code now}. */
    static ZonedDateTime next(ZonedDateTime now, DayOfWeek day, LocalTime time) {
        ZonedDateTime t = now.with(TemporalAdjusters.nextOrSame(day)).with(time).withSecond(0).withNano(0);
        return t.isAfter(now) ? t : t.plusWeeks(1);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
