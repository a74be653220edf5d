package io.vigil.detector;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.vigil.detector.intel.IndicatorIndex;
import io.vigil.detector.stage.DeadLetterHandler;
import io.vigil.detector.stage.StateMemory;
import io.vigil.model.DeadLetters;
import io.vigil.model.Indicator;
import io.vigil.runtime.Health;
import io.vigil.runtime.Repeated;
import io.vigil.runtime.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detector topology. The constructor starts nothing; {@link #start()} starts the
 * stream threads; {@link #close()} stops them. Exactly-once v2: an alert is written if and
 * only if the flows that caused it are committed as consumed, and state moves with them.
 * A record that cannot be read goes to the dead-letter topic with the reason in its headers.
 */
public final class Detector implements Role {

    private static final Logger log = LoggerFactory.getLogger(Detector.class);

    /** A stream thread that died this recently makes the detector DOWN: it was replaced, but it may die again. */
    static final Duration DEATH_WINDOW = Duration.ofMinutes(5);
    /** A partition that has not moved for this long with records waiting makes the detector DOWN. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(2);

    private final DetectorConfig config;
    private final Properties props;
    private final Clock clock;
    private KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Deque<long[]> deaths = new ConcurrentLinkedDeque<>();
    private final AtomicLong deathCount = new AtomicLong();
    private volatile String lastDeath;
    private ProgressWatch progress;
    private Admin admin;
    private ScheduledExecutorService watcher;
    /** The watchdog of stuck input must outlive a failed check: health would stay UP with no one watching. */
    private final Repeated progressCheck = new Repeated("progress check", () -> progress.check());
    private volatile KafkaProducer<byte[], byte[]> deadLetters;
    private final Object deadLetterLock = new Object();
    /** The threat indicators this instance holds, filled by its global thread. */
    private final IndicatorIndex indicators = new IndicatorIndex();

    /**
     * @param clientProps standard Kafka client properties (bootstrap, ssl, sasl...), passed
     *     through; Vigil sets the processing guarantee and error handling itself
     */
    public Detector(DetectorConfig config, Map<String, Object> clientProps) {
        this(config, clientProps, Clock.systemUTC());
    }

    Detector(DetectorConfig config, Map<String, Object> clientProps, Clock clock) {
        this.config = config;
        this.props = streamsProperties(config, clientProps);
        this.clock = clock;
    }

    public static Properties streamsProperties(DetectorConfig config, Map<String, Object> clientProps) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        // A record that cannot be read, a processor that throws on one record, a write the broker refuses:
        // dead-lettered and counted, and processing goes on (DeadLetterHandler).
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().deadLetter());
        p.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        // Only the stores declared direct would use Streams' record cache, and none does: stores hold their own
        // values between commits (HeldStore).
        p.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        if (config.stateMemoryBytes() > 0) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StateMemory.class);
            p.put(StateMemory.BYTES, config.stateMemoryBytes());
        }
        // Changelogs are compacted, but never their active segment: at the broker's 1 GB a segment, nothing of a
        // store's partition is cleaned before a gigabyte of it is written. 64 MB segments roll and are cleaned.
        p.putIfAbsent(StreamsConfig.topicPrefix(TopicConfig.SEGMENT_BYTES_CONFIG), 64 << 20);
        p.putIfAbsent(StreamsConfig.producerPrefix("batch.size"), 128 * 1024);
        p.putIfAbsent(StreamsConfig.producerPrefix("linger.ms"), 20);
        p.putIfAbsent(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    @Override
    public String name() {
        return "detector";
    }

    @Override
    public String running() {
        return "running on " + props.get("bootstrap.servers") + " application-id=" + config.applicationId();
    }

    @Override
    public synchronized Detector start() {
        if (streams != null) return this;
        streams = new KafkaStreams(DetectorTopology.build(config, indicators, this::deadLetter), props);
        streams.setUncaughtExceptionHandler(e -> {
            threadDied(e);
            log.error("detector stream thread failed error={}", e.toString(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        watchProgress();
        return this;
    }

    /**
     * An indicator record the global thread cannot read, onto the dead-letter topic with the
     * reason (Streams' own dead-letter queue serves the stream threads only). Its own small
     * producer, made at the first such record; a failure to write is logged, never thrown into
     * the global thread.
     */
    private void deadLetter(String key, byte[] value, String topic, int partition, long offset, String reason) {
        try {
            KafkaProducer<byte[], byte[]> producer;
            synchronized (deadLetterLock) { // not this: close() holds it while the global thread stops
                if (deadLetters == null) {
                    Map<String, Object> p = new HashMap<>(clientOnly());
                    p.put("acks", "all");
                    deadLetters = new KafkaProducer<>(p,
                            new ByteArraySerializer(),
                            new ByteArraySerializer());
                }
                producer = deadLetters;
            }
            producer.send(DeadLetters.of(config.topics().deadLetter(),
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, topic, partition, offset,
                    "detector", reason), (m, e) -> {
                        if (e != null) log.warn("indicator record not dead-lettered key={} error={}", key, e.toString());
                    });
        } catch (RuntimeException e) {
            log.warn("indicator record not dead-lettered key={} error={}", key, e.toString());
        }
    }

    /** The client properties (address, TLS, SASL) without Streams' own. */
    private Map<String, Object> clientOnly() {
        Map<String, Object> out = new HashMap<>();
        props.forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("ssl.") || key.startsWith("sasl.") || key.equals("security.protocol")
                    || key.equals("bootstrap.servers")) out.put(key, v);
        });
        return out;
    }

    /** Records a stream thread's death (it is replaced; health is DOWN for {@link #DEATH_WINDOW}). */
    void threadDied(Throwable e) {
        failure.compareAndSet(null, e);
        deathCount.incrementAndGet();
        deaths.addLast(new long[] {clock.millis()});
        while (deaths.size() > 100) deaths.pollFirst();
        lastDeath = e.toString();
    }

    /** Checks every 15 s that each input partition moves (a real cluster only: the offsets come from it). */
    private void watchProgress() {
        Object bootstrap = props.get("bootstrap.servers");
        if (bootstrap == null || bootstrap.toString().startsWith("unused")) return;
        admin = Admin.create(clientOnly());
        progress = new ProgressWatch(new ProgressWatch.Offsets() {
            @Override
            public Map<TopicPartition, Long> committed() throws Exception {
                Map<TopicPartition, Long> out = new HashMap<>();
                admin.listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS)
                        .forEach((tp, om) -> { if (om != null) out.put(tp, om.offset()); });
                return out;
            }

            @Override
            public Map<TopicPartition, Long> ends(Set<TopicPartition> tps)
                    throws Exception {
                Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
                tps.forEach(tp -> spec.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, Long> out = new HashMap<>();
                admin.listOffsets(spec).all().get(10, TimeUnit.SECONDS)
                        .forEach((tp, info) -> out.put(tp, info.offset()));
                return out;
            }
        }, Set.of(config.topics().flows()), STUCK_AFTER, clock);
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-detector-progress");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(progressCheck, 15, 15, TimeUnit.SECONDS);
    }

    /** Kafka Streams' own metrics (throughput, lag, commit latency, state stores) in {@code registry}. */
    @Override
    public synchronized void bindMetrics(MeterRegistry registry) {
        if (streams == null) throw new IllegalStateException("start the detector before binding its metrics");
        new KafkaStreamsMetrics(streams).bindTo(registry);
        for (String kind : List.of("read", "process", "write")) {
            FunctionCounter.builder("vigil_detector_dead_letters", this,
                            d -> DeadLetterHandler.count(config.applicationId(), kind))
                    .description("records set aside on the dead-letter topic: read (unreadable or refused at the edge), "
                            + "process (a processor failed on it), write (the broker refused the output)")
                    .tag("kind", kind).register(registry);
        }
        FunctionCounter.builder("vigil_detector_progress_check_failures", progressCheck,
                Repeated::failures).description("checks for stuck input that failed (each tried again 15 s later)")
                .register(registry);
        FunctionCounter.builder("vigil_detector_thread_deaths", this, Detector::threadDeaths)
                .description("stream threads that died (each replaced); health is DOWN for 5 minutes after one").register(registry);
        for (String kind : Indicator.KINDS) {
            Gauge.builder("vigil_detector_indicators", indicators, i -> i.sizes().get(kind))
                    .description("threat indicators held for matching, by kind").tag("kind", kind).register(registry);
        }
        FunctionCounter.builder("vigil_detector_indicators_refused", indicators,
                        IndicatorIndex::refusedCount)
                .description("indicator records on the indicators topic that could not be read (skipped, logged)")
                .register(registry);
        Gauge.builder("vigil_detector_down_reasons", this, d -> d.healthReasons().size())
                .description("why health is DOWN, counted (0 when it is not)").register(registry);
    }

    /**
     * UP when running; DEGRADED while (re)balancing or restoring; DOWN when stopped or failed,
     * when a stream thread died in the last {@link #DEATH_WINDOW} (replaced, but a thread that
     * dies on a record dies again), or when an input partition has not moved for
     * {@link #STUCK_AFTER} with records waiting; the reasons say why.
     */
    @Override
    public Health health() {
        List<String> reasons = healthReasons();
        KafkaStreams.State s = state();
        String status = !reasons.isEmpty() ? Health.DOWN : s == KafkaStreams.State.RUNNING ? Health.UP : Health.DEGRADED;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", s.toString());
        d.put("application_id", config.applicationId());
        d.put("thread_deaths", threadDeaths());
        return new Health(status, reasons, d);
    }

    /** Why the detector is DOWN; empty when it is not. */
    List<String> healthReasons() {
        List<String> r = new ArrayList<>();
        KafkaStreams.State s = state();
        if (s != KafkaStreams.State.RUNNING && s != KafkaStreams.State.REBALANCING && s != KafkaStreams.State.CREATED) {
            r.add("Kafka Streams is " + s);
        }
        long now = clock.millis();
        long recent = deaths.stream().filter(d -> now - d[0] < DEATH_WINDOW.toMillis()).count();
        if (recent > 0) {
            r.add(String.format("%d stream thread death%s in the last %d minutes (replaced), the last: %s", recent,
                    recent == 1 ? "" : "s", DEATH_WINDOW.toMinutes(), lastDeath));
        }
        if (progress != null) r.addAll(progress.stuck());
        return r;
    }

    /** Stream threads that died since the start (each was replaced). */
    public long threadDeaths() {
        return deathCount.get();
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
        if (watcher != null) watcher.shutdownNow();
        if (admin != null) admin.close(Duration.ofSeconds(5));
        watcher = null;
        admin = null;
        if (streams == null) return;
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        streams = null;
        // after the global thread has stopped: nothing can ask for it any more
        synchronized (deadLetterLock) {
            if (deadLetters != null) deadLetters.close(Duration.ofSeconds(5));
            deadLetters = null;
        }
    }

    /** Removes this instance's local state; only when it is closed. */
    public synchronized void cleanUp() {
        if (streams != null) return;
        try (KafkaStreams idle = new KafkaStreams(DetectorTopology.build(config), props)) {
            idle.cleanUp();
        }
    }
}
