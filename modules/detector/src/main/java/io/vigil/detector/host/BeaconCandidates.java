package io.vigil.detector.host;

import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.Store;
import io.vigil.detector.stats.RobustStats;
import io.vigil.model.FlowRecord;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
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
public record BeaconCandidates(KeyValueStore<String, ContactState> store, Consumer<PeerEvent> peers) {

    /**
     * Regular contact with one outside peer (command and control): periods from 1 s to 24 h,
     * judged on the regularity of the intervals (median absolute deviation within
     * {@code maxJitter} of the median: 0.3 takes a uniform ±50% jitter, Cobalt Strike's 25%
     * is 0.14), their symmetry (Bowley skewness), the consistency of the bytes per contact and
     * the number of repetitions. A short period needs more repetitions than a long one:
     * 20 − 3.5·log10(period in s), at least {@code minIntervals} (5): 20 at 1 s, 14 at a
     * minute, 8 at an hour, 5 at a day. To a peer new to the site (no other host uses it, few
     * use its network) a share {@code rareShare} (0.5) of that is enough: 7 at a minute, so
     * eight check-ins. The combined score must reach {@code minScore}; a contact's median size
     * must stay under {@code maxBytes} (a check-in is small).
     */
    public record Config(int minIntervals, double maxJitter, Duration minPeriod, Duration maxPeriod, long maxBytes,
                         double minScore, double rareShare) {

        /** Intervals needed before a period is judged. */
        public int required(double periodMs) {
            double n = 20 - 3.5 * Math.log10(Math.max(1, periodMs / 1000.0));
            return (int) Math.max(minIntervals, Math.min(20, Math.ceil(n)));
        }

        /** Intervals needed to a peer new to the site. */
        public int requiredRare(double periodMs) {
            return (int) Math.max(minIntervals, Math.ceil(required(periodMs) * rareShare));
        }
    }

    static final Thresholds.Key<Config, Integer> MIN_INTERVALS = Thresholds.key(Setting.number("min-intervals", 5,
            "the fewest contacts whatever the period (more for shorter periods)").check(Checks.atLeast(3)),
            Config::minIntervals);
    static final Thresholds.Key<Config, Double> MAX_JITTER = Thresholds.key(Setting.decimal("max-jitter", 0.3,
            "the most irregularity: median absolute deviation over median interval").check(Checks.share()),
            Config::maxJitter);
    static final Thresholds.Key<Config, Duration> MIN_PERIOD = Thresholds.key(Setting.duration("min-period",
            Duration.ofSeconds(1), "the shortest period judged").check(Checks.atLeast(Duration.ofMillis(500))),
            Config::minPeriod);
    static final Thresholds.Key<Config, Duration> MAX_PERIOD = Thresholds.key(Setting.duration("max-period",
            Duration.ofHours(24), "the longest period judged"), Config::maxPeriod);
    static final Thresholds.Key<Config, Long> MAX_BYTES = Thresholds.key(Setting.size("max-bytes", 64 * 1024,
            "a median contact larger than this is not a check-in").check(Checks.positive()), Config::maxBytes);
    static final Thresholds.Key<Config, Double> MIN_SCORE = Thresholds.key(Setting.decimal("min-score", 0.7,
            "the score a beacon needs (regularity, symmetry, size, repetitions)").check(Checks.share()), Config::minScore);
    static final Thresholds.Key<Config, Double> RARE_SHARE = Thresholds.key(Setting.decimal("rare-share", 0.5,
            "the share of those contacts enough to a peer new to the site (no other host uses it)").check(Checks.share()),
            Config::rareShare);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("beaconing",
            v -> new Config(v.get(MIN_INTERVALS), v.get(MAX_JITTER), v.get(MIN_PERIOD), v.get(MAX_PERIOD), v.get(MAX_BYTES),
                    v.get(MIN_SCORE), v.get(RARE_SHARE)), MIN_INTERVALS, MAX_JITTER, MIN_PERIOD, MAX_PERIOD, MAX_BYTES,
            MIN_SCORE, RARE_SHARE)
            .across(c -> c.maxPeriod().compareTo(c.minPeriod()) > 0 ? List.of()
                    : List.of("beaconing.max-period: must be longer than beaconing.min-period"));

    /** What it keeps per host. */
    /** Uncached: a host's contacts with random peers are many and each rarely touched again (BENCHMARKS.md). */
    static final Store<ContactState> STORE = Store.of("host-contacts", ContactState.CODEC).direct();

    /** Connections this close together are one contact (several for one page, one check-in). */
    static final long MERGE_MS = 250;
    /** DNS (its own detector), NTP and mDNS call out on timers by design. */
    private static final Set<Integer> NOT_BEACONS = Set.of(53, 123, 5353);
    /** So does a call's RTCP, on whatever port the call chose (a report every few seconds, RFC 3550). */
    private static final Set<String> NOT_BEACON_APPS = Set.of("dns", "ntp", "rtcp");



