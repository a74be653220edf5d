package io.vigil.detector;

import io.vigil.detector.spi.Thresholds;

import io.vigil.detector.spi.Allowlist;
import io.vigil.model.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Detector settings.
 *
 * @param applicationId the Kafka Streams application id: instances sharing it share the work
 * @param topics the topic namespace to read flows from and write alerts to
 * @param stateDir where RocksDB state lives (changelogged to Kafka, so losing it costs only a restore)
 * @param threads stream threads in this instance
 * @param commitIntervalMs how often to commit; with exactly-once this bounds alert latency
 * @param defaults every detector's thresholds
 * @param sites per-site thresholds, replacing the defaults for that site
 * @param allowlist authorised activity that never raises an alert
 * @param collectorSilentAfter a collector unheard for this long raises {@code collector_silent}
 * @param collectorNoTrafficAfter a collector heard but seeing no packets for this long raises it too
 * @param stateMemoryBytes RocksDB's block cache and write buffers, shared by every store of the instance
 *                         ({@code StateMemory}); 0 leaves Kafka Streams' defaults, a cache per store
 */
public record DetectorConfig(
        String applicationId,
        Topics topics,
        Path stateDir,
        int threads,
        long commitIntervalMs,
        Thresholds defaults,
        Map<String, Thresholds> sites,
        Allowlist allowlist,
        Duration collectorSilentAfter,
        Duration collectorNoTrafficAfter,
        long stateMemoryBytes) {

    public static DetectorConfig defaults(Path stateDir) {
        return new DetectorConfig("vigil-detector", Topics.DEFAULT, stateDir, 2, 100, Detectors.thresholds(), Map.of(),
                Allowlist.none(), Duration.ofSeconds(60), Duration.ofMinutes(15), 512L << 20);
    }

    public DetectorConfig withTopics(Topics t) {
        return new DetectorConfig(applicationId, t, stateDir, threads, commitIntervalMs, defaults, sites, allowlist,
                collectorSilentAfter, collectorNoTrafficAfter, stateMemoryBytes);
    }

    public DetectorConfig withApplicationId(String id) {
        return new DetectorConfig(id, topics, stateDir, threads, commitIntervalMs, defaults, sites, allowlist,
                collectorSilentAfter, collectorNoTrafficAfter, stateMemoryBytes);
    }

    public DetectorConfig withThresholds(Thresholds t, Map<String, Thresholds> perSite) {
        return new DetectorConfig(applicationId, topics, stateDir, threads, commitIntervalMs, t, perSite, allowlist,
                collectorSilentAfter, collectorNoTrafficAfter, stateMemoryBytes);
    }

    public DetectorConfig withAllowlist(Allowlist a) {
        return new DetectorConfig(applicationId, topics, stateDir, threads, commitIntervalMs, defaults, sites, a,
                collectorSilentAfter, collectorNoTrafficAfter, stateMemoryBytes);
    }

    /** The same detector with its state elsewhere and another number of threads or commit interval. */
    public DetectorConfig withRuntime(Path dir, int n, long commitMs) {
        return new DetectorConfig(applicationId, topics, dir, n, commitMs, defaults, sites, allowlist,
                collectorSilentAfter, collectorNoTrafficAfter, stateMemoryBytes);
    }

    /** The same detector with another bound on RocksDB's memory (0: Kafka Streams' defaults). */
    public DetectorConfig withStateMemory(long bytes) {
        return new DetectorConfig(applicationId, topics, stateDir, threads, commitIntervalMs, defaults, sites, allowlist,
                collectorSilentAfter, collectorNoTrafficAfter, bytes);
    }

    /** The thresholds for {@code site} (the defaults for null or an unknown site). */
    public Thresholds thresholds(String site) {
        if (site == null) return defaults;
        Thresholds t = sites.get(site);
        return t == null ? defaults : t;
    }

    /** Every problem at once, so a user fixes a config file in one go. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (applicationId == null || applicationId.isBlank()) p.add("application-id: missing");
        if (stateDir == null) p.add("state-dir: missing");
        if (threads < 1) p.add("threads: must be at least 1, got " + threads);
        if (commitIntervalMs < 1) p.add("commit-interval-ms: must be positive, got " + commitIntervalMs);
        // named by the key as written: thresholds.X, or sites.NAME.thresholds.X for what a site set itself
        List<String> general = defaults.problems();
        general.forEach(x -> p.add("thresholds." + x));
        sites.forEach((site, t) -> t.problems().stream().filter(x -> !general.contains(x))
                .forEach(x -> p.add("sites." + site + ".thresholds." + x)));
        p.addAll(allowlist.problems());
        if (collectorSilentAfter == null || collectorSilentAfter.toSeconds() < 10) {
            p.add("collector-silent-after: must be at least 10s");
        }
        if (stateMemoryBytes != 0 && stateMemoryBytes < (16L << 20)) {
            p.add("state-memory: must be at least 16MB (or 0 for Kafka Streams' defaults), got " + stateMemoryBytes);
        }
        if (collectorNoTrafficAfter == null || collectorNoTrafficAfter.toMinutes() < 1) {
            p.add("collector-no-traffic-after: must be at least 1m");
        }
        return p;
    }
}
