package io.vigil.detector.scan;

import io.vigil.detector.Allowlist;
import io.vigil.detector.Thresholds;
import io.vigil.detector.internal.Emitted;
import io.vigil.detector.internal.EndOfInputTracker;
import io.vigil.detector.internal.DecodedStore;
import io.vigil.detector.internal.Episodes;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@code port_scan}, {@code host_sweep} and {@code brute_force}, keyed {@code site|source}.
 * Each raises the moment its threshold is crossed (event time of the crossing flow), so a
 * fast attack is reported within seconds of its start.
 */
public final class SourceProcessor implements Processor<String, FlowRecord, String, Emitted> {

    public static final String STATE = "source-state";
    public static final String EPISODES = "source-episodes";
    public static final String EOI = "source-eoi";
    public static final String STAGE = "source";
    private static final Duration SWEEP = Duration.ofSeconds(30);

    private final Function<String, Thresholds> thresholds;
    private final Allowlist allowlist;
    private ProcessorContext<String, Emitted> context;
    /** A scanner's state is read and written on every probe: kept decoded. */
    private DecodedStore<SourceState> store;
    private Episodes episodes;
    private EndOfInputTracker markers;

    public SourceProcessor(Function<String, Thresholds> thresholds, Allowlist allowlist) {
        this.thresholds = thresholds;
        this.allowlist = allowlist;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.store = new DecodedStore<>(context.getStateStore(STATE), 10_000);
        Thresholds d = thresholds.apply(null);
        this.episodes = new Episodes(context.getStateStore(EPISODES), context, allowlist, d::quietMs, d::suppressMs);
        this.markers = new EndOfInputTracker(context.getStateStore(EOI), true);
        context.schedule(SWEEP, PunctuationType.STREAM_TIME, this::sweep);
    }

    /** A failed probe: a SYN that never completed a handshake, or UDP nobody answered. */
    public static boolean isProbe(FlowRecord f) {
        if (f.isMarker()) return false;
        if (f.isTcp()) return (f.tcpFlagsOut() & FlowRecord.SYN) != 0 && !"established".equals(f.tcpState());
        return "udp".equals(f.proto()) && f.packetsIn() == 0 && f.dstPort() != 0;
    }

    /** A complete, short, small session with a service that takes passwords. */
    public static boolean isAuthSession(FlowRecord f, Thresholds.BruteForce b) {
        if (f.isMarker() || !f.isTcp() || !"established".equals(f.tcpState()) || f.seq() != 0) return false;
        if (!"fin".equals(f.endReason()) && !"rst".equals(f.endReason())) return false;
        boolean service = b.ports().contains(f.dstPort()) || (f.appProto() != null && b.protocols().contains(f.appProto()));
        return service && f.end() - f.start() <= b.maxDuration().toMillis() && f.bytesIn() <= b.maxServerBytes();
    }

    /** What the source branch needs to see: probes, authentication sessions and markers. */
    public static boolean wanted(FlowRecord f, Thresholds t) {
        return f.isMarker() || isProbe(f) || isAuthSession(f, t.bruteForce());
    }

    @Override
    public void process(Record<String, FlowRecord> record) {
        FlowRecord f = record.value();
        if (f.isMarker()) {
            endOfInput(f);
            return;
        }
        Thresholds t = thresholds.apply(f.site());
        SourceState s = store.get(record.key());
        if (s == null) s = new SourceState();
        if (isProbe(f)) {
            portScan(s, f, t);
            hostSweep(s, f, t);
        } else if (isAuthSession(f, t.bruteForce())) {
            bruteForce(s, f, t);
        } else {
            return;
        }
        store.put(record.key(), s);
    }

    private void portScan(SourceState s, FlowRecord f, Thresholds t) {
        boolean open = isOpen(f);
        if (open && s.open.size() < 32) s.open.add(f.dstPort());
        if (episodes.isOpen(AlertType.PORT_SCAN, f.site(), f.srcIp())) {
            s.scanAttempts++;
            s.addScanPort(f.dstIp(), f.dstPort());
            raiseScan(s, f, t, f.start());
            return;
        }
        Map<Integer, Long> ports = s.scanProbes.computeIfAbsent(f.dstIp(), v -> new LinkedHashMap<>());
        long horizon = f.end() - t.portScan().window().toMillis();
        ports.values().removeIf(start -> start < horizon);
        ports.merge(f.dstPort(), f.start(), Math::min);
        if (ports.size() >= t.portScan().ports()) {
            long first = ports.values().stream().mapToLong(Long::longValue).min().orElse(f.start());
            for (int p : ports.keySet()) s.addScanPort(f.dstIp(), p);
            s.scanAttempts += ports.size();
            s.scanProbes.clear();
            raiseScan(s, f, t, first);
        } else if (s.scanProbes.size() > SourceState.MAX_TRACKED) {
            s.scanProbes.remove(s.scanProbes.keySet().iterator().next());
        }
    }

