package io.vigil.detector.host;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.Store;
import io.vigil.detector.stats.DistinctCount;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code syn_flood}: a host receives far more connection attempts than it completes. Raised
 * when a window (10 s) holds {@code syn-flood.incomplete} incomplete attempts, at least
 * {@code ratio} of all, on at most {@code max-ports} ports (more ports is a scan). The alert
 * carries the flood's real totals: every incomplete attempt since it began, about how many
 * sources, and the busiest second, not just the window that crossed.
 */
public record SynFloodDetector(KeyValueStore<String, FloodState> store, Episodes episodes) {

    /**
     * A host that receives far more connection attempts than it completes: 200 incomplete in
     * 10 s, at least 70% of all attempts, on at most 3 ports (more ports is a scan).
     */
    public record Config(int incomplete, Duration window, double ratio, int maxPorts) {}

    static final Thresholds.Key<Config, Integer> INCOMPLETE = Thresholds.key(Setting.number("incomplete", 200,
            "incomplete connection attempts to one host within the window").check(Checks.atLeast(2)), Config::incomplete);
    static final Thresholds.Key<Config, Duration> WINDOW = Thresholds.key(Setting.duration("window",
            Duration.ofSeconds(10), "how long attempts to a host are counted together")
            .check(Checks.atLeast(Duration.ofSeconds(1))), Config::window);
    static final Thresholds.Key<Config, Double> RATIO = Thresholds.key(Setting.decimal("ratio", 0.7,
            "the share of all attempts that must be incomplete").check(Checks.share()), Config::ratio);
    static final Thresholds.Key<Config, Integer> MAX_PORTS = Thresholds.key(Setting.number("max-ports", 3,
            "more ports than this is a scan, not a flood").check(Checks.atLeast(1)), Config::maxPorts);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("syn-flood",
            v -> new Config(v.get(INCOMPLETE), v.get(WINDOW), v.get(RATIO), v.get(MAX_PORTS)),
            INCOMPLETE, WINDOW, RATIO, MAX_PORTS);

    /** What it keeps per host. */
    static final Store<FloodState> STORE = Store.of("host-floods", FloodState.CODEC);

    private static final long QUIET_MS = 600_000;



    /** An attempt (a SYN) to {@code host}: counted in the window; an incomplete one in the flood's totals. */
    void attempt(String key, HostState s, FlowRecord f, Thresholds t, String host) {
        Config c = t.get(THRESHOLDS);
        long window = Math.floorDiv(f.start(), c.window().toMillis()) * c.window().toMillis();
        if (window != s.synWindow) {
            if (window < s.synWindow) return; // a late flow of a closed window
            s.synWindow = window;
            s.synTotal = 0;
            s.synIncomplete = 0;
            s.synPorts.clear();
            s.synFirst = 0;
        }
        s.synTotal++;
        if ("established".equals(f.tcpState())) return;
        s.synIncomplete++;
        if (s.synFirst == 0) s.synFirst = f.start();
        if (s.synPorts.size() < 8 || s.synPorts.containsKey(f.dstPort())) s.synPorts.merge(f.dstPort(), 1L, Long::sum);
        FloodState fs = totals(key, f);
        boolean open = episodes.isOpen(AlertType.SYN_FLOOD, f.site(), host);
        boolean crossing = s.synIncomplete >= c.incomplete() && (double) s.synIncomplete / s.synTotal >= c.ratio()
                && s.synPorts.size() <= c.maxPorts();
        // Tell the episode at the crossing, then at each 1% of growth or second of event time, so its last
        // record carries the flood's totals within 1%. (The episode itself emits only on doublings.)
        boolean tell = open ? fs.incomplete - fs.observed >= Math.max(20, fs.observed / 100)
                || f.start() - fs.toldAt >= 1000 : crossing;
        if (crossing && !open && fs.first < s.synFirst) {
            // Stray attempts before this window (scanners) are not the flood: it starts with the window.
            fs.first = s.synFirst;
            fs.incomplete = s.synIncomplete;
        }
        if (tell) {
            fs.observed = fs.incomplete;
            fs.toldAt = f.start();
            raise(fs, s, f, t, host);
        }
        store.put(key, fs);
    }

    private FloodState totals(String key, FlowRecord f) {
        FloodState fs = store.get(key);
        if (fs == null || f.start() - fs.lastSeen > QUIET_MS) {
            fs = new FloodState();
            fs.first = f.start();
        }
        fs.lastSeen = Math.max(fs.lastSeen, f.start());
        fs.incomplete++;
        DistinctCount sources = fs.sources == null ? new DistinctCount() : DistinctCount.fromBytes(fs.sources);
        sources.add(f.srcIp());
        fs.sources = sources.toBytes();
        if (fs.sampleSources.size() < 10 && !fs.sampleSources.contains(f.srcIp())) fs.sampleSources.add(f.srcIp());
        if (fs.ports.size() < 8 || fs.ports.containsKey(f.dstPort())) fs.ports.merge(f.dstPort(), 1L, Long::sum);
        long second = f.start() / 1000;
        if (second != fs.second) {
            fs.second = second;
            fs.secondCount = 0;
        }
        fs.peakPerSecond = Math.max(fs.peakPerSecond, ++fs.secondCount);
        return fs;
    }

    private void raise(FloodState fs, HostState s, FlowRecord f, Thresholds t, String host) {
        Config c = t.get(THRESHOLDS);
        double score = (double) fs.incomplete / c.incomplete();
        long sources = DistinctCount.fromBytes(fs.sources).estimate();
        int port = fs.ports.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(f.dstPort());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("incomplete_attempts", fs.incomplete);
        ev.put("distinct_sources_estimate", sources);
        ev.put("peak_per_second", fs.peakPerSecond);
        ev.put("since", Instant.ofEpochMilli(fs.first).toString());
        ev.put("ports", new ArrayList<>(fs.ports.keySet()));
        ev.put("sample_sources", new ArrayList<>(fs.sampleSources));
        ev.put("incomplete_in_window", s.synIncomplete);
        ev.put("attempts_in_window", s.synTotal);
        ev.put("window_seconds", c.window().toSeconds());
        ev.put("threshold_incomplete", c.incomplete());
        ev.put("sources_note", "distinct sources are a HyperLogLog estimate (about ±3%)");
        String summary = String.format("%s received %,d connection attempts that never completed, on port %d from "
                + "about %,d sources (%,d a second at the peak), %.0f%% of the attempts in the last %d s: a SYN flood. "
                + "Enable SYN cookies and ask the upstream provider to filter it.", host, fs.incomplete, port, sources,
                fs.peakPerSecond, 100.0 * s.synIncomplete / Math.max(1, s.synTotal), c.window().toSeconds());
        Severity sev = score >= 10 ? Severity.CRITICAL : Severity.HIGH;
        String src = sources <= 1 ? f.srcIp() : null;
        episodes.observe(host, f.end(), new Episodes.Draft(AlertType.SYN_FLOOD, f.site(), src, host, List.of(host),
                fs.first, score, fs.incomplete, new Alert.Baseline(c.incomplete(), 0, 0), sev, summary, ev,
                List.of(Attack.OS_EXHAUSTION_FLOOD, Attack.DIRECT_NETWORK_FLOOD)));
    }
}
