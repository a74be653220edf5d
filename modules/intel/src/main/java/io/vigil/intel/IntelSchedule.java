package io.vigil.intel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.runtime.Health;
import io.vigil.runtime.Role;
import io.vigil.runtime.config.Units;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indicator sources loaded at start and every {@code every} into the indicators topic, as
 * {@code vigil intel --every} does, as a role beside the others (the standalone box's
 * {@code intel.sources}). A source that cannot be read is logged and counted
 * ({@code vigil_intel_sources_failed}) and tried again next time; the indicators it gave
 * before stay. It never stops the other roles.
 */
public final class IntelSchedule implements Role {

    private static final Logger log = LoggerFactory.getLogger(IntelSchedule.class);

    private final IndicatorFeed feed;
    private final int sources;
    private final Duration every;
    private final Consumer<String> say;
    private ScheduledExecutorService timer;
    private volatile int failed;
    private volatile long lastLoad;

    /** @param say where each load's news goes (the launcher's stderr: the journal) */
    public IntelSchedule(IndicatorFeed feed, int sources, Duration every, Consumer<String> say) {
        this.feed = feed;
        this.sources = sources;
        this.every = every;
        this.say = say;
    }

    @Override
    public String name() {
        return "intel";
    }

    @Override
    public synchronized IntelSchedule start() {
        if (timer != null) return this;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "intel-sources");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::load, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        Gauge.builder("vigil_intel_sources_failed", this, x -> x.failed)
                .description("indicator sources that could not be read at the last load").register(registry);
        Gauge.builder("vigil_intel_last_load_timestamp_seconds", this, x -> x.lastLoad / 1000.0)
                .description("when the indicator sources were last loaded").register(registry);
    }

    /** DEGRADED while a source could not be read at the last load (its indicators from before stay). */
    @Override
    public Health health() {
        Map<String, Object> d = Map.of("sources", sources, "sources_failed", failed);
        return failed == 0 ? new Health(Health.UP, List.of(), d)
                : new Health(Health.DEGRADED, List.of("indicator sources failed at the last load"), d);
    }

    @Override
    public String running() {
        return sources + " indicator source(s) every " + Units.text(every);
    }

    private void load() {
        try {
            IndicatorFeed.Outcome o = feed.load(say);
            failed = o.failed();
            lastLoad = System.currentTimeMillis();
            if (o.failed() > 0) log.warn("indicator sources failed count={}; the indicators they gave before stay", o.failed());
        } catch (Throwable e) {
            // Throwable, not RuntimeException: an Error out of a scheduled task would end every later load, unseen
            failed = -1;
            log.error("indicator sources could not be loaded; tried again next time error={}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
        feed.close();
    }
}
