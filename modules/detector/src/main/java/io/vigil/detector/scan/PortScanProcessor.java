package io.vigil.detector.scan;

import io.vigil.detector.internal.AlertIds;
import io.vigil.detector.internal.Emitted;
import io.vigil.detector.internal.EndOfInputTracker;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Raises {@code port_scan} the moment one source has failed probes on {@link PortScanConfig#ports()}
 * distinct ports of one host inside the window, then follows the episode: updates extend
 * it (rate-limited to each doubling of the port count), it ends after a quiet period, and a
 * renewed scan soon after reopens the same alert. Input is keyed {@code site|source}.
 */
public final class PortScanProcessor implements Processor<String, FlowRecord, String, Emitted> {

    public static final String STORE = "port-scan-state";
    public static final String EOI_STORE = "port-scan-eoi";
    public static final String STAGE = "port_scan";
    private static final Duration SWEEP = Duration.ofSeconds(30);
    /**
     * How far behind stream time a flow may still arrive: records reach this task from every
     * upstream task in processing order, not event time, so expiry waits this much longer.
     */
    static final long LATENESS_MS = Duration.ofMinutes(2).toMillis();

    private final PortScanConfig config;
    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, ScanState> store;
    private EndOfInputTracker markers;

    public PortScanProcessor(PortScanConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.markers = new EndOfInputTracker(context.getStateStore(EOI_STORE));
        context.schedule(SWEEP, PunctuationType.STREAM_TIME, this::sweep);
    }

    /** A failed probe: a SYN that never completed a handshake, or UDP nobody answered. */
    public static boolean isProbe(FlowRecord f) {
        if (f.isMarker()) return false;
        if (f.isTcp()) return (f.tcpFlagsOut() & FlowRecord.SYN) != 0 && !"established".equals(f.tcpState());
        return "udp".equals(f.proto()) && f.packetsIn() == 0;
    }

    @Override
    public void process(Record<String, FlowRecord> record) {
        FlowRecord f = record.value();
        if (f.isMarker()) {
            endOfInput(f);
            return;
        }
        if (!isProbe(f)) return;
        String key = record.key();
        ScanState s = store.get(key);
        if (s == null) s = new ScanState();
        // raised_at is the event time of the flow that crossed the threshold, not stream time:
        // stream time depends on how upstream tasks interleave, and a replay must give the same alert.
        long now = f.end();
        ScanState.Episode e = s.episode;
        if (e != null && e.ended && f.start() > e.lastSeen + config.suppress().toMillis()) {
            s.episode = null;
            e = null;
        }
        if (e != null) {
            boolean reopened = e.ended;
            e.ended = false;
            extend(e, f);
            int ports = e.distinctPorts();
            if (reopened || ports >= 2 * e.emittedPorts) {
                e.emittedPorts = ports;
                emit(e);
            }
            store.put(key, s);
            return;
        }
        Map<Integer, Long> ports = s.probes.computeIfAbsent(f.dstIp(), v -> new LinkedHashMap<>());
        long horizon = f.end() - config.window().toMillis();
        ports.values().removeIf(start -> start < horizon);
        ports.merge(f.dstPort(), f.start(), Math::min);
        if (isOpen(f) && s.openSeen.size() < ScanState.MAX_OPEN) s.openSeen.add(f.dstPort());
        if (ports.size() >= config.ports()) {
            s.episode = raise(f, ports, s.openSeen, now);
            s.probes.clear();
            s.openSeen.clear();
        }
        store.put(key, s);
    }

    private ScanState.Episode raise(FlowRecord f, Map<Integer, Long> ports, java.util.Set<Integer> open, long now) {
        ScanState.Episode e = new ScanState.Episode();
        e.site = f.site();
        e.source = f.srcIp();
        e.direction = f.direction();
        e.firstSeen = ports.values().stream().mapToLong(Long::longValue).min().orElse(f.start());
        e.lastSeen = f.end();
        e.raisedAt = now;
        e.detectedAt = System.currentTimeMillis();
        e.id = AlertIds.of(STAGE, e.site, e.source, e.firstSeen);
        for (int p : ports.keySet()) e.addPort(f.dstIp(), p);
        e.attempts = ports.size();
        e.failed = ports.size();
        e.open.addAll(open);
        e.emittedPorts = ports.size();
        emit(e);
        return e;
    }

    private static void extend(ScanState.Episode e, FlowRecord f) {
        e.attempts++;
        e.failed++;
        e.addPort(f.dstIp(), f.dstPort());
        if (isOpen(f) && e.open.size() < ScanState.MAX_OPEN) e.open.add(f.dstPort());
        e.lastSeen = Math.max(e.lastSeen, f.end());
        e.firstSeen = Math.min(e.firstSeen, f.start());
    }

    /** The target answered the SYN: the port is open even though the prober never completed. */
    private static boolean isOpen(FlowRecord f) {
        return f.isTcp() && (f.tcpFlagsIn() & (FlowRecord.SYN | FlowRecord.ACK)) == (FlowRecord.SYN | FlowRecord.ACK);
    }

    private void emit(ScanState.Episode e) {
        Alert a = toAlert(e, config);
        context.forward(new Record<>(a.id(), Emitted.of(a), e.lastSeen));
    }

    static Alert toAlert(ScanState.Episode e, PortScanConfig config) {
        int ports = e.distinctPorts();
        double score = (double) ports / config.ports();
        boolean fromInside = "outbound".equals(e.direction) || "internal".equals(e.direction);
        Severity severity = severity(score, fromInside);
        List<String> targets = e.targets();
        String victim = targets.size() == 1 ? targets.get(0) : targets.size() + " hosts";
        double seconds = Math.max(0.001, (e.lastSeen - e.firstSeen) / 1000.0);
        String open = e.open.isEmpty() ? "no port answered" : "open: " + join(e.open);
        String advice = fromInside
                ? "an internal host scanning is a sign of compromise or lateral movement; isolate it and investigate"
                : "block the source at the perimeter if it is not an authorised scanner, and check the open ports are meant to be";
        String summary = String.format("%s probed %d ports on %s in %s (%s); %s.", e.source, ports, victim,
                human(seconds), open, advice);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("distinct_ports", ports);
        evidence.put("failed_attempts", e.failed);
        evidence.put("open_ports", new ArrayList<>(e.open));
        evidence.put("sample_ports", e.samplePorts(25));
        evidence.put("targets", e.victimCount);
        evidence.put("threshold_ports", config.ports());
        evidence.put("window_seconds", config.window().toSeconds());
        evidence.put("direction", e.direction);
        return new Alert(Alert.VERSION, e.id, AlertType.PORT_SCAN, severity, e.ended ? Alert.ENDED : Alert.ACTIVE,
                e.site, e.source, targets.size() == 1 ? targets.get(0) : null, targets,
                Instant.ofEpochMilli(e.firstSeen), Instant.ofEpochMilli(e.lastSeen), Instant.ofEpochMilli(e.raisedAt),
                Instant.ofEpochMilli(e.detectedAt), score, ports, new Alert.Baseline(config.ports(), 0, 0),
                summary, evidence);
    }

    /**
     * Scans from the internet are daily noise for any exposed service: medium at the
     * threshold, high only when broad (10x). A scan from inside is a compromised host: high,
     * critical when broad.
     */
    static Severity severity(double score, boolean fromInside) {
        if (fromInside) return score >= 10 ? Severity.CRITICAL : Severity.HIGH;
        return score >= 10 ? Severity.HIGH : Severity.MEDIUM;
    }

    private void sweep(long streamTime) {
        List<String> delete = new ArrayList<>();
        List<KeyValue<String, ScanState>> update = new ArrayList<>();
        try (KeyValueIterator<String, ScanState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, ScanState> kv = it.next();
                ScanState s = kv.value;
                if (expire(s, streamTime)) update.add(kv);
                if (s.episode == null && s.probes.isEmpty()) delete.add(kv.key);
            }
        }
        for (KeyValue<String, ScanState> kv : update) {
            if (!delete.contains(kv.key)) store.put(kv.key, kv.value);
        }
        delete.forEach(store::delete);
    }

    /** Ends quiet episodes, forgets stale probes and old episodes; true when {@code s} changed. */
    private boolean expire(ScanState s, long streamTime) {
        long now = streamTime - LATENESS_MS;
        boolean changed = false;
        ScanState.Episode e = s.episode;
        if (e != null && !e.ended && now - e.lastSeen > config.quiet().toMillis()) {
            e.ended = true;
            emit(e);
            changed = true;
        }
        if (e != null && e.ended && now - e.lastSeen > config.suppress().toMillis()) {
            s.episode = null;
            changed = true;
        }
        long horizon = now - config.window().toMillis();
        for (Iterator<Map<Integer, Long>> it = s.probes.values().iterator(); it.hasNext(); ) {
            Map<Integer, Long> ports = it.next();
            if (ports.values().removeIf(start -> start < horizon)) changed = true;
            if (ports.isEmpty()) it.remove();
        }
        if (s.probes.isEmpty() && !s.openSeen.isEmpty()) {
            s.openSeen.clear();
            changed = true;
        }
        return changed;
    }

    /** Once every upstream partition's marker is in: end the site's episodes, then acknowledge. */
    private void endOfInput(FlowRecord marker) {
        if (!markers.complete(marker)) return;
        List<String> delete = new ArrayList<>();
        try (KeyValueIterator<String, ScanState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, ScanState> kv = it.next();
                if (!kv.key.startsWith(marker.site() + "|")) continue;
                ScanState.Episode e = kv.value.episode;
                if (e != null && !e.ended) {
                    e.ended = true;
                    emit(e);
                }
                delete.add(kv.key);
            }
        }
        delete.forEach(store::delete);
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(0);
        EndOfInputAck ack = new EndOfInputAck(EndOfInputAck.VERSION, marker.endOfInput().run(), STAGE, partition,
                marker.endOfInput().partitions());
        context.forward(new Record<>(marker.endOfInput().run(), Emitted.of(ack), marker.end()));
    }

    private static String join(Iterable<Integer> ports) {
        StringBuilder sb = new StringBuilder();
        for (int p : ports) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(p);
        }
        return sb.toString();
    }

    static String human(double seconds) {
        if (seconds < 1) return String.format("%.1f s", seconds);
        if (seconds < 120) return String.format("%.0f s", seconds);
        if (seconds < 7200) return String.format("%.0f min", seconds / 60);
        return String.format("%.1f h", seconds / 3600);
    }
}
