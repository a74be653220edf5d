package io.vigil.collector.publish;

import io.vigil.collector.flow.FlowSink;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes flow records to the flows topic. The record timestamp is the flow's end (event
 * time), which is what the detector's windows use. Keyed {@code site/internal-host}: the
 * internal end of the flow, or the source when neither end is internal.
 */
public final class KafkaFlowPublisher implements FlowSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaFlowPublisher.class);

    private final KafkaProducer<String, FlowRecord> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    /**
     * @param clientProps standard Kafka client properties ({@code bootstrap.servers},
     *     {@code ssl.*}, {@code sasl.*}, ...), passed through untouched; Vigil's safety
     *     settings (idempotence, acks=all) override anything that would weaken them
     */
    public KafkaFlowPublisher(Map<String, Object> clientProps, String topic) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putAll(clientProps);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigil-collector");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), JsonSerde.flows());
        this.topic = topic;
    }

    public static String keyOf(FlowRecord r) {
        String host = "inbound".equals(r.direction()) ? r.dstIp() : r.srcIp();
        return r.site() + "/" + host;
    }

    @Override
    public void accept(FlowRecord r) {
        producer.send(new ProducerRecord<>(topic, null, r.end(), keyOf(r), r), (md, e) -> {
            if (e == null) {
                sent.incrementAndGet();
            } else {
                failed.incrementAndGet();
                if (firstError.compareAndSet(null, e)) {
                    log.error("flow publish failed topic={} error={}", topic, e.toString());
                }
            }
        });
    }

    /**
     * Sends an end-of-input marker to every partition, then flushes. Why every partition:
     * each detector task must learn that its input is complete. The marker is stamped with
     * the last packet's time, not a time past every window: a marker racing ahead of another
     * partition's flows would move the downstream stream time and expire state those flows
     * still need. Detectors close their windows explicitly once every partition's marker is in.
     */
    public void endOfInput(String site, String collector, String run, long ts) {
        List<PartitionInfo> partitions = producer.partitionsFor(topic);
        for (PartitionInfo pi : partitions) {
            FlowRecord marker = FlowRecord.endOfInput(site, collector, ts,
                    new FlowRecord.EndOfInput(run, pi.partition(), partitions.size()));
            producer.send(new ProducerRecord<>(topic, pi.partition(), ts, site + "/" + run, marker));
        }
        producer.flush();
    }

    public void flush() {
        producer.flush();
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    public Exception firstError() {
        return firstError.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
