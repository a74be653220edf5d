package io.vigil.detector.host;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.episode.Text;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import io.vigil.runtime.config.Checks;
import io.vigil.runtime.config.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code volume_anomaly} of a host: it opens far more connections in a minute than its
 * baseline says (z ≥ {@code volume.z}, and above {@code volume.floor}): malware spreading, a
 * misbehaving updater. The limit is set when the minute opens, so the crossing flow raises.
 */
public record VolumeDetector(Episodes episodes) {

    /** New connections a minute far above the host's baseline (z ≥ 8) and above 300. */
    public record Config(int floorFlowsPerMinute, double z) {}

    static final Thresholds.Key<Config, Integer> FLOOR = Thresholds.key(Setting.number("floor", 300,
            "connections a host must open in a minute").check(Checks.notNegative()), Config::floorFlowsPerMinute);
    static final Thresholds.Key<Config, Double> Z = Thresholds.key(Setting.decimal("z", 8,
            "spreads above the host's baseline of connections opened").check(Checks.positive()), Config::z);
    public static final Thresholds.Group<Config> THRESHOLDS = Thresholds.Group.of("volume",
            v -> new Config(v.get(FLOOR), v.get(Z)), FLOOR, Z);

    void check(HostState s, FlowRecord f, String host) {
        if (s.flowsOut <= s.flowsLimit) return;
        double score = (double) s.flowsOut / s.flowsLimit;
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("connections_this_minute", s.flowsOut);
        ev.put("limit", s.flowsLimit);
        ev.put("baseline_mean", Math.round(s.flowsMean));
        ev.put("baseline_spread", Math.round(s.flowsSpread));
        ev.put("baseline_minutes", s.baselineSamples);
        String summary = String.format("%s opened %d connections in one minute, against its usual %.0f (%s of "
                + "history); check what the host is running.", host, s.flowsOut, s.flowsMean,
                Text.minutes(s.baselineSamples));
        Severity sev = score >= 3 ? Severity.MEDIUM : Severity.LOW;
        episodes.observe(host, f.end(), new Episodes.Draft(AlertType.VOLUME_ANOMALY, f.site(), host, null, List.of(),
                s.minute, score, s.flowsOut, new Alert.Baseline(s.flowsMean, s.flowsSpread, s.baselineSamples), sev,
                summary, ev));
    }
}
