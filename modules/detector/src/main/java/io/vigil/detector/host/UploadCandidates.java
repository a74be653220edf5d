package io.vigil.detector.host;

import io.vigil.detector.baseline.Learning;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.Store;
import io.vigil.model.FlowRecord;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Measures what a host sends out, for {@code exfiltration}: its upload on three horizons (a
 * minute, ten minutes, an hour) against the limits its baselines set when the minute opened,
 * and, per destination, bulk sent to one peer. Whether that is theft the peer stage decides,
 * because only it knows whether the site's other hosts use that peer: a crossing goes there
 * as a candidate, keyed by the destination.
 */
public record UploadCandidates(KeyValueStore<String, UploadState> store, Consumer<PeerEvent> peers) {

    /**
     * Data leaving a host, on three horizons so slow theft is seen too: a minute, ten minutes
     * and an hour, each above the host's baseline for that horizon by {@code z} spreads and
     * above its floor (50 MB, 150 MB, 300 MB); while the baseline warms up, ten times the floor.
     * The longer horizons also need the upload to dwarf the download ({@code minRatio}), as
     * theft does and a video call does not. Apart from the baseline, {@code novelPeer} bytes
     * (32 MB) sent within ten minutes to one destination that no other host of the site has
     * used in the prevalence window is reported at once, warm baseline or not: a host's first
     * hour is when an intruder who just got in moves data.
     */
    public record Config(long floorMinute, long floorTenMinutes, long floorHour, double z, long novelPeer,
                         double minRatio) {
        public long floor(int minutes) {
            return minutes >= 60 ? floorHour : minutes >= 10 ? floorTenMinutes : floorMinute;
        }
    }

    static final Thresholds.Key<Config, Long> FLOOR = Thresholds.key(Setting.size("floor", 50L << 20,
            "bytes a host must send in a minute, whatever its baseline").check(Checks.notNegative()), Config::floorMinute);
    static final Thresholds.Key<Config, Long> FLOOR_10M = Thresholds.key(Setting.size("floor-10m", 150L << 20,
            "bytes a host must send in ten minutes").check(Checks.notNegative()), Config::floorTenMinutes);
    static final Thresholds.Key<Config, Long> FLOOR_1H = Thresholds.key(Setting.size("floor-1h", 300L << 20,
            "bytes a host must send in an hour").check(Checks.notNegative()), Config::floorHour);
    static final Thresholds.Key<Config, Double> Z = Thresholds.key(Setting.decimal("z", 6,
            "spreads above the host's own baseline").check(Checks.positive()), Config::z);
    static final Thresholds.Key<Config, Long> NOVEL_PEER = Thresholds.key(Setting.size("novel-peer", 32L << 20,
            "bytes within ten minutes to a destination new to the site (twice within an hour)").check(Checks.positive()),
            Config::novelPeer);
    static final Thresholds.Key<Config, Double> MIN_RATIO = Thresholds.key(Setting.decimal("min-ratio", 3,
            "upload to download, for the ten-minute and hour horizons").check(Checks.atLeast(1.0)), Config::minRatio);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("exfiltration",
            v -> new Config(v.get(FLOOR), v.get(FLOOR_10M), v.get(FLOOR_1H), v.get(Z), v.get(NOVEL_PEER), v.get(MIN_RATIO)),
            FLOOR, FLOOR_10M, FLOOR_1H, Z, NOVEL_PEER, MIN_RATIO);

    /** What it keeps per host. */
    static final Store<UploadState> STORE = Store.of("host-uploads", UploadState.CODEC);

    /** A flow piece carrying at least this much is bulk, tracked per destination. */
    static final long BULK = 64 * 1024;
    static final int[] HORIZONS = {1, 10, 60};
    private static final long MINUTE = 60_000;



    /** A piece of a connection the host opened to the outside. */
    void flow(String key, HostState s, FlowRecord f, Thresholds t, String host) {
        s.upload += f.bytesOut();
        s.download += f.bytesIn();
        if (s.uploadPeers.size() < 16 || s.uploadPeers.containsKey(f.dstIp())) s.uploadPeers.merge(f.dstIp(), f.bytesOut(), Long::sum);
        for (int h = 0; h < HORIZONS.length; h++) {
            long up = s.upload + (h == 1 ? s.prevUpload9 : h == 2 ? s.prevUpload59 : 0);
            long down = s.download + (h == 1 ? s.prevDownload9 : h == 2 ? s.prevDownload59 : 0);
            if (up <= s.uploadLimits[h]) continue;
            // Over ten minutes or an hour, theft sends far more than it receives; a video call does not.
            if (h > 0 && up < t.get(THRESHOLDS).minRatio() * down) continue;
            if (s.sentMinute[h] == s.minute && up < 2 * s.sentBytes[h]) continue;
            s.sentMinute[h] = s.minute;
            s.sentBytes[h] = up;
            baseline(key, s, f, t, host, h, up, down);
        }
        if (f.bytesOut() >= BULK) bulk(key, s, f, t, host);
    }

