package io.vigil.detector.scan;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code port_scan}: one source fails on {@code port-scan.ports} distinct ports of one host
 * within the window (unanswered, refused or half-open probes only, so a client that really
 * uses many services of a server is not a scanner). Raised on the probe that crosses; while
 * the episode is open every further probe adds to its totals.
 */
public record PortScanDetector(Episodes episodes) {

    /**
     * Port scan settings. Defaults follow Zeek's scan policy (15 distinct ports of one host in
     * 5 minutes), counting only failed attempts, so a client that really uses many services of
     * one server is not a scanner.
     */
    public record Config(int ports, Duration window) {}

    static final Thresholds.Key<Config, Integer> PORTS = Thresholds.key(Setting.number("ports", 15,
            "distinct ports of one host that fail (unanswered, refused, half-open) within the window")
            .check(Checks.atLeast(2)), Config::ports);
    static final Thresholds.Key<Config, Duration> WINDOW = Thresholds.key(Setting.duration("window",
            Duration.ofMinutes(5), "how long a source's failed probes are counted together")
            .check(Checks.longerThanZero()), Config::window);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("port-scan",
            v -> new Config(v.get(PORTS), v.get(WINDOW)), PORTS, WINDOW);

    void probe(SourceState s, FlowRecord f, Thresholds t) {
        if (isOpen(f) && s.open.size() < 32) s.open.add(f.dstPort());
        if (episodes.isOpen(AlertType.PORT_SCAN, f.site(), f.srcIp())) {
            s.scanAttempts++;
            s.addScanPort(f.dstIp(), f.dstPort());
            raise(s, f, t, f.start());
            return;
        }
        Map<Integer, Long> ports = s.scanProbes.computeIfAbsent(f.dstIp(), v -> new LinkedHashMap<>());
        long horizon = f.end() - t.get(THRESHOLDS).window().toMillis();
        ports.values().removeIf(start -> start < horizon);
        ports.merge(f.dstPort(), f.start(), Math::min);
        if (ports.size() >= t.get(THRESHOLDS).ports()) {
            long first = ports.values().stream().mapToLong(Long::longValue).min().orElse(f.start());
            for (int p : ports.keySet()) s.addScanPort(f.dstIp(), p);
            s.scanAttempts += ports.size();
            s.scanProbes.clear();
            raise(s, f, t, first);
        } else if (s.scanProbes.size() > SourceState.MAX_TRACKED) {
            s.scanProbes.remove(s.scanProbes.keySet().iterator().next());
        }
    }

    private void raise(SourceState s, FlowRecord f, Thresholds t, long first) {
        int ports = s.distinctScanPorts();
        double score = (double) ports / t.get(THRESHOLDS).ports();
        boolean inside = Recon.fromInside(f);
        List<String> targets = new ArrayList<>(new TreeSet<>(s.scanPorts.keySet()));
        // Name the host that took most of the probes; a scan is usually of one host at a time.
        String top = null;
        int topPorts = 0;
        for (Map.Entry<String, byte[]> e : s.scanPorts.entrySet()) {
            int n = BitSet.valueOf(e.getValue()).cardinality();
            if (n > topPorts) {
                topPorts = n;
                top = e.getKey();
            }
        }
        String victim = targets.size() == 1 ? targets.get(0)
                : String.format("%s (%d of them) and %d other hosts", top, topPorts, targets.size() - 1);
        String openText = s.open.isEmpty() ? "no port answered" : "open: " + Recon.join(s.open);
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("distinct_ports", ports);
        ev.put("failed_attempts", s.scanAttempts);
        ev.put("open_ports", new ArrayList<>(s.open));
        ev.put("sample_ports", s.sampleScanPorts(25));
        ev.put("targets", targets.size());
        ev.put("threshold_ports", t.get(THRESHOLDS).ports());
        ev.put("window_seconds", t.get(THRESHOLDS).window().toSeconds());
        ev.put("direction", Direction.wireOf(f.direction()));
        String summary = String.format("%s probed %d ports on %s (%s); %s.", f.srcIp(), ports, victim, openText,
                inside ? "an internal host scanning is a sign of compromise or lateral movement; isolate it and investigate"
                        : "block the source at the perimeter if it is not an authorised scanner, and check the open ports are meant to be");
        episodes.observe(f.srcIp(), f.end(), new Episodes.Draft(AlertType.PORT_SCAN, f.site(), f.srcIp(),
                targets.size() == 1 ? targets.get(0) : null, targets, first, score, ports,
                new Alert.Baseline(t.get(THRESHOLDS).ports(), 0, 0), Recon.severity(score, inside), summary, ev,
                List.of(Attack.NETWORK_SERVICE_DISCOVERY)));
    }

    /** The target answered the SYN: the port is open even though the prober never completed. */
    private static boolean isOpen(FlowRecord f) {
        return f.isTcp() && (f.tcpFlagsIn() & (FlowRecord.SYN | FlowRecord.ACK)) == (FlowRecord.SYN | FlowRecord.ACK);
    }

    /** Forgets probes outside the window, and the episode's totals once it has ended; true when changed. */
    boolean expire(SourceState s, Thresholds t, long now, String site, String src) {
        boolean changed = SourceState.forgetBefore(s.scanProbes, Map::values, now - t.get(THRESHOLDS).window().toMillis());
        if (!s.scanPorts.isEmpty() && !episodes.isOpen(AlertType.PORT_SCAN, site, src)) {
            s.scanPorts.clear();
            s.scanAttempts = 0;
            changed = true;
        }
        if (s.scanProbes.isEmpty() && s.scanPorts.isEmpty() && !s.open.isEmpty()) {
            s.open.clear();
            changed = true;
        }
        return changed;
    }
}
