package io.vigil.detector.site;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.message.Emitted;
import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.StageProcessor;
import io.vigil.detector.stage.Store;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Heartbeat;
import io.vigil.model.JsonSerde;
import io.vigil.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code collector_silent}: every 10 s of wall-clock time, any collector not heard from for
 * {@code silentAfter} (default 60 s, six missed heartbeats) raises an alert for its site;
 * the alert ends when the collector is heard again. A silent collector means a site without
 * detection: the cable, the agent or an attacker. A collector that is heard but whose packet
 * count has not moved for {@code noTrafficAfter} (default 15 min) raises one too: it is alive
 * and blind (a mirror port cut or moved after a switch change, capture on the wrong interface,
 * an exporter that stopped exporting), which heartbeats alone would never show. An edge
 * facing the internet is never that quiet; the alert ends when packets move again.
 */
public final class SilenceProcessor extends StageProcessor<Heartbeat> {

    public static final String STAGE = "silence";
    /** A collector clock further than this from the detector's is reported. */
    public static final long MAX_SKEW_MS = 5 * 60_000;
    /** The episode of a collector heard but seeing nothing is keyed by its id and this. */
    private static final String NO_TRAFFIC = "|traffic";

    /**
     * The last heartbeat of a collector, by wall clock of arrival, and when its packet count
     * last moved (0 in state kept before that was recorded: taken as now).
     */
    public record Seen(String site, long wallMs, long eventMs, long packets, long packetsMovedMs) {}

    static final Store<Seen> STATE = new Store<>("silence-state", new JsonSerde<>(Seen.class, v -> List.of()));

    private final Duration silentAfter;
    private final Duration noTrafficAfter;
    private KeyValueStore<String, Seen> store;

    /** Every store the stage keeps. */
    public static List<Store<?>> stores() {
        return stores(STAGE, false, STATE);
    }

    public SilenceProcessor(Duration silentAfter, Duration noTrafficAfter, Allowlist allowlist,
            Function<String, Thresholds> thresholds) {
        super(thresholds, allowlist, STAGE, false, false);
        this.silentAfter = silentAfter;
        this.noTrafficAfter = noTrafficAfter;
    }

    @Override
    protected void open(ProcessorContext<String, Emitted> context) {
        this.store = STATE.open(context);
        context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, Heartbeat> record) {
        Heartbeat hb = record.value();
        if (hb == null) return;
        long now = context.currentSystemTimeMs();
        Seen before = store.get(hb.collector());
        // any change counts, a restarted collector's count going back to zero too
        boolean moved = before == null || before.packetsMovedMs() == 0 || before.packets() != hb.packets();
        store.put(hb.collector(), new Seen(hb.site(), now, hb.ts(), hb.packets(), moved ? now : before.packetsMovedMs()));
        episodes.end(AlertType.COLLECTOR_SILENT, hb.site(), hb.collector());
        if (moved) episodes.end(AlertType.COLLECTOR_SILENT, hb.site(), hb.collector() + NO_TRAFFIC);
        clock(hb, now);
    }

    /**
     * A collector whose clock is far from the detector's: its flows are refused at the
     * detector's edge (or would move every window), so the site is as unwatched as if it were
     * silent, and the alert says why. It ends when a heartbeat comes with a clock put right.
     */
    private void clock(Heartbeat hb, long now) {
        long skew = hb.wallTime() - now;
        String entity = hb.collector() + "|clock";
        if (Math.abs(skew) <= MAX_SKEW_MS) {
            episodes.end(AlertType.COLLECTOR_SILENT, hb.site(), entity);
            return;
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("collector", hb.collector());
        ev.put("clock_skew_seconds", skew / 1000);
        ev.put("collector_clock", Instant.ofEpochMilli(hb.wallTime()).toString());
        ev.put("detector_clock", Instant.ofEpochMilli(now).toString());
        String summary = String.format("Collector %s of site %s has a clock %s %s the detector's: its flows cannot be "
                        + "trusted in time (those far ahead are refused), so the site is not being watched properly. Set "
                        + "the gateway's clock from NTP.", hb.collector(), hb.site(), minutes(Math.abs(skew)),
                skew > 0 ? "ahead of" : "behind");
        episodes.observe(entity, now, new Episodes.Draft(AlertType.COLLECTOR_SILENT, hb.site(), hb.collector(), null,
                List.of(hb.collector()), now, (double) Math.abs(skew) / MAX_SKEW_MS, skew / 1000.0,
                new Alert.Baseline(0, MAX_SKEW_MS / 1000.0, 0), Severity.HIGH, summary, ev));
    }

    private static String minutes(long ms) {
        return ms >= 7_200_000 ? String.format("%.1f hours", ms / 3_600_000.0) : (ms / 60_000) + " minutes";
    }

    private void check(long now) {
        List<KeyValue<String, Seen>> silent = new ArrayList<>();
        List<KeyValue<String, Seen>> blind = new ArrayList<>();
        try (KeyValueIterator<String, Seen> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Seen> kv = it.next();
                if (now - kv.value.wallMs() > silentAfter.toMillis()) silent.add(kv);
                else if (kv.value.packetsMovedMs() > 0 && now - kv.value.packetsMovedMs() > noTrafficAfter.toMillis()) blind.add(kv);
            }
        }
        blind.forEach(kv -> noTraffic(kv.key, kv.value, now));
        for (KeyValue<String, Seen> kv : silent) {
            Seen s = kv.value;
            long quiet = now - s.wallMs();
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("collector", kv.key);
            ev.put("last_heard", Instant.ofEpochMilli(s.wallMs()).toString());
            ev.put("silent_seconds", quiet / 1000);
            ev.put("last_event_time", Instant.ofEpochMilli(s.eventMs()).toString());
            String summary = String.format("Collector %s of site %s has sent nothing for %d s: the site is not being "
                    + "watched. Check the gateway, the agent and its link to Kafka.", kv.key, s.site(), quiet / 1000);
            episodes.observe(kv.key, now, new Episodes.Draft(AlertType.COLLECTOR_SILENT, s.site(), kv.key, null,
                    List.of(kv.key), s.wallMs(), (double) quiet / silentAfter.toMillis(), quiet / 1000.0,
                    new Alert.Baseline(silentAfter.toSeconds(), 0, 0), Severity.HIGH, summary, ev));
        }
    }

    /** Heard, but its packet count has stood still: the collector is alive and sees nothing. */
    private void noTraffic(String collector, Seen s, long now) {
        long still = now - s.packetsMovedMs();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("collector", collector);
        ev.put("packets", s.packets());
        ev.put("no_traffic_seconds", still / 1000);
        ev.put("last_heard", Instant.ofEpochMilli(s.wallMs()).toString());
        String summary = String.format("Collector %s of site %s is running but has seen no packets for %s: the site is "
                + "not being watched. Check the mirror (SPAN) port or tap, the capture interface, or the exporter.",
                collector, s.site(), still < 120_000 ? "a minute" : minutes(still));
        episodes.observe(collector + NO_TRAFFIC, now, new Episodes.Draft(AlertType.COLLECTOR_SILENT, s.site(), collector,
                null, List.of(collector), s.packetsMovedMs(), (double) still / noTrafficAfter.toMillis(), 0,
                new Alert.Baseline(noTrafficAfter.toSeconds(), 0, 0), Severity.HIGH, summary, ev));
    }
}