    private void raiseScan(SourceState s, FlowRecord f, Thresholds t, long first) {
        int ports = s.distinctScanPorts();
        double score = (double) ports / t.portScan().ports();
        boolean inside = fromInside(f);
        List<String> targets = new ArrayList<>(new TreeSet<>(s.scanPorts.keySet()));
        // Name the host that took most of the probes; a scan is usually of one host at a time.
        String top = null;
        int topPorts = 0;
        for (Map.Entry<String, byte[]> e : s.scanPorts.entrySet()) {
            int n = java.util.BitSet.valueOf(e.getValue()).cardinality();
            if (n > topPorts) {
                topPorts = n;
                top = e.getKey();
            }
        }
        String victim = targets.size() == 1 ? targets.get(0)
                : String.format("%s (%d of them) and %d other hosts", top, topPorts, targets.size() - 1);
        String openText = s.open.isEmpty() ? "no port answered" : "open: " + join(s.open);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("distinct_ports", ports);
        ev.put("failed_attempts", s.scanAttempts);
        ev.put("open_ports", new ArrayList<>(s.open));
        ev.put("sample_ports", s.sampleScanPorts(25));
        ev.put("targets", targets.size());
        ev.put("threshold_ports", t.portScan().ports());
        ev.put("window_seconds", t.portScan().window().toSeconds());
        ev.put("direction", f.direction());
        String summary = String.format("%s probed %d ports on %s (%s); %s.", f.srcIp(), ports, victim, openText,
                inside ? "an internal host scanning is a sign of compromise or lateral movement; isolate it and investigate"
                        : "block the source at the perimeter if it is not an authorised scanner, and check the open ports are meant to be");
        episodes.observe(f.srcIp(), f.end(), new Episodes.Draft(AlertType.PORT_SCAN, f.site(), f.srcIp(),
                targets.size() == 1 ? targets.get(0) : null, targets, first, score, ports,
                new Alert.Baseline(t.portScan().ports(), 0, 0), reconSeverity(score, inside), summary, ev));
    }

    private void hostSweep(SourceState s, FlowRecord f, Thresholds t) {
        int port = f.dstPort();
        String entity = f.srcIp();
        if (episodes.isOpen(AlertType.HOST_SWEEP, f.site(), entity) && s.sweepHosts.containsKey(port)) {
            TreeSet<String> hosts = s.sweepHosts.get(port);
            if (!hosts.contains(f.dstIp())) {
                if (hosts.size() < SourceState.MAX_TRACKED) hosts.add(f.dstIp());
                s.sweepCounts.merge(port, 1L, Long::sum);
            }
            raiseSweep(s, f, t, f.start());
            return;
        }
        Map<String, Long> victims = s.sweepProbes.computeIfAbsent(port, p -> new LinkedHashMap<>());
        long horizon = f.end() - t.hostSweep().window().toMillis();
        victims.values().removeIf(start -> start < horizon);
        victims.merge(f.dstIp(), f.start(), Math::min);
        if (victims.size() >= t.hostSweep().hosts()) {
            long first = victims.values().stream().mapToLong(Long::longValue).min().orElse(f.start());
            s.sweepHosts.put(port, new TreeSet<>(victims.keySet()));
            s.sweepCounts.put(port, (long) victims.size());
            s.sweepProbes.remove(port);
            raiseSweep(s, f, t, first);
        } else if (s.sweepProbes.size() > SourceState.MAX_TRACKED) {
            s.sweepProbes.remove(s.sweepProbes.keySet().iterator().next());
        }
    }