    private void baseline(String key, HostState s, FlowRecord f, Thresholds t, String host, int h, long up, long down) {
        Map<String, Long> top = top(s.uploadPeers);
        if (h > 0) {
            // Over ten minutes or an hour, the destinations are those that took bulk over that horizon.
            UploadState u = store.get(key);
            long minute = Math.floorDiv(f.end(), MINUTE);
            Map<String, Long> horizon = new LinkedHashMap<>();
            if (u != null) u.peers.forEach((peer, p) -> horizon.put(peer, p.sent(minute, HORIZONS[h])));
            if (!horizon.isEmpty()) top = top(horizon);
        }
        String peer = top.isEmpty() ? f.dstIp() : top.keySet().iterator().next();
        long peerBytes = top.getOrDefault(peer, f.bytesOut());
        boolean warm = s.historyMinutes >= t.get(Learning.THRESHOLDS).warmup();
        long first = h > 0 && s.activeSince[h] > 0 ? s.activeSince[h] : s.minute;
        peers.accept(PeerEvent.upload(f.site(), host, peer, f.end(), new PeerEvent.Upload("baseline", HORIZONS[h],
                first, up, down, s.uploadLimits[h], peerBytes, 0, s.uploadMean,
                s.uploadSpread, s.baselineSamples, s.historyMinutes, s.seasonal, warm, top)));
    }

    /** Bulk to one peer: when ten minutes (or an hour, twice as much) of it pass the novelty size, the peer stage checks the peer. */
    private void bulk(String key, HostState s, FlowRecord f, Thresholds t, String host) {
        UploadState u = store.get(key);
        if (u == null) u = new UploadState();
        long minute = Math.floorDiv(f.end(), MINUTE);
        UploadState.Peer p = u.peers.get(f.dstIp());
        if (p == null) {
            if (u.peers.size() >= UploadState.MAX_PEERS) {
                String quietest = u.peers.entrySet().stream()
                        .min((a, b) -> Long.compare(last(a.getValue()), last(b.getValue()))).map(Map.Entry::getKey).orElseThrow();
                u.peers.remove(quietest);
            }
            p = new UploadState.Peer();
            p.first = f.start();
            u.peers.put(f.dstIp(), p);
        }
        long[] bucket = p.minutes.isEmpty() ? null : p.minutes.get(p.minutes.size() - 1);
        if (bucket == null || bucket[0] != minute) {
            bucket = new long[] {minute, 0, 0};
            p.minutes.add(bucket);
        }
        bucket[1] += f.bytesOut();
        bucket[2] += f.bytesIn();
        p.minutes.removeIf(m -> m[0] <= minute - 60);
        Config c = t.get(THRESHOLDS);
        long sent10 = p.sent(minute, 10), received10 = p.received(minute, 10);
        long sent60 = p.sent(minute, 60), received60 = p.received(minute, 60);
        boolean ten = sent10 >= c.novelPeer() && sent10 >= c.minRatio() * received10;
        boolean hour = sent60 >= 2 * c.novelPeer() && sent60 >= c.minRatio() * received60;
        long sent = ten ? sent10 : sent60;
        if ((ten || hour) && (p.sentMinute != minute || sent >= 2 * p.sentBytes)) {
            p.sentMinute = minute;
            p.sentBytes = sent;
            peers.accept(PeerEvent.upload(f.site(), host, f.dstIp(), f.end(), new PeerEvent.Upload("novel",
                    ten ? 10 : 60, p.first, s.upload, s.download, c.novelPeer(), sent, ten ? received10 : received60,
                    s.uploadMean, s.uploadSpread, s.baselineSamples, s.historyMinutes, s.seasonal,
                    s.historyMinutes >= t.get(Learning.THRESHOLDS).warmup(), top(s.uploadPeers))));
        }
        store.put(key, u);
    }

    private static long last(UploadState.Peer p) {
        return p.minutes.isEmpty() ? 0 : p.minutes.get(p.minutes.size() - 1)[0];
    }

    private static Map<String, Long> top(Map<String, Long> peers) {
        List<Map.Entry<String, Long>> sorted = peers.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5).collect(Collectors.toList());
        Map<String, Long> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
