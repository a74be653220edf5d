package io.vigil.detector.host;

import io.vigil.detector.Allowlist;
import io.vigil.detector.Thresholds;
import io.vigil.detector.baseline.HostBaseline;
import io.vigil.detector.internal.Emitted;
import io.vigil.detector.internal.EndOfInputTracker;
import io.vigil.detector.internal.Episodes;
import io.vigil.detector.internal.SitePartial;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Host-keyed detectors on the flows topic (key {@code site/host}). Per flow it touches the
 * host's small hot state; once a minute (event time) it folds the minute into the host's
 * baselines and derives the next minute's limits, so an exfiltration or a connection storm
 * is raised by the flow that crosses the limit, not at the end of the minute.
 */
public final class HostProcessor implements Processor<String, FlowRecord, String, Emitted> {

    public static final String STATE = "host-state";
    public static final String BASELINES = "host-baselines";
    public static final String BEACONS = "host-beacons";
    public static final String EPISODES = "host-episodes";
    public static final String EOI = "host-eoi";
    public static final String SITE_PARTIALS = "host-site-partials";
    public static final String STAGE = "host";
    private static final long MINUTE = 60_000;
    private static final Set<Integer> NOT_BEACONS = Set.of(53, 123, 5353);
    private static final List<String> TLS_ORDER = List.of("ssl3", "1.0", "1.1", "1.2", "1.3");

    /** A host's baselines, stored apart from the hot state because they are large and read once a minute. */
    public static final class Baselines {
        public HostBaseline upload = new HostBaseline();
        public HostBaseline flows = new HostBaseline();
    }

    private final Function<String, Thresholds> thresholds;
    private final Allowlist allowlist;
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, HostState> hot;
    private KeyValueStore<String, Baselines> baselines;
    private KeyValueStore<String, BeaconState> beacons;
    private KeyValueStore<String, long[]> sitePartials;
    private Episodes episodes;
    private EndOfInputTracker markers;

    public HostProcessor(Function<String, Thresholds> thresholds, Allowlist allowlist) {
        this.thresholds = thresholds;
        this.allowlist = allowlist;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.hot = context.getStateStore(STATE);
        this.baselines = context.getStateStore(BASELINES);
        this.beacons = context.getStateStore(BEACONS);
        this.sitePartials = context.getStateStore(SITE_PARTIALS);
        Thresholds d = thresholds.apply(null);
        this.episodes = new Episodes(context.getStateStore(EPISODES), context, allowlist, d::quietMs, d::suppressMs);
        this.markers = new EndOfInputTracker(context.getStateStore(EOI), false);
        context.schedule(Duration.ofSeconds(30), PunctuationType.STREAM_TIME, episodes::sweep);
        context.schedule(Duration.ofMinutes(10), PunctuationType.STREAM_TIME, this::forgetIdleBeacons);
    }