    private void raiseSweep(SourceState s, FlowRecord f, Thresholds t, long first) {
        long hosts = s.sweepCounts.values().stream().mapToLong(Long::longValue).sum();
        double score = (double) hosts / t.hostSweep().hosts();
        boolean inside = fromInside(f);
        TreeSet<String> all = new TreeSet<>();
        s.sweepHosts.values().forEach(all::addAll);
        List<String> targets = new ArrayList<>(all);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("ports", new ArrayList<>(new TreeSet<>(s.sweepHosts.keySet())));
        ev.put("hosts_probed", hosts);
        ev.put("threshold_hosts", t.hostSweep().hosts());
        ev.put("window_seconds", t.hostSweep().window().toSeconds());
        ev.put("direction", f.direction());
        String summary = String.format("%s probed port %s on %d hosts; %s.", f.srcIp(), join(new TreeSet<>(s.sweepHosts.keySet())),
                hosts, inside ? "an internal host sweeping the network is a sign of a worm or lateral movement; isolate it"
                        : "it is looking for one service across the site; block the source if it is not an authorised scanner");
        episodes.observe(f.srcIp(), f.end(), new Episodes.Draft(AlertType.HOST_SWEEP, f.site(), f.srcIp(), null,
                targets.size() > 100 ? targets.subList(0, 100) : targets, first, score, hosts,
                new Alert.Baseline(t.hostSweep().hosts(), 0, 0), reconSeverity(score, inside), summary, ev));
    }

    private void bruteForce(SourceState s, FlowRecord f, Thresholds t) {
        Thresholds.BruteForce b = t.bruteForce();
        int port = f.dstPort();
        String entity = f.srcIp() + "|" + port;
        if (episodes.isOpen(AlertType.BRUTE_FORCE, f.site(), entity)) {
            s.authCounts.merge(port, 1L, Long::sum);
            TreeSet<String> v = s.authVictims.computeIfAbsent(port, p -> new TreeSet<>());
            if (v.size() < 64) v.add(f.dstIp());
            raiseBrute(s, f, t, port, f.start());
            return;
        }
        List<Long> starts = s.authStarts.computeIfAbsent(port, p -> new ArrayList<>());
        long horizon = f.end() - b.window().toMillis();
        starts.removeIf(start -> start < horizon);
        starts.add(f.start());
        TreeSet<String> v = s.authVictims.computeIfAbsent(port, p -> new TreeSet<>());
        if (v.size() < 64) v.add(f.dstIp());
        if (starts.size() >= b.sessions()) {
            long first = starts.stream().mapToLong(Long::longValue).min().orElse(f.start());
            s.authCounts.put(port, (long) starts.size());
            s.authStarts.remove(port);
            raiseBrute(s, f, t, port, first);
        }
    }

    private void raiseBrute(SourceState s, FlowRecord f, Thresholds t, int port, long first) {
        long sessions = s.authCounts.getOrDefault(port, 0L);
        double score = (double) sessions / t.bruteForce().sessions();
        List<String> victims = new ArrayList<>(s.authVictims.getOrDefault(port, new TreeSet<>()));
        String service = f.appProto() != null ? f.appProto() : "port " + port;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("service", service);
        ev.put("port", port);
        ev.put("short_sessions", sessions);
        ev.put("max_session_seconds", t.bruteForce().maxDuration().toSeconds());
        ev.put("threshold_sessions", t.bruteForce().sessions());
        ev.put("window_seconds", t.bruteForce().window().toSeconds());
        ev.put("direction", f.direction());
        String victim = victims.size() == 1 ? victims.get(0) : victims.size() + " hosts";
        String summary = String.format("%s opened %d short %s sessions to %s: password guessing; block the source, "
                + "check the service's log for a successful login, and require keys or MFA.", f.srcIp(), sessions, service,
                victim);
        Severity sev = score >= 5 ? Severity.HIGH : Severity.MEDIUM;
        episodes.observe(f.srcIp() + "|" + port, f.end(), new Episodes.Draft(AlertType.BRUTE_FORCE, f.site(), f.srcIp(),
                victims.size() == 1 ? victims.get(0) : null, victims, first, score, sessions,
                new Alert.Baseline(t.bruteForce().sessions(), 0, 0), sev, summary, ev));
    }

    /** The target answered the SYN: the port is open even though the prober never completed. */
    private static boolean isOpen(FlowRecord f) {
        return f.isTcp() && (f.tcpFlagsIn() & (FlowRecord.SYN | FlowRecord.ACK)) == (FlowRecord.SYN | FlowRecord.ACK);
    }

    private static boolean fromInside(FlowRecord f) {
        return "outbound".equals(f.direction()) || "internal".equals(f.direction());
    }

