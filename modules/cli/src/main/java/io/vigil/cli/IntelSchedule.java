package io.vigil.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.cli.config.StandaloneKeys;
import io.vigil.cli.config.StandaloneSettings;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.intel.IndicatorFeed;
import io.vigil.intel.IndicatorLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance's indicator sources ({@code intel.sources}): loaded at start and every
 * {@code intel.every} into its own indicators topic, as {@code vigil intel --every} would. A
 * source that cannot be read is logged and counted ({@code vigil_intel_sources_failed}) and
 * tried again next time; the indicators it gave before stay. It never stops the roles.
 */
final class IntelSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntelSchedule.class);

    private final ScheduledExecutorService timer;
    private final IndicatorFeed feed;
    private volatile int failed;
    private volatile long lastLoad;
    final String said;

    private IntelSchedule(ScheduledExecutorService timer, IndicatorFeed feed, String said) {
        this.timer = timer;
        this.feed = feed;
        this.said = said;
    }

    static IntelSchedule start(StandaloneSettings.Loaded s, KafkaEndpoint endpoint, MeterRegistry registry) {
        List<String> sources = s.own().get(StandaloneKeys.INTEL_SOURCES);
        if (sources.isEmpty()) return new IntelSchedule(null, null, "");
        IndicatorFeed feed = new IndicatorFeed(loader(s), sources, s.topics().indicatorRecords(), endpoint.clientProps());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "intel-sources");
            t.setDaemon(true);
            return t;
        });
        Duration every = s.own().get(StandaloneKeys.INTEL_EVERY);
        IntelSchedule i = new IntelSchedule(timer, feed, "; " + sources.size() + " indicator source(s) every "
                + io.vigil.runtime.config.Units.text(every));
        Gauge.builder("vigil_intel_sources_failed", i, x -> x.failed)
                .description("indicator sources that could not be read at the last load").register(registry);
        Gauge.builder("vigil_intel_last_load_timestamp_seconds", i, x -> x.lastLoad / 1000.0)
                .description("when the indicator sources were last loaded").register(registry);
        timer.scheduleWithFixedDelay(i::load, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return i;
    }

    private void load() {
        try {
            // said as the appliance says its other news: on stderr, i.e. in the journal
            IndicatorFeed.Outcome o = feed.load(l -> System.err.println("vigil standalone: intel: " + l));
            failed = o.failed();
            lastLoad = System.currentTimeMillis();
            if (o.failed() > 0) log.warn("indicator sources failed count={}; the indicators they gave before stay", o.failed());
        } catch (Throwable e) {
            // Throwable, not RuntimeException: an Error out of a scheduled task would end every later load, unseen
            failed = -1;
            log.error("indicator sources could not be loaded; tried again next time error={}", e.toString());
        }
    }

    private static IndicatorLoader loader(StandaloneSettings.Loaded s) {
        String token = IntelCommand.secret("intel.token-file", s.own().get(StandaloneKeys.INTEL_TOKEN_FILE));
        Path ts = s.own().get(StandaloneKeys.INTEL_TRUSTSTORE), ks = s.own().get(StandaloneKeys.INTEL_KEYSTORE);
        try {
            return new IndicatorLoader(ts == null && ks == null ? null : io.vigil.runtime.Tls.context(ts,
                    s.own().get(StandaloneKeys.INTEL_TRUSTSTORE_PASSWORD), ks, s.own().get(StandaloneKeys.INTEL_KEYSTORE_PASSWORD)),
                    token);
        } catch (IllegalArgumentException e) {
            throw new UserException("intel." + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
        if (feed != null) feed.close();
    }
}