    @Override
    public void process(Record<String, FlowRecord> record) {
        FlowRecord f = record.value();
        if (f.isMarker()) {
            endOfInput(f);
            return;
        }
        String key = record.key();
        String host = key.substring(key.indexOf('/') + 1);
        Thresholds t = thresholds.apply(f.site());
        HostState s = hot.get(key);
        if (s == null) s = new HostState();
        long minute = Math.floorDiv(f.end(), MINUTE) * MINUTE;
        if (s.minute == 0) {
            s.minute = minute;
            limits(s, baselines.get(key), t, minute);
        } else if (minute > s.minute) {
            closeMinute(key, s, t, minute);
        }
        boolean fromHost = host.equals(f.srcIp());
        if (f.seq() == 0) {
            if (fromHost) s.flowsOut++;
            else s.flowsIn++;
        }
        if (fromHost && "outbound".equals(f.direction())) {
            s.upload += f.bytesOut();
            if (s.uploadPeers.size() < 16 || s.uploadPeers.containsKey(f.dstIp())) s.uploadPeers.merge(f.dstIp(), f.bytesOut(), Long::sum);
            if (s.upload > s.uploadLimit) exfiltration(s, f, t, host);
        }
        if (fromHost && s.flowsOut > s.flowsLimit) volume(s, f, t, host);
        if (!fromHost && f.isTcp() && (f.tcpFlagsOut() & FlowRecord.SYN) != 0) synFlood(s, f, t, host);
        if (fromHost && f.dns() != null) dns(s, f, t, host);
        if ("established".equals(f.tcpState()) || (!f.isTcp() && f.packetsIn() > 0)) insecure(f, t, host, fromHost);
        if (fromHost && "outbound".equals(f.direction()) && f.seq() == 0 && !NOT_BEACONS.contains(f.dstPort())
                && !f.proto().startsWith("icmp")) {
            beacon(key, f, t, host);
        }
        hot.put(key, s);
        // The edge's bandwidth: bytes each way of flows crossing it, whoever opened them.
        boolean out = "outbound".equals(f.direction()), in = "inbound".equals(f.direction());
        long sent = out ? f.bytesOut() : in ? f.bytesIn() : 0;
        long received = out ? f.bytesIn() : in ? f.bytesOut() : 0;
        sitePartial(f, minute, fromHost && out ? f.bytesOut() : 0, fromHost && f.seq() == 0 ? 1 : 0, sent, received);
    }

    /**
     * Adds to this task's share of the site's minute; when the minute turns, the share goes
     * to the site stage. (A site's hosts are spread over partitions, so only the site stage
     * sees the whole site.)
     */
    private void sitePartial(FlowRecord f, long minute, long upload, long flows, long sent, long received) {
        long[] p = sitePartials.get(f.site());
        if (p != null && p.length < 5) p = java.util.Arrays.copyOf(p, 5); // a share stored before sent/received
        if (p == null) p = new long[] {minute, 0, 0, 0, 0};
        if (minute > p[0]) {
            context.forward(new Record<>(f.site(), Emitted.of(partial(f.site(), p)), p[0]));
            p = new long[] {minute, 0, 0, 0, 0};
        }
        p[1] += upload;
        p[2] += flows;
        p[3] += sent;
        p[4] += received;
        sitePartials.put(f.site(), p);
    }

    private static SitePartial partial(String site, long[] p) {
        return new SitePartial(site, p[0], p[1], p[2], p.length > 3 ? p[3] : 0, p.length > 4 ? p[4] : 0, null);
    }

    /** Folds the finished minute (and up to an hour of silent minutes after it) into the baselines. */
    private void closeMinute(String key, HostState s, Thresholds t, long minute) {
        Baselines b = baselines.get(key);
        if (b == null) b = new Baselines();
        double alpha = t.learning().alpha();
        b.upload.update(s.upload, s.minute, alpha, true);
        b.flows.update(s.flowsOut, s.minute, alpha, true);
        long gap = Math.min(60, (minute - s.minute) / MINUTE - 1);
        for (long g = 1; g <= gap; g++) {
            b.upload.update(0, s.minute + g * MINUTE, alpha, true);
            b.flows.update(0, s.minute + g * MINUTE, alpha, true);
        }
        baselines.put(key, b);
        s.minute = minute;
        s.upload = 0;
        s.flowsOut = 0;
        s.flowsIn = 0;
        s.uploadPeers.clear();
        limits(s, b, t, minute);
    }