    /**
     * Reconnaissance from the internet is daily noise for any exposed service: medium at the
     * threshold, high at ten times it. From inside it means a compromised host: high, then critical.
     */
    static Severity reconSeverity(double score, boolean fromInside) {
        if (fromInside) return score >= 10 ? Severity.CRITICAL : Severity.HIGH;
        return score >= 10 ? Severity.HIGH : Severity.MEDIUM;
    }

    private void sweep(long streamTime) {
        episodes.sweep(streamTime);
        long now = streamTime - Episodes.LATENESS_MS;
        List<KeyValue<String, SourceState>> update = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        try (KeyValueIterator<String, SourceState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, SourceState> kv = it.next();
                String site = kv.key.substring(0, kv.key.indexOf('|'));
                String src = kv.key.substring(kv.key.indexOf('|') + 1);
                if (expire(kv.value, thresholds.apply(site), now, site, src)) update.add(kv);
                if (kv.value.isEmpty()) delete.add(kv.key);
            }
        }
        for (KeyValue<String, SourceState> kv : update) if (!delete.contains(kv.key)) store.put(kv.key, kv.value);
        delete.forEach(store::delete);
    }

    /** Forgets probes outside their windows and accumulators of episodes that ended; true when changed. */
    private boolean expire(SourceState s, Thresholds t, long now, String site, String src) {
        boolean changed = false;
        long scanHorizon = now - t.portScan().window().toMillis();
        for (Iterator<Map<Integer, Long>> it = s.scanProbes.values().iterator(); it.hasNext(); ) {
            Map<Integer, Long> m = it.next();
            changed |= m.values().removeIf(start -> start < scanHorizon);
            if (m.isEmpty()) it.remove();
        }
        long sweepHorizon = now - t.hostSweep().window().toMillis();
        for (Iterator<Map<String, Long>> it = s.sweepProbes.values().iterator(); it.hasNext(); ) {
            Map<String, Long> m = it.next();
            changed |= m.values().removeIf(start -> start < sweepHorizon);
            if (m.isEmpty()) it.remove();
        }
        long authHorizon = now - t.bruteForce().window().toMillis();
        for (Iterator<List<Long>> it = s.authStarts.values().iterator(); it.hasNext(); ) {
            List<Long> l = it.next();
            changed |= l.removeIf(start -> start < authHorizon);
            if (l.isEmpty()) it.remove();
        }
        if (!s.scanPorts.isEmpty() && !episodes.isOpen(AlertType.PORT_SCAN, site, src)) {
            s.scanPorts.clear();
            s.scanAttempts = 0;
            changed = true;
        }
        if (s.scanProbes.isEmpty() && s.scanPorts.isEmpty() && !s.open.isEmpty()) {
            s.open.clear();
            changed = true;
        }
        if (!s.sweepHosts.isEmpty() && !episodes.isOpen(AlertType.HOST_SWEEP, site, src)) {
            s.sweepHosts.clear();
            s.sweepCounts.clear();
            changed = true;
        }
        for (Iterator<Integer> it = s.authCounts.keySet().iterator(); it.hasNext(); ) {
            int port = it.next();
            if (!episodes.isOpen(AlertType.BRUTE_FORCE, site, src + "|" + port)) {
                it.remove();
                s.authVictims.remove(port);
                changed = true;
            }
        }
        if (s.authStarts.isEmpty() && s.authCounts.isEmpty() && !s.authVictims.isEmpty()) {
            s.authVictims.clear();
            changed = true;
        }
        return changed;
    }

    /** Once every upstream partition's marker is in: end the site's episodes, then acknowledge. */
    private void endOfInput(FlowRecord marker) {
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(0);
        if (!markers.complete(marker, partition)) return;
        episodes.endSite(marker.site());
        List<String> delete = new ArrayList<>();
        try (KeyValueIterator<String, SourceState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, SourceState> kv = it.next();
                if (kv.key.startsWith(marker.site() + "|")) delete.add(kv.key);
            }
        }
        delete.forEach(store::delete);
        EndOfInputAck ack = new EndOfInputAck(EndOfInputAck.VERSION, marker.endOfInput().run(), STAGE, partition,
                marker.endOfInput().partitions());
        context.forward(new Record<>(marker.endOfInput().run(), Emitted.of(ack), marker.end()));
    }

    static String join(Iterable<Integer> ports) {
        StringBuilder sb = new StringBuilder();
        for (int p : ports) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(p);
        }
        return sb.toString();
    }
}
