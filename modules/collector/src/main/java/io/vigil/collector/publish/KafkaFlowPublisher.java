package io.vigil.collector.publish;

import io.vigil.collector.flow.FlowSink;
import io.vigil.collector.spool.Spool;
import io.vigil.model.FlowRecord;
import io.vigil.model.Heartbeat;
import io.vigil.model.JsonSerde;
import io.vigil.runtime.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes flow records to the flows topic: idempotent, {@code acks=all}, lz4, keyed
 * {@code site/internal-host} (the internal end of the flow, or the source when neither end
 * is internal), stamped with the flow's end (event time).
 *
 * <p>With a {@link Spool}, nothing is lost when the broker goes away. The producer keeps
 * retrying what it holds (idempotently, so no duplicates) for up to
 * {@code delivery.timeout.ms}; it never blocks the capture thread ({@code max.block.ms=0}):
 * once its buffer is full, or a record fails, the publisher is <em>degraded</em> and every
 * new record goes to the spool. A drainer thread sends the spool, in order, through the same
 * producer and removes what was acknowledged; when the spool is empty, records go straight
 * to the producer again.
 */
public final class KafkaFlowPublisher implements FlowSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaFlowPublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    /**
     * The drainer's own producer: it may block (waiting for metadata after a broker comes
     * back), which the capture thread's producer must never do.
     */
    private final KafkaProducer<byte[], byte[]> drainProducer;
    private final String topic;
    private final Spool spool;
    private final JsonSerde<FlowRecord> flows;
    private final JsonSerde<Heartbeat> heartbeats = JsonSerde.heartbeats();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong heartbeatsLost = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private volatile boolean degraded;
    private final SpoolDrainer drainer;

    /** Without a spool (offline runs on a local broker): the producer blocks rather than drops. */
    public KafkaFlowPublisher(Map<String, Object> clientProps, String topic) {
        this(clientProps, topic, null, false);
    }

    /**
     * @param clientProps standard Kafka client properties ({@code bootstrap.servers},
     *     {@code ssl.*}, {@code sasl.*}, ...), passed through untouched; the settings that
     *     make delivery safe (idempotence, acks=all) override anything that would weaken them
     * @param binary flow records in the compact binary encoding ({@code flow.encoding: binary}) rather than JSON
     */
    public KafkaFlowPublisher(Map<String, Object> clientProps, String topic, Spool spool, boolean binary) {
        this.flows = binary ? JsonSerde.binaryFlows() : JsonSerde.flows();
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        if (spool != null) {
            // Never block the capture thread: a full buffer is the signal to spool.
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis());
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        }
        p.putAll(clientProps);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigil-collector");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.spool = spool;
        if (spool != null) warmMetadata(producer, topic);
        if (spool != null) {
            Map<String, Object> d = new HashMap<>(p);
            d.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
            d.put(ProducerConfig.CLIENT_ID_CONFIG, p.get(ProducerConfig.CLIENT_ID_CONFIG) + "-spool");
            drainProducer = new KafkaProducer<>(d, new ByteArraySerializer(), new ByteArraySerializer());
            degraded = !spool.isEmpty();
            drainer = new SpoolDrainer(spool, drainProducer, topic, sent, () -> {
                if (degraded) {
                    degraded = false;
                    log.info("spool drained, sending directly again");
                }
            });
        } else {
            drainer = null;
            drainProducer = null;
        }
    }

    /**
     * Learns the topic's partitions before the first record: a producer that may not block
     * would otherwise find no metadata for its first records and spool them for nothing (and
     * say so at every start). Up to five seconds; a broker that is away by then is the spool's.
     */
    private static void warmMetadata(KafkaProducer<byte[], byte[]> producer, String topic) {
        long until = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < until) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (TimeoutException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (KafkaException e) {
                return; // not authorised, say: the first send will say it with the reason
            }
        }
    }

    public static String keyOf(FlowRecord r) {
        return r.hostKey();
    }

    @Override
    public void accept(FlowRecord r) {
        byte[] key = keyOf(r).getBytes(StandardCharsets.UTF_8);
        byte[] value = flows.serialize(topic, r);
        if (spool != null && (degraded || !spool.isEmpty())) {
            toSpool(key, value, r.end());
            return;
        }
        producer.send(new ProducerRecord<>(topic, null, r.end(), key, value), (md, e) -> {
            if (e == null) {
                sent.incrementAndGet();
            } else if (spool != null) {
                if (!degraded) log.warn("kafka is not taking flow records, spooling to disk error={}", e.toString());
                degraded = true;
                toSpool(key, value, r.end());
            } else {
                failed.incrementAndGet();
                if (firstError.compareAndSet(null, e)) log.error("flow publish failed topic={} error={}", topic, e.toString());
            }
        });
    }

    private void toSpool(byte[] key, byte[] value, long ts) {
        if (spool.append(key, value, ts)) spooled.incrementAndGet();
        else dropped.incrementAndGet();
    }

    /**
     * A heartbeat goes straight to Kafka: a stale one is worth nothing, so it is never
     * spooled. It uses the producer that may block (it runs on the heartbeat thread, never
     * the capture thread), so the first one waits for metadata instead of failing.
     */
    public void heartbeat(String heartbeatTopic, Heartbeat hb) {
        (drainProducer != null ? drainProducer : producer).send(new ProducerRecord<>(heartbeatTopic, null, hb.ts(),
                hb.collector().getBytes(StandardCharsets.UTF_8), heartbeats.serialize(heartbeatTopic, hb)), (md, e) -> {
                    if (e != null) {
                        heartbeatsLost.incrementAndGet();
                        log.debug("heartbeat not sent error={}", e.toString());
                    }
                });
    }

    /**
     * Sends an end-of-input marker to every partition, after everything before it. Why every
     * partition: each detector task must learn that its input is complete. The marker is
     * stamped with the last packet's time, not a time past every window: a marker racing
     * ahead of another partition's flows would move the downstream stream time and expire
     * state those flows still need. Detectors close explicitly once every partition's marker is in.
     */
    public void endOfInput(String site, String collector, String run, long ts) {
        drain(Duration.ofDays(1));
        List<PartitionInfo> partitions = producer.partitionsFor(topic);
        for (PartitionInfo pi : partitions) {
            FlowRecord marker = FlowRecord.endOfInput(site, collector, ts,
                    new FlowRecord.EndOfInput(run, pi.partition(), partitions.size()));
            producer.send(new ProducerRecord<>(topic, pi.partition(), ts,
                    (site + "/" + run).getBytes(StandardCharsets.UTF_8), flows.serialize(topic, marker)));
        }
        producer.flush();
    }

    /** Flushes the producer and waits until the spool is empty; false when {@code timeout} passed first. */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        producer.flush();
        if (drainProducer != null) drainProducer.flush();
        while (spool != null && (!spool.isEmpty() || degraded) && System.nanoTime() < deadline) {
            Backoff.sleep(50);
            if (degraded && spool.isEmpty()) producer.flush();
        }
        producer.flush();
        return spool == null || spool.isEmpty();
    }

    public void flush() {
        producer.flush();
    }

    /** Records acknowledged by Kafka. */
    public long sent() {
        return sent.get();
    }

    /** Records that failed without a spool to fall back on. */
    public long failed() {
        return failed.get();
    }

    /** Records written to the spool. */
    public long spooled() {
        return spooled.get();
    }

    /** Records lost because the spool was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Heartbeats Kafka did not take (never spooled: a stale one is worth nothing). */
    public long heartbeatsLost() {
        return heartbeatsLost.get();
    }

    public long spoolDepth() {
        return spool == null ? 0 : spool.depth();
    }

    public boolean degraded() {
        return degraded;
    }

    public Exception firstError() {
        return firstError.get();
    }

    /** Why flows cannot reach Kafka through the spool now (its disk failing), or null: health is DOWN then. */
    public String failure() {
        return drainer == null ? null : drainer.failure();
    }

    @Override
    public void close() {
        if (drainer != null) drainer.close();
        if (drainProducer != null) drainProducer.close(Duration.ofSeconds(10));
        // Records the producer could not deliver in time fail into the spool, kept for next start.
        producer.close(Duration.ofSeconds(10));
        if (spool != null) spool.close();
    }
}
