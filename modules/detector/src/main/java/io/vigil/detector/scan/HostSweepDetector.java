package io.vigil.detector.scan;

import io.vigil.detector.Thresholds;
import io.vigil.detector.internal.Episodes;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code host_sweep}: one source fails on one port of {@code host-sweep.hosts} distinct hosts
 * within the window (Zeek's address scan). Raised on the probe that crosses.
 */
record HostSweepDetector(Episodes episodes) {

    void probe(SourceState s, FlowRecord f, Thresholds t) {
        int port = f.dstPort();
        if (episodes.isOpen(AlertType.HOST_SWEEP, f.site(), f.srcIp()) && s.sweepHosts.containsKey(port)) {
            TreeSet<String> hosts = s.sweepHosts.get(port);
            if (!hosts.contains(f.dstIp())) {
                if (hosts.size() < SourceState.MAX_TRACKED) hosts.add(f.dstIp());
                s.sweepCounts.merge(port, 1L, Long::sum);
            }
            raise(s, f, t, f.start());
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
            raise(s, f, t, first);
        } else if (s.sweepProbes.size() > SourceState.MAX_TRACKED) {
            s.sweepProbes.remove(s.sweepProbes.keySet().iterator().next());
        }
    }

    private void raise(SourceState s, FlowRecord f, Thresholds t, long first) {
        long hosts = s.sweepCounts.values().stream().mapToLong(Long::longValue).sum();
        double score = (double) hosts / t.hostSweep().hosts();
        boolean inside = Recon.fromInside(f);
        TreeSet<String> all = new TreeSet<>();
        s.sweepHosts.values().forEach(all::addAll);
        List<String> targets = new ArrayList<>(all);
        TreeSet<Integer> ports = new TreeSet<>(s.sweepHosts.keySet());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("ports", new ArrayList<>(ports));
        ev.put("hosts_probed", hosts);
        ev.put("threshold_hosts", t.hostSweep().hosts());
        ev.put("window_seconds", t.hostSweep().window().toSeconds());
        ev.put("direction", Direction.wireOf(f.direction()));
        String summary = String.format("%s probed port %s on %d hosts; %s.", f.srcIp(), Recon.join(ports), hosts,
                inside ? "an internal host sweeping the network is a sign of a worm or lateral movement; isolate it"
                        : "it is looking for one service across the site; block the source if it is not an authorised scanner");
        episodes.observe(f.srcIp(), f.end(), new Episodes.Draft(AlertType.HOST_SWEEP, f.site(), f.srcIp(), null,
                targets.size() > Episodes.MAX_TARGETS ? targets.subList(0, Episodes.MAX_TARGETS) : targets, first, score,
                hosts, new Alert.Baseline(t.hostSweep().hosts(), 0, 0), Recon.severity(score, inside), summary, ev,
                List.of(Attack.NETWORK_SERVICE_DISCOVERY, Attack.REMOTE_SYSTEM_DISCOVERY)));
    }

    boolean expire(SourceState s, Thresholds t, long now, String site, String src) {
        boolean changed = SourceState.forgetBefore(s.sweepProbes, Map::values, now - t.hostSweep().window().toMillis());
        if (!s.sweepHosts.isEmpty() && !episodes.isOpen(AlertType.HOST_SWEEP, site, src)) {
            s.sweepHosts.clear();
            s.sweepCounts.clear();
            changed = true;
        }
        return changed;
    }
}
