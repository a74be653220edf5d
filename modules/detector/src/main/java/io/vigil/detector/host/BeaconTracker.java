package io.vigil.detector.host;

import io.vigil.detector.Thresholds;
import io.vigil.detector.internal.PeerEvent;
import io.vigil.detector.internal.RobustStats;
import io.vigil.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Every connection a host opens to the outside, per peer and service: it tells the peer stage
 * of a host's first contact with a peer each day (the site's prevalence), and measures the
 * rhythm of repeated contacts. When the intervals are regular, the sizes consistent and the
 * repetitions enough for the period, the statistics go to the peer stage, which weighs them
 * by how many of the site's hosts use that peer and raises {@code beaconing}.
 *
 * <p>The score, from 0 to 1 (RITA's beacon analysis is the public reference; its weights are
 * not ours): 0.4 × regularity (1 − MAD/median ÷ 0.5), 0.2 × symmetry (1 − |Bowley skewness|),
 * 0.25 × size consistency (1 − MAD/median of the bytes ÷ 0.5), 0.15 × repetitions (up to twice
 * the period's required count). The gates before it: MAD/median within {@code max-jitter},
 * period within bounds, median contact under {@code max-bytes}.
 */
record BeaconTracker(KeyValueStore<String, ContactState> store, Consumer<PeerEvent> peers) {

    /** Connections this close together are one contact (several for one page, one check-in). */
    static final long MERGE_MS = 250;
    /** DNS (its own detector), NTP and mDNS call out on timers by design. */
    private static final Set<Integer> NOT_BEACONS = Set.of(53, 123, 5353);



    /** A connection the host opened to the outside (its first piece). */
    void contact(String key, HostState hs, FlowRecord f, Thresholds t, String host) {
        if (f.dstPort() == 53) return;
        String ckey = key + "|" + f.dstIp() + "|" + f.proto() + "/" + f.dstPort();
        ContactState c = store.get(ckey);
        int day = (int) Math.floorDiv(f.start(), 86_400_000L);
        if (c == null) {
            c = new ContactState();
            c.firstStart = f.start();
            c.lastStart = f.start();
            c.connections = 1;
            c.currentBytes = f.bytes();
            report(hs, c, f, day);
            store.put(ckey, c);
            return;
        }
        if (c.reportedDay != day) report(hs, c, f, day);
        long interval = f.start() - c.lastStart;
        if (interval < MERGE_MS) {
            c.currentBytes += f.bytes();
            store.put(ckey, c);
            return;
        }
        c.intervals.add(interval);
        c.sizes.add(c.currentBytes);
        if (c.intervals.size() > ContactState.KEPT) c.intervals.remove(0);
        if (c.sizes.size() > ContactState.KEPT) c.sizes.remove(0);
        c.currentBytes = f.bytes();
        c.lastStart = f.start();
        c.connections++;
        if (!NOT_BEACONS.contains(f.dstPort()) && !f.proto().startsWith("icmp")) judge(c, f, t, host);
        store.put(ckey, c);
    }

    private static void report(HostState hs, ContactState c, FlowRecord f, int day) {
        if (hs.newPeers.size() >= HostState.MAX_NEW_PEERS) return; // the next contact tries again
        if (!hs.newPeers.contains(f.dstIp())) hs.newPeers.add(f.dstIp());
        c.reportedDay = day;
    }

    private void judge(ContactState c, FlowRecord f, Thresholds t, String host) {
        Thresholds.Beaconing b = t.beaconing();
        int n = c.intervals.size();
        if (n < b.minIntervals()) return;
        RobustStats.Summary iv = RobustStats.summarise(c.intervals.stream().mapToDouble(Long::doubleValue).toArray());
        double period = iv.median();
        if (period < b.minPeriod().toMillis() || period > b.maxPeriod().toMillis()) return;
        int required = b.required(period);
        if (n < required || iv.dispersion() > b.maxJitter()) return;
        RobustStats.Summary sz = RobustStats.summarise(c.sizes.stream().mapToDouble(Long::doubleValue).toArray());
        if (sz.median() > b.maxBytes()) return;
        double regularity = Math.max(0, 1 - iv.dispersion() / 0.5);
        double symmetry = 1 - Math.min(1, Math.abs(iv.bowley()));
        double sizes = sz.median() <= 0 ? 1 : Math.max(0, 1 - sz.dispersion() / 0.5);
        double repetitions = Math.min(1, n / (2.0 * required));
        double score = 0.4 * regularity + 0.2 * symmetry + 0.25 * sizes + 0.15 * repetitions;
        if (score < b.minScore()) return;
        boolean first = c.sentConnections == 0;
        long refresh = (long) Math.max(600_000, 3 * period);
        if (!first && c.connections < 2 * c.sentConnections && f.start() - c.sentAt < refresh) return;
        c.sentConnections = c.connections;
        c.sentAt = f.start();
        List<Double> recent = new ArrayList<>();
        for (int i = Math.max(0, n - 10); i < n; i++) recent.add(Math.round(c.intervals.get(i) / 100.0) / 10.0);
        peers.accept(PeerEvent.beacon(f.site(), host, f.dstIp(), f.end(), new PeerEvent.Beacon(
                f.proto() + "/" + f.dstPort(), f.appProto(), c.firstStart, period, iv.mad(), iv.bowley(), n,
                c.connections, sz.median(), sz.mad(), score, recent)));
    }

    /** Forgets contacts idle for longer than their site's longest period looked for, plus an hour. */
    void forgetIdle(long streamTime, java.util.function.Function<String, Thresholds> thresholds) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, ContactState> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                Thresholds t = thresholds.apply(kv.key.substring(0, kv.key.indexOf('/')));
                if (kv.value.lastStart < streamTime - t.beaconing().maxPeriod().toMillis() - 3_600_000) old.add(kv.key);
            }
        }
        old.forEach(store::delete);
    }
}
