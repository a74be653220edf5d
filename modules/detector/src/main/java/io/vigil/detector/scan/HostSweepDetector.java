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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code host_sweep}: one source fails on one port of {@code host-sweep.hosts} distinct hosts
 * within the window (Zeek's address scan). Raised on the probe that crosses.
 */
public record HostSweepDetector(Episodes episodes) {

    /** One source, one port, many hosts: Zeek's address-scan anchor, 25 hosts in 5 minutes. */
    public record Config(int hosts, Duration window) {}

    static final Thresholds.Key<Config, Integer> HOSTS = Thresholds.key(Setting.number("hosts", 25,
            "distinct hosts probed on one port, failing, within the window").check(Checks.atLeast(2)), Config::hosts);
    static final Thresholds.Key<Config, Duration> WINDOW = Thresholds.key(Setting.duration("window",
            Duration.ofMinutes(5), "how long a source's probes of one port are counted together")
            .check(Checks.longerThanZero()), Config::window);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("host-sweep",
            v -> new Config(v.get(HOSTS), v.get(WINDOW)), HOSTS, WINDOW);

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
        long horizon = f.end() - t.get(THRESHOLDS).window().toMillis();
        victims.values().removeIf(start -> start < horizon);
        victims.merge(f.dstIp(), f.start(), Math::min);
        if (victims.size() >= t.get(THRESHOLDS).hosts()) {
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
        double score = (double) hosts / t.get(THRESHOLDS).hosts();
        boolean inside = Recon.fromInside(f);
        TreeSet<String> all = new TreeSet<>();
        s.sweepHosts.values().forEach(all::addAll);
        List<String> targets = new ArrayList<>(all);
        TreeSet<Integer> ports = new TreeSet<>(s.sweepHosts.keySet());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("ports", new ArrayList<>(ports));
        ev.put("hosts_probed", hosts);
        ev.put("threshold_hosts", t.get(THRESHOLDS).hosts());
        ev.put("window_seconds", t.get(THRESHOLDS).window().toSeconds());
        ev.put("direction", Direction.wireOf(f.direction()));
        String summary = String.format("%s probed port %s on %d hosts; %s.", f.srcIp(), Recon.join(ports), hosts,
                inside ? "an internal host sweeping the network is a sign of a worm or lateral movement; isolate it"
                        : "it is looking for one service across the site; block the source if it is not an authorised scanner");
        episodes.observe(f.srcIp(), f.end(), new Episodes.Draft(AlertType.HOST_SWEEP, f.site(), f.srcIp(), null,
                targets.size() > Episodes.MAX_TARGETS ? targets.subList(0, Episodes.MAX_TARGETS) : targets, first, score,
                hosts, new Alert.Baseline(t.get(THRESHOLDS).hosts(), 0, 0), Recon.severity(score, inside), summary, ev,
                List.of(Attack.NETWORK_SERVICE_DISCOVERY, Attack.REMOTE_SYSTEM_DISCOVERY)));
    }

    boolean expire(SourceState s, Thresholds t, long now, String site, String src) {
        boolean changed = SourceState.forgetBefore(s.sweepProbes, Map::values, now - t.get(THRESHOLDS).window().toMillis());
        if (!s.sweepHosts.isEmpty() && !episodes.isOpen(AlertType.HOST_SWEEP, site, src)) {
            s.sweepHosts.clear();
            s.sweepCounts.clear();
            changed = true;
        }
        return changed;
    }
}