    /**
     * The limits for the minute starting at {@code minute}: baseline centre plus z spreads,
     * never below the absolute floor; while the baseline warms up, ten times the floor.
     */
    private static void limits(HostState s, Baselines b, Thresholds t, long minute) {
        long floor = t.exfiltration().floorBytesPerMinute();
        long flowFloor = t.volume().floorFlowsPerMinute();
        if (b == null || !b.upload.trusted(t.learning().warmup())) {
            s.uploadLimit = 10 * floor;
            s.flowsLimit = 10 * flowFloor;
            s.uploadMean = s.uploadSpread = s.flowsMean = s.flowsSpread = 0;
            s.baselineSamples = b == null ? 0 : b.upload.overall.n;
            s.historyMinutes = s.baselineSamples;
            s.seasonal = false;
            return;
        }
        HostBaseline.Expectation u = b.upload.expect(minute, t.learning().seasonalMin());
        HostBaseline.Expectation c = b.flows.expect(minute, t.learning().seasonalMin());
        double uSpread = Math.max(u.spread(), Math.max(0.1 * u.mean(), 1 << 20));
        double cSpread = Math.max(c.spread(), Math.max(0.1 * c.mean(), 5));
        s.uploadLimit = (long) Math.max(floor, u.mean() + t.exfiltration().z() * uSpread);
        s.flowsLimit = (long) Math.max(flowFloor, c.mean() + t.volume().z() * cSpread);
        s.uploadMean = u.mean();
        s.uploadSpread = u.spread();
        s.flowsMean = c.mean();
        s.flowsSpread = c.spread();
        s.baselineSamples = u.samples();
        s.historyMinutes = b.upload.overall.n;
        s.seasonal = u.seasonal();
    }

