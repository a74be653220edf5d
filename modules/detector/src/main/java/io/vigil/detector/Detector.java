package io.vigil.detector;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detector topology. The constructor starts nothing; {@link #start()} starts the
 * stream threads; {@link #close()} stops them. Exactly-once v2: an alert is written if and
 * only if the flows that caused it are committed as consumed, and state moves with them.
 * A record that cannot be read goes to the dead-letter topic with the reason in its headers.
 */
public final class Detector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Detector.class);

    private final DetectorConfig config;
    private final Properties props;
    private KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param clientProps standard Kafka client properties (bootstrap, ssl, sasl...), passed
     *     through; Vigil sets the processing guarantee and error handling itself
     */
    public Detector(DetectorConfig config, Map<String, Object> clientProps) {
        this.config = config;
        this.props = streamsProperties(config, clientProps);
    }

    public static Properties streamsProperties(DetectorConfig config, Map<String, Object> clientProps) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().deadLetter());
        p.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        p.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 256L << 20);
        p.putIfAbsent(StreamsConfig.producerPrefix("batch.size"), 128 * 1024);
        p.putIfAbsent(StreamsConfig.producerPrefix("linger.ms"), 20);
        p.putIfAbsent(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    public synchronized Detector start() {
        if (streams != null) return this;
        streams = new KafkaStreams(DetectorTopology.build(config), props);
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            log.error("detector stream thread failed error={}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        return this;
    }

    /** Kafka Streams' own metrics (throughput, lag, commit latency, state stores) in {@code registry}. */
    public synchronized void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        if (streams == null) throw new IllegalStateException("start the detector before binding its metrics");
        new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams).bindTo(registry);
    }

    /** UP when running, DEGRADED while (re)balancing or restoring, DOWN when stopped or failed. */
    public String health() {
        KafkaStreams.State s = state();
        if (s == KafkaStreams.State.RUNNING) return "UP";
        if (s == KafkaStreams.State.REBALANCING || s == KafkaStreams.State.CREATED) return "DEGRADED";
        return "DOWN";
    }

    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /** The first error a stream thread died of, if any (the thread is replaced). */
    public Throwable failure() {
        return failure.get();
    }

    /**
     * Stops the stream threads and leaves the consumer group at once, so that another
     * instance takes the partitions over now rather than after the session timeout (Streams
     * otherwise stays in the group in case the same instance comes back).
     */
    @Override
    public synchronized void close() {
        if (streams == null) return;
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        streams = null;
    }

    /** Removes this instance's local state; only when it is closed. */
    public synchronized void cleanUp() {
        if (streams != null) return;
        try (KafkaStreams idle = new KafkaStreams(DetectorTopology.build(config), props)) {
            idle.cleanUp();
        }
    }
}
