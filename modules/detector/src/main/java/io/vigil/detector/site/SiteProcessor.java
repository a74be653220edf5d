package io.vigil.detector.site;

import io.vigil.detector.baseline.HostBaseline;
import io.vigil.detector.baseline.Learning;
import io.vigil.detector.episode.Episodes;
import io.vigil.detector.message.Emitted;
import io.vigil.detector.message.SitePartial;
import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.StageProcessor;
import io.vigil.detector.stage.Store;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.JsonSerde;
import io.vigil.model.Severity;
import io.vigil.model.SiteTraffic;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Site-level {@code volume_anomaly}: sums the host tasks' shares of each minute, and once a
 * minute can no longer grow (two minutes later, in event time) compares the site's upload and
 * new connections with the site's own seasonal baseline, then teaches the baseline.
 */
public final class SiteProcessor extends StageProcessor<SitePartial> {

    public static final String STAGE = "site";

    /**
     * A whole site's upload or new connections in a minute above its own baseline by 6
     * spreads and above 500 MB or 3 000 connections. Reported at {@code low}: host detectors
     * page; the site level shows the manager's weekly picture (a nightly backup is a site
     * surge too).
     */
    public record Config(long floorBytesPerMinute, int floorFlowsPerMinute, double z) {}

    static final Thresholds.Key<Config, Long> FLOOR = Thresholds.key(Setting.size("floor", 500L << 20,
            "bytes the whole site must upload in a minute").check(Checks.notNegative()), Config::floorBytesPerMinute);
    static final Thresholds.Key<Config, Integer> FLOOR_CONNECTIONS = Thresholds.key(Setting.number("floor-connections",
            3000, "connections the whole site must open in a minute").check(Checks.notNegative()),
            Config::floorFlowsPerMinute);
    static final Thresholds.Key<Config, Double> Z = Thresholds.key(Setting.decimal("z", 6,
            "spreads above the site's own seasonal baseline").check(Checks.positive()), Config::z);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("site-volume",
            v -> new Config(v.get(FLOOR), v.get(FLOOR_CONNECTIONS), v.get(Z)), FLOOR, FLOOR_CONNECTIONS, Z);
    private static final long MINUTE = 60_000;
    private static final long LATE_MINUTES = 2;

    /** A site's open minutes (minute → upload, connections, sent, received) and its baselines. */
    public static final class SiteState {
        public TreeMap<Long, long[]> open = new TreeMap<>();
        public long lastClosed;
        public HostBaseline upload = new HostBaseline();
        public HostBaseline flows = new HostBaseline();
    }

    private KeyValueStore<String, SiteState> store;

    static final Store<SiteState> STATE = new Store<>("site-state", new JsonSerde<>(SiteState.class, v -> List.of()));

    /** Every store the stage keeps. */
    public static List<Store<?>> stores() {
        return stores(STAGE, true, STATE);
    }

    public SiteProcessor(Function<String, Thresholds> thresholds, Allowlist allowlist) {
        super(thresholds, allowlist, STAGE, true, true);
    }

    /** An open minute's slots: upload, connections opened, sent, received, then connections by protection (four). */
    private static final int MINUTE_SLOTS = 8;

    @Override
    protected void open(ProcessorContext<String, Emitted> context) {
        this.store = STATE.open(context);
        context.schedule(Duration.ofSeconds(30), PunctuationType.STREAM_TIME, episodes::sweep);
    }