    /** A connection the host opened to the outside (its first piece). */
    void contact(String key, HostState hs, FlowRecord f, Thresholds t, String host) {
        if (f.dstPort() == 53) return;
        String ckey = contactKey(key, f);
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
        if (add(c, f.start(), f.bytes(), false)) judge(c, f, t, host);
        store.put(ckey, c);
    }

    /**
     * The check-ins inside a connection the host keeps open (a flow piece's bursts): each one a
     * contact, as if it were a connection of its own, judged with them by the same rules.
     */
    void bursts(String key, FlowRecord f, Thresholds t, String host) {
        if (f.dstPort() == 53) return;
        String ckey = contactKey(key, f);
        ContactState c = store.get(ckey);
        // the connection itself was the first contact (its first piece came first)
        if (c == null) return;
        FlowRecord.Bursts b = f.bursts();
        boolean judge = false;
        for (int i = 0; i < b.at().size(); i++) judge |= add(c, f.start() + b.at().get(i), b.bytes().get(i), true);
        if (judge) judge(c, f, t, host);
        store.put(ckey, c);
    }

    /** One host's contact with one peer and service: {@code site/host|peer|proto/port}. */
    private static String contactKey(String key, FlowRecord f) {
        return key + "|" + f.dstIp() + "|" + f.proto() + "/" + f.dstPort();
    }

    /** Adds a contact at {@code start}; true when it was one of its own (not merged with the one before). */
    private static boolean add(ContactState c, long start, long bytes, boolean inFlow) {
        long interval = start - c.lastStart;
        if (interval < MERGE_MS) {
            c.currentBytes += bytes;
            return false;
        }
        c.intervals.add(interval);
        c.sizes.add(c.currentBytes);
        if (c.intervals.size() > ContactState.KEPT) c.intervals.remove(0);
        if (c.sizes.size() > ContactState.KEPT) c.sizes.remove(0);
        c.currentBytes = bytes;
        c.lastStart = start;
        c.connections++;
        if (inFlow) c.inFlow++;
        return true;
    }

    private static void report(HostState hs, ContactState c, FlowRecord f, int day) {
        if (hs.newPeers.size() >= HostState.MAX_NEW_PEERS) return; // the next contact tries again
        if (!hs.newPeers.contains(f.dstIp())) hs.newPeers.add(f.dstIp());
        c.reportedDay = day;
    }

    private void judge(ContactState c, FlowRecord f, Thresholds t, String host) {
        if (NOT_BEACONS.contains(f.dstPort()) || f.proto().startsWith("icmp")
                || (f.appProto() != null && NOT_BEACON_APPS.contains(f.appProto()))) return;
        Config b = t.get(THRESHOLDS);
        int n = c.intervals.size();
        if (n < b.minIntervals()) return;
        RobustStats.Summary iv = RobustStats.summarise(c.intervals.stream().mapToDouble(Long::doubleValue).toArray());
        double period = iv.median();
        if (period < b.minPeriod().toMillis() || period > b.maxPeriod().toMillis()) return;
        int required = b.required(period);
        // Sent from the count a new peer needs; the peer stage, which knows who else uses the peer, decides.
        if (n < b.requiredRare(period) || iv.dispersion() > b.maxJitter()) return;
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
        // Again when the count a common peer needs is reached (the last one sent may have been too few for it).
        boolean reachesFull = n >= required && c.sentConnections <= required;
        if (!first && !reachesFull && c.connections < 2 * c.sentConnections && f.start() - c.sentAt < refresh) return;
        c.sentConnections = c.connections;
        c.sentAt = f.start();
        List<Double> recent = new ArrayList<>();
        for (int i = Math.max(0, n - 10); i < n; i++) recent.add(Math.round(c.intervals.get(i) / 100.0) / 10.0);
        peers.accept(PeerEvent.beacon(f.site(), host, f.dstIp(), f.end(), new PeerEvent.Beacon(
                f.proto() + "/" + f.dstPort(), f.appProto(), c.firstStart, period, iv.mad(), iv.bowley(), n,
                c.connections, sz.median(), sz.mad(), score, recent, c.inFlow)));
    }

    /** Forgets contacts idle for longer than their site's longest period looked for, plus an hour. */
    void forgetIdle(long streamTime, Function<String, Thresholds> thresholds) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, ContactState> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                Thresholds t = thresholds.apply(kv.key.substring(0, kv.key.indexOf('/')));
                if (kv.value.lastStart < streamTime - t.get(THRESHOLDS).maxPeriod().toMillis() - 3_600_000) old.add(kv.key);
            }
        }
        old.forEach(store::delete);
    }
}