    private void exfiltration(HostState s, FlowRecord f, Thresholds t, String host) {
        double score = (double) s.upload / s.uploadLimit;
        List<Map.Entry<String, Long>> peers = s.uploadPeers.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5).collect(Collectors.toList());
        String top = peers.isEmpty() ? f.dstIp() : peers.get(0).getKey();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("bytes_this_minute", s.upload);
        ev.put("limit_bytes", s.uploadLimit);
        ev.put("baseline_mean_bytes", Math.round(s.uploadMean));
        ev.put("baseline_spread_bytes", Math.round(s.uploadSpread));
        ev.put("baseline_minutes", s.baselineSamples);
        ev.put("history_minutes", s.historyMinutes);
        ev.put("seasonal", s.seasonal);
        ev.put("top_peers", peers.stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toList()));
        String usual = s.historyMinutes < t.learning().warmup()
                ? "no baseline yet (" + s.historyMinutes + " minutes of history), above ten times the " + mb(t.exfiltration().floorBytesPerMinute()) + " floor"
                : String.format("its usual %s a minute%s (spread %s, %s of history)", mb((long) s.uploadMean),
                        s.seasonal ? " at this hour of the week" : "", mb((long) s.uploadSpread), minutes(s.historyMinutes));
        String summary = String.format("%s sent %s to the internet in one minute, mostly to %s; %s. If no backup or "
                + "upload was planned, isolate the host and find out what it sent.", host, mb(s.upload), top, usual);
        Severity sev = score >= 10 ? Severity.CRITICAL : Severity.HIGH;
        episodes.observe(host, f.end(), new Episodes.Draft(AlertType.EXFILTRATION, f.site(), host, top,
                peers.stream().map(Map.Entry::getKey).collect(Collectors.toList()), s.minute, score, s.upload,
                new Alert.Baseline(s.uploadMean, s.uploadSpread, s.baselineSamples), sev, summary, ev));
    }

    private void volume(HostState s, FlowRecord f, Thresholds t, String host) {
        double score = (double) s.flowsOut / s.flowsLimit;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("connections_this_minute", s.flowsOut);
        ev.put("limit", s.flowsLimit);
        ev.put("baseline_mean", Math.round(s.flowsMean));
        ev.put("baseline_spread", Math.round(s.flowsSpread));
        ev.put("baseline_minutes", s.baselineSamples);
        String summary = String.format("%s opened %d connections in one minute, against its usual %.0f (%s of "
                + "history); check what the host is running.", host, s.flowsOut, s.flowsMean, minutes(s.baselineSamples));
        Severity sev = score >= 3 ? Severity.MEDIUM : Severity.LOW;
        episodes.observe(host, f.end(), new Episodes.Draft(AlertType.VOLUME_ANOMALY, f.site(), host, null, List.of(),
                s.minute, score, s.flowsOut, new Alert.Baseline(s.flowsMean, s.flowsSpread, s.baselineSamples), sev,
                summary, ev));
    }

    private void synFlood(HostState s, FlowRecord f, Thresholds t, String host) {
        Thresholds.SynFlood c = t.synFlood();
        long window = Math.floorDiv(f.start(), c.window().toMillis()) * c.window().toMillis();
        if (window != s.synWindow) {
            if (window < s.synWindow) return; // a late flow of a closed window
            s.synWindow = window;
            s.synTotal = 0;
            s.synIncomplete = 0;
            s.synPorts.clear();
            s.synSources.clear();
            s.synSourceCount = 0;
            s.synFirst = 0;
        }
        s.synTotal++;
        if ("established".equals(f.tcpState())) return;
        s.synIncomplete++;
        if (s.synFirst == 0) s.synFirst = f.start();
        if (s.synPorts.size() < 8 || s.synPorts.containsKey(f.dstPort())) s.synPorts.merge(f.dstPort(), 1L, Long::sum);
        if (!s.synSources.contains(f.srcIp())) {
            s.synSourceCount++;
            if (s.synSources.size() < 64) s.synSources.add(f.srcIp());
        }
        if (s.synIncomplete < c.incomplete() || (double) s.synIncomplete / s.synTotal < c.ratio()
                || s.synPorts.size() > c.maxPorts()) return;
        // Re-evaluate at the threshold and every 10% more; the episode emits only on doublings.
        if (s.synIncomplete != c.incomplete() && s.synIncomplete % Math.max(1, c.incomplete() / 10) != 0) return;
        double score = (double) s.synIncomplete / c.incomplete();
        int port = s.synPorts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(f.dstPort());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("incomplete_in_window", s.synIncomplete);
        ev.put("attempts_in_window", s.synTotal);
        ev.put("window_seconds", c.window().toSeconds());
        ev.put("ports", new ArrayList<>(s.synPorts.keySet()));
        ev.put("sources", s.synSourceCount);
        ev.put("sample_sources", new ArrayList<>(s.synSources).subList(0, Math.min(10, s.synSources.size())));
        ev.put("threshold_incomplete", c.incomplete());
        String summary = String.format("%s received %d connection attempts on port %d in %d s from %d sources, %.0f%% "
                + "never completed: a SYN flood. Enable SYN cookies and ask the upstream provider to filter it.", host,
                s.synTotal, port, c.window().toSeconds(), s.synSourceCount, 100.0 * s.synIncomplete / s.synTotal);
        Severity sev = score >= 10 ? Severity.CRITICAL : Severity.HIGH;
        String src = s.synSourceCount == 1 ? f.srcIp() : null;
        episodes.observe(host, f.end(), new Episodes.Draft(AlertType.SYN_FLOOD, f.site(), src, host, List.of(host),
                s.synFirst, score, s.synIncomplete, new Alert.Baseline(c.incomplete(), 0, 0), sev, summary, ev));
    }

    private void dns(HostState s, FlowRecord f, Thresholds t, String host) {
        Thresholds.DnsTunnel c = t.dnsTunnel();
        long window = Math.floorDiv(f.end(), c.window().toMillis()) * c.window().toMillis();
        if (window != s.dnsWindow) {
            if (window < s.dnsWindow) window = s.dnsWindow;
            else {
                s.dnsWindow = window;
                s.domains.clear();
            }
        }
        for (FlowRecord.DnsQuery q : f.dns().queries()) {
            if (q.name() == null) continue;
            String reg = DomainNames.registered(q.name());
            String sub = DomainNames.subdomain(q.name(), reg);
            if (sub.isEmpty()) continue;
            HostState.DomainStat d = s.domains.get(reg);
            if (d == null) {
                if (s.domains.size() >= 32) continue;
                d = new HostState.DomainStat();
                d.first = f.start();
                s.domains.put(reg, d);
            }
            d.queries++;
            if (d.names.size() < 1024 && d.names.add(sub.hashCode())) {
                d.sumLength += sub.length();
                d.sumEntropy += DomainNames.entropy(sub);
                if (d.samples.size() < 3) d.samples.add(q.name());
            }
            int unique = d.names.size();
            if (unique < c.uniqueNames()) continue;
            double len = d.sumLength / unique, ent = d.sumEntropy / unique;
            if (len < c.minLength() || ent < c.minEntropy()) continue;
            if (unique != c.uniqueNames() && unique % 20 != 0) continue;
            double score = (double) unique / c.uniqueNames();
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("domain", reg);
            ev.put("unique_subdomains", unique);
            ev.put("queries", d.queries);
            ev.put("mean_subdomain_length", Math.round(len * 10) / 10.0);
            ev.put("mean_entropy_bits", Math.round(ent * 100) / 100.0);
            ev.put("sample_names", new ArrayList<>(d.samples));
            ev.put("window_seconds", c.window().toSeconds());
            String summary = String.format("%s asked for %d different long, random-looking names under %s in %d minutes "
                    + "(mean %.0f characters, %.1f bits/char): data hidden in DNS. Block the domain and examine the host.",
                    host, unique, reg, c.window().toMinutes(), len, ent);
            episodes.observe(host + "|" + reg, f.end(), new Episodes.Draft(AlertType.DNS_TUNNEL, f.site(), host, reg,
                    List.of(reg), d.first, score, unique, new Alert.Baseline(c.uniqueNames(), 0, 0), Severity.HIGH,
                    summary, ev));
        }
    }

    private void insecure(FlowRecord f, Thresholds t, String host, boolean fromHost) {
        boolean inbound = "inbound".equals(f.direction());
        if (!inbound && !"outbound".equals(f.direction())) return;
        String app = f.appProto();
        boolean plaintext = app != null && t.insecure().plaintext().contains(app) && (inbound || !"http".equals(app));
        int rank = f.tlsVersion() == null ? -1 : TLS_ORDER.indexOf(f.tlsVersion());
        boolean oldTls = rank >= 0 && rank < TLS_ORDER.indexOf(t.insecure().minTls());
        if (!plaintext && !oldTls) return;
        String what = oldTls ? "TLS " + f.tlsVersion() : app;
        String service = f.dstIp() + ":" + f.dstPort();
        Severity sev = inbound || (plaintext && !"http".equals(app)) ? Severity.MEDIUM : Severity.LOW;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("protocol", what);
        ev.put("service", service);
        ev.put("direction", f.direction());
        ev.put("peer", inbound ? f.srcIp() : f.dstIp());
        String summary = inbound
                ? String.format("%s serves %s on port %d to the internet (%s connected): move it behind TLS 1.2 or "
                        + "better, as Internet First requires for everything crossing the internet.", host, what, f.dstPort(), f.srcIp())
                : String.format("%s uses %s to %s across the internet: credentials and data travel readable; switch "
                        + "to an encrypted equivalent (TLS 1.2 or better).", host, what, service);
        episodes.observe(host + "|" + what + "|" + f.dstPort(), f.end(), new Episodes.Draft(AlertType.INSECURE_PROTOCOL,
                f.site(), f.srcIp(), f.dstIp(), List.of(f.dstIp()), f.start(), 1, 1, new Alert.Baseline(0, 0, 0), sev,
                summary, ev));
    }

    private void beacon(String key, FlowRecord f, Thresholds t, String host) {
        Thresholds.Beaconing c = t.beaconing();
        String bkey = key + "|" + f.dstIp() + "|" + f.proto() + "/" + f.dstPort();
        BeaconState b = beacons.get(bkey);
        if (b == null) {
            b = new BeaconState();
            b.firstStart = f.start();
        } else {
            long interval = f.start() - b.lastStart;
            if (interval < 1000) {
                // Several connections at once (a page load) are one contact.
                b.bytes += f.bytes();
                beacons.put(bkey, b);
                return;
            }
            b.intervals.add(interval);
            if (b.intervals.size() > 16) b.intervals.remove(0);
        }
        b.lastStart = f.start();
        b.connections++;
        b.bytes += f.bytes();
        beacons.put(bkey, b);
        if (b.intervals.size() < c.intervals()) return;
        List<Long> sorted = new ArrayList<>(b.intervals);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        List<Double> dev = new ArrayList<>();
        for (long x : sorted) dev.add(Math.abs(x - median));
        dev.sort(Comparator.naturalOrder());
        double mad = dev.get(dev.size() / 2);
        double mean = b.bytes / (double) b.connections;
        if (median < c.minPeriod().toMillis() || median > c.maxPeriod().toMillis() || mad > c.maxDeviation() * median
                || mean > c.maxBytes()) return;
        double score = (double) b.intervals.size() / c.intervals();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("period_seconds", Math.round(median / 100) / 10.0);
        ev.put("deviation_seconds", Math.round(mad / 100) / 10.0);
        ev.put("connections", b.connections);
        ev.put("mean_bytes", Math.round(mean));
        ev.put("service", f.proto() + "/" + f.dstPort());
        ev.put("intervals_seconds", b.intervals.stream().map(x -> Math.round(x / 100.0) / 10.0).collect(Collectors.toList()));
        String summary = String.format("%s contacts %s (%s/%d) every %.0f s (±%.1f s, %d times, %.0f bytes each): "
                + "the rhythm of malware calling its controller. Find the process making the connections.", host,
                f.dstIp(), f.proto(), f.dstPort(), median / 1000, mad / 1000, b.connections, mean);
        episodes.observe(host + "|" + f.dstIp() + "|" + f.dstPort(), f.start(), new Episodes.Draft(AlertType.BEACONING,
                f.site(), host, f.dstIp(), List.of(f.dstIp()), b.firstStart, score, median / 1000,
                new Alert.Baseline(c.maxDeviation() * median / 1000, mad / 1000, b.intervals.size()), Severity.MEDIUM,
                summary, ev));
    }

    /** Forgets contacts not seen for three times the longest beacon period. */
    private void forgetIdleBeacons(long streamTime) {
        long horizon = streamTime - 3 * thresholds.apply(null).beaconing().maxPeriod().toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, BeaconState> it = beacons.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (kv.value.lastStart < horizon) old.add(kv.key);
            }
        }
        old.forEach(beacons::delete);
    }

    private void endOfInput(FlowRecord marker) {
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(0);
        if (!markers.complete(marker, partition)) return;
        episodes.endSite(marker.site());
        long[] p = sitePartials.get(marker.site());
        if (p != null) {
            context.forward(new Record<>(marker.site(), Emitted.of(partial(marker.site(), p)), p[0]));
            sitePartials.delete(marker.site());
        }
        // The site stage hears the end of input from every host task, after their last shares.
        context.forward(new Record<>(marker.site(), Emitted.of(new SitePartial(marker.site(), 0, 0, 0, 0, 0,
                new FlowRecord.EndOfInput(marker.endOfInput().run(), partition, marker.endOfInput().partitions()))),
                marker.end()));
        EndOfInputAck ack = new EndOfInputAck(EndOfInputAck.VERSION, marker.endOfInput().run(), STAGE, partition,
                marker.endOfInput().partitions());
        context.forward(new Record<>(marker.endOfInput().run(), Emitted.of(ack), marker.end()));
    }

    static String mb(long bytes) {
        if (bytes >= 1L << 30) return String.format("%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format("%.0f MB", bytes / (double) (1L << 20));
        return String.format("%.0f KB", bytes / 1024.0);
    }

    static String minutes(long n) {
        if (n >= 2880) return String.format("%.0f days", n / 1440.0);
        if (n >= 120) return String.format("%.0f hours", n / 60.0);
        return n + " minutes";
    }
}