    @Override
    public void process(Record<String, SitePartial> record) {
        SitePartial p = record.value();
        SiteState s = store.get(p.site());
        if (s == null) s = new SiteState();
        if (p.isMarker()) {
            int partition = partition();
            if (!markers.complete(p.site(), p.endOfInput(), partition)) return;
            closeUpTo(p.site(), s, Long.MAX_VALUE);
            store.put(p.site(), s);
            episodes.endSite(p.site());
            acknowledge(STAGE, p.endOfInput(), partition, record.timestamp());
            return;
        }
        long[] m;
        if (p.minute() <= s.lastClosed) {
            // A share that came after its minute closed counts in the next open one.
            m = s.open.isEmpty() ? null : s.open.firstEntry().getValue();
        } else {
            m = s.open.computeIfAbsent(p.minute(), k -> new long[MINUTE_SLOTS]);
            if (m.length < MINUTE_SLOTS) {
                m = Arrays.copyOf(m, MINUTE_SLOTS); // a minute opened by an older version
                s.open.put(p.minute(), m);
            }
        }
        if (m != null) {
            m[0] += p.upload();
            m[1] += p.flows();
            if (m.length >= 4) {
                m[2] += p.sent();
                m[3] += p.received();
            }
            if (m.length >= MINUTE_SLOTS && p.tls() != null) {
                m[4] += p.tls().tls13();
                m[5] += p.tls().tls12();
                m[6] += p.tls().older();
                m[7] += p.tls().cleartext();
            }
        }
        closeUpTo(p.site(), s, p.minute() - LATE_MINUTES * MINUTE);
        store.put(p.site(), s);
    }

    private void closeUpTo(String site, SiteState s, long upTo) {
        Thresholds t = thresholds.apply(site);
        double alpha = t.get(Learning.THRESHOLDS).alpha();
        while (!s.open.isEmpty() && s.open.firstKey() <= upTo) {
            Map.Entry<Long, long[]> e = s.open.pollFirstEntry();
            long minute = e.getKey();
            long[] v = e.getValue();
            context.forward(new Record<>(site, Emitted.of(new SiteTraffic(SiteTraffic.VERSION, site,
                    Instant.ofEpochMilli(minute), v.length >= 4 ? v[2] : 0, v.length >= 4 ? v[3] : 0, v[1],
                    SiteTraffic.Tls.of(v, 4))), minute));
            evaluate(site, s, t, minute, v);
            long gap = s.lastClosed == 0 ? 0 : Math.min(60, (minute - s.lastClosed) / MINUTE - 1);
            for (long g = 1; g <= gap; g++) {
                s.upload.update(0, s.lastClosed + g * MINUTE, alpha, true);
                s.flows.update(0, s.lastClosed + g * MINUTE, alpha, true);
            }
            s.upload.update(e.getValue()[0], minute, alpha, true);
            s.flows.update(e.getValue()[1], minute, alpha, true);
            s.lastClosed = minute;
        }
    }

    private void evaluate(String site, SiteState s, Thresholds t, long minute, long[] v) {
        if (!s.upload.trusted(t.get(Learning.THRESHOLDS).warmup())) return;
        Config c = t.get(THRESHOLDS);
        check(site, minute, v[0], s.upload, t, c.floorBytesPerMinute(), c.z(), "sent", "bytes");
        check(site, minute, v[1], s.flows, t, c.floorFlowsPerMinute(), c.z(), "opened", "connections");
    }

    private void check(String site, long minute, long observed, HostBaseline b, Thresholds t, long floor, double z,
                       String verb, String unit) {
        HostBaseline.Expectation e = b.expect(minute, t.get(Learning.THRESHOLDS).seasonalMin());
        double spread = Math.max(e.spread(), 0.1 * e.mean());
        double limit = Math.max(floor, e.mean() + z * spread);
        if (observed <= limit) return;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("measure", unit);
        ev.put("observed", observed);
        ev.put("limit", Math.round(limit));
        ev.put("baseline_mean", Math.round(e.mean()));
        ev.put("baseline_spread", Math.round(e.spread()));
        ev.put("seasonal", e.seasonal());
        ev.put("history_minutes", b.overall.n);
        String summary = String.format("Site %s %s %,d %s in one minute against its usual %,.0f%s: look at which "
                + "hosts did (their own alerts, if any, say more).", site, verb, observed, unit, e.mean(),
                e.seasonal() ? " at this hour of the week" : "");
        episodes.observe("site|" + unit, minute + MINUTE, new Episodes.Draft(AlertType.VOLUME_ANOMALY, site, null, null,
                List.of(), minute, observed / limit, observed, new Alert.Baseline(e.mean(), e.spread(), e.samples()),
                Severity.LOW, summary, ev));
    }
}
