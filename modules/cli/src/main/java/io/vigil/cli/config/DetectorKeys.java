package io.vigil.cli.config;

import io.vigil.runtime.config.Setting;
import static io.vigil.runtime.config.Setting.duration;
import static io.vigil.runtime.config.Setting.number;
import static io.vigil.runtime.config.Setting.path;
import static io.vigil.runtime.config.Setting.size;
import static io.vigil.runtime.config.Setting.text;

import io.vigil.detector.DetectorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The detector's own settings, each declared once (see {@link Setting}). Its thresholds are
 * declared with each detector (the detector module's {@code Detectors}); {@code sites}, {@code allow} and capacities are read
 * where they are judged ({@link DetectorSettings}, {@link Capacities}).
 */
public final class DetectorKeys {

    private static final DetectorConfig D = DetectorConfig.defaults(Path.of("/var/lib/vigil/detector"));

    public static final Setting<String> APPLICATION_ID = text("application-id", D.applicationId(),
            "the Kafka Streams application: detectors with the same id share the work").flag("--application-id", "ID");
    public static final Setting<Path> STATE_DIR = path("state-dir", D.stateDir(),
            "where baselines are kept on disk (rebuilt from changelogs when lost)").flag("--state-dir", "DIR");
    public static final Setting<Integer> THREADS = number("threads", D.threads(), "stream threads in this instance").flag("--threads", "N");
    public static final Setting<Integer> COMMIT_INTERVAL = number("commit-interval-ms", (int) D.commitIntervalMs(),
            "how often progress is committed (exactly-once: also how soon an alert is visible)");
    public static final Setting<Long> STATE_MEMORY = size("state-memory", D.stateMemoryBytes(),
            "RocksDB's block cache and write buffers, shared by every store of this instance: its memory outside the heap "
                    + "(0: Kafka Streams' defaults, a cache per store)");
    public static final Setting<Duration> SILENT_AFTER = duration("collector-silent-after", D.collectorSilentAfter(),
            "a collector not heard from for this long is reported silent");
    public static final Setting<Duration> NO_TRAFFIC_AFTER = duration("collector-no-traffic-after", D.collectorNoTrafficAfter(),
            "a collector heard but seeing no packets for this long is reported too (a cut mirror port, a stopped exporter)");

    /** In the order --check prints them. */
    public static final List<Setting<?>> ALL;

    static {
        List<Setting<?>> all = new ArrayList<>(List.of(APPLICATION_ID, CommonKeys.NAMESPACE, STATE_DIR, THREADS,
                COMMIT_INTERVAL, STATE_MEMORY, SILENT_AFTER, NO_TRAFFIC_AFTER, CommonKeys.KAFKA));
        all.addAll(KafkaAuth.ALL);
        all.addAll(CommonKeys.metrics(9465));
        ALL = List.copyOf(all);
    }

    private DetectorKeys() {}
}
