package io.vigil.detector;

import io.vigil.detector.spi.Thresholds;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.EvidenceRequest;
import io.vigil.model.FlowRecord;
import io.vigil.model.Heartbeat;
import io.vigil.model.Indicator;
import io.vigil.model.JsonSerde;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The production topology under {@code TopologyTestDriver}, for the detector tests: flows are
 * queued and delivered in export (end-time) order, as the collector sends them; the end of
 * input closes every episode; alerts are read as records (every update) or as each episode's
 * final state.
 */
final class TopologyHarness implements AutoCloseable {

    final DetectorConfig config;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, FlowRecord> flows;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, EndOfInputAck> acks;
    private final TestOutputTopic<String, EvidenceRequest> cuts;
    private final TestInputTopic<String, byte[]> raw;
    private final TestInputTopic<String, byte[]> indicators;
    private final TestInputTopic<String, Heartbeat> beats;
    private final List<FlowRecord> pending = new ArrayList<>();
    private final List<Alert> records = new ArrayList<>();
    private int read;

    TopologyHarness(Path state) {
        this(DetectorConfig.defaults(state));
    }

    TopologyHarness(DetectorConfig config) {
        this(config, Instant.now());
    }

    /** With the driver's wall clock starting at {@code wallClock} (collector_silent runs on it). */
    TopologyHarness(DetectorConfig config, Instant wallClock) {
        this.config = config;
        this.driver = new TopologyTestDriver(DetectorTopology.build(config),
                Detector.streamsProperties(config, Map.of("bootstrap.servers", "unused:9092")), wallClock);
        this.beats = driver.createInputTopic(config.topics().heartbeats(), new StringSerializer(), JsonSerde.heartbeats());
        this.flows = driver.createInputTopic(config.topics().flows(), new StringSerializer(), JsonSerde.flows());
        this.alerts = driver.createOutputTopic(config.topics().alerts(), new StringDeserializer(), JsonSerde.alerts());
        this.acks = driver.createOutputTopic(config.topics().control(), new StringDeserializer(), JsonSerde.acks());
        this.cuts = driver.createOutputTopic(config.topics().evidenceRequests(), new StringDeserializer(),
                JsonSerde.evidenceRequests());
        this.raw = driver.createInputTopic(config.topics().flows(), new StringSerializer(),
                new ByteArraySerializer());
        this.indicators = driver.createInputTopic(config.topics().indicators(), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The defaults, with {@code site}'s thresholds replaced by {@code t}. */
    static DetectorConfig withSite(Path state, String site, Thresholds t) {
        DetectorConfig d = DetectorConfig.defaults(state);
        return d.withThresholds(d.defaults(), Map.of(site, t));
    }

    void send(FlowRecord f) {
        pending.add(f);
    }

    void deliver() {
        pending.sort(Comparator.comparingLong(FlowRecord::end));
        for (FlowRecord f : pending) flows.pipeInput(Flows.key(f), f, f.end());
        pending.clear();
        records.addAll(alerts.readValuesToList());
    }

    /** Delivers what is queued, then the end-of-input marker of every site seen, at {@code ts}. */
    void endOfInput(long ts, String... sites) {
        deliver();
        List<String> all = sites.length == 0 ? List.of(Flows.SITE) : List.of(sites);
        for (String site : all) {
            flows.pipeInput("eoi", FlowRecord.endOfInput(site, "test-collector", ts, new FlowRecord.EndOfInput("run-" + site,
                    0, 1)), ts);
        }
        records.addAll(alerts.readValuesToList());
    }

    /** The cut requests emitted so far, by alert id. */
    List<org.apache.kafka.streams.test.TestRecord<String, EvidenceRequest>> cuts() {
        return cuts.readRecordsToList();
    }

    /** Every alert record emitted so far, updates and ends included. */
    List<Alert> records() {
        records.addAll(alerts.readValuesToList());
        return records;
    }

    /** The alert records emitted since the last call. */
    List<Alert> fresh() {
        List<Alert> all = records();
        List<Alert> out = new ArrayList<>(all.subList(read, all.size()));
        read = all.size();
        return out;
    }

    /** Each episode's latest record, in the order episodes were raised. */
    List<Alert> episodes() {
        Map<String, Alert> latest = new LinkedHashMap<>();
        for (Alert a : records()) latest.put(a.id(), a);
        return new ArrayList<>(latest.values());
    }

    List<Alert> episodes(AlertType type) {
        return episodes().stream().filter(a -> a.type() == type).collect(Collectors.toList());
    }

    /** A collector's heartbeat, keyed by the collector. */
    void beat(Heartbeat hb) {
        beats.pipeInput(hb.collector(), hb);
    }

    /** Moves the driver's wall clock on, running what is scheduled on it. */
    void advance(Duration d) {
        driver.advanceWallClockTime(d);
    }

    /** An indicator onto the indicators topic, as {@code vigil intel} writes it. */
    void indicate(Indicator i) {
        indicators.pipeInput(i.key(), JsonSerde.indicators().serialize(null, i));
    }

    /** Raw bytes onto the indicators topic under {@code key}; null is a tombstone. */
    void indicateRaw(String key, byte[] value) {
        indicators.pipeInput(key, value);
    }

    /** Raw bytes onto the flows topic, as a broken or hostile producer would write them. */
    void sendRaw(String key, byte[] value, long ts) {
        raw.pipeInput(key, value, ts);
    }

    /** Every value now in the state store {@code name}. */
    <V> List<V> storeValues(String name) {
        List<V> out = new ArrayList<>();
        KeyValueStore<String, V> store = driver.getKeyValueStore(name);
        try (var it = store.all()) {
            it.forEachRemaining(kv -> out.add(kv.value));
        }
        return out;
    }

    /** Every key now in the state store {@code name}. */
    List<String> storeKeys(String name) {
        List<String> out = new ArrayList<>();
        KeyValueStore<String, Object> store = driver.getKeyValueStore(name);
        try (var it = store.all()) {
            it.forEachRemaining(kv -> out.add(kv.key));
        }
        return out;
    }

    /** The state store {@code name}, to read or to seed as an earlier version left it. */
    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    List<EndOfInputAck> acks() {
        return acks.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
