package io.vigil.detector.host;

import io.vigil.detector.Thresholds;
import io.vigil.detector.internal.PeerEvent;
import io.vigil.model.FlowRecord;
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
record UploadTracker(KeyValueStore<String, UploadState> store, Consumer<PeerEvent> peers) {

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
            if (h > 0 && up < t.exfiltration().minRatio() * down) continue;
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
        boolean warm = s.historyMinutes >= t.learning().warmup();
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
        Thresholds.Exfiltration c = t.exfiltration();
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
                    s.historyMinutes >= t.learning().warmup(), top(s.uploadPeers))));
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
