package io.vigil.detector;

import io.vigil.detector.scan.PortScanConfig;
import io.vigil.model.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Detector settings.
 *
 * @param applicationId the Kafka Streams application id: instances sharing it share the work
 * @param topics the topic namespace to read flows from and write alerts to
 * @param stateDir where RocksDB state lives (changelogged to Kafka, so losing it costs only a restore)
 * @param threads stream threads in this instance
 * @param commitIntervalMs how often to commit; with exactly-once this bounds alert latency
 * @param portScan port scan settings
 */
public record DetectorConfig(
        String applicationId,
        Topics topics,
        Path stateDir,
        int threads,
        long commitIntervalMs,
        PortScanConfig portScan) {

    public static DetectorConfig defaults(Path stateDir) {
        return new DetectorConfig("vigil-detector", Topics.DEFAULT, stateDir, 2, 100, PortScanConfig.defaults());
    }

    public DetectorConfig withTopics(Topics t) {
        return new DetectorConfig(applicationId, t, stateDir, threads, commitIntervalMs, portScan);
    }

    public DetectorConfig withApplicationId(String id) {
        return new DetectorConfig(id, topics, stateDir, threads, commitIntervalMs, portScan);
    }

    public DetectorConfig withPortScan(PortScanConfig p) {
        return new DetectorConfig(applicationId, topics, stateDir, threads, commitIntervalMs, p);
    }

    /** Every problem at once, so a user fixes a config file in one go. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (applicationId == null || applicationId.isBlank()) p.add("application-id is missing");
        if (stateDir == null) p.add("state-dir is missing");
        if (threads < 1) p.add("threads must be at least 1, got " + threads);
        if (commitIntervalMs < 1) p.add("commit-interval-ms must be positive, got " + commitIntervalMs);
        p.addAll(portScan.problems());
        return p;
    }
}
