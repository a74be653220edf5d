package io.vigil.runtime;

import io.vigil.model.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic's committed records written since an instant (broker append time) up to the
 * end it has now, without a consumer group: for reports and audits that must not disturb the
 * roles. A record that does not decode is counted and skipped, never fatal.
 */
public final class TopicReader {

    /** What was read, and how many records were skipped because they did not decode. */
    public record Result<V>(List<V> values, long skipped) {}

    private TopicReader() {}

    public static <V> Result<V> readSince(Map<String, Object> clientProps, Topic<?, V> typed, Instant since,
                                         Duration timeout) {
        String topic = typed.name();
        Deserializer<V> deserializer = typed.valueDeserializer();
        List<V> out = new ArrayList<>();
        long[] skipped = {0};
        read(clientProps, topic, since, timeout, (key, value) -> {
            if (value == null) return;
            try {
                V v = deserializer.deserialize(topic, value);
                if (v != null) out.add(v);
            } catch (SerializationException e) {
                skipped[0]++;
            }
        });
        return new Result<>(out, skipped[0]);
    }

    /**
     * What a compacted topic holds now, by key: the latest value of each, a tombstone removing
     * it. A value that does not decode removes its key too (it is not a current value).
     */
    public static <V> Map<String, V> current(Map<String, Object> clientProps, Topic<?, V> typed, Duration timeout) {
        Map<String, V> out = new LinkedHashMap<>();
        read(clientProps, typed.name(), Instant.EPOCH, timeout, (key, value) -> {
            if (key == null) return;
            V v = null;
            try {
                v = value == null ? null : typed.valueDeserializer().deserialize(typed.name(), value);
            } catch (SerializationException e) {
                // not a current value
            }
            if (v == null) out.remove(key);
            else out.put(key, v);
        });
        return out;
    }

    /**
     * Moves an assigned consumer to the first record of each partition written at or after its
     * time in {@code since} (epoch ms; the topics keep arrival time), or to the end where there is
     * none, and returns the ends the partitions have now: what "read from then to now" needs.
     */
    public static Map<TopicPartition, Long> seekToTimes(Consumer<?, ?> c,
                                                        Map<TopicPartition, Long> since, Duration timeout) {
        Map<TopicPartition, OffsetAndTimestamp> starts = c.offsetsForTimes(since, timeout);
        Map<TopicPartition, Long> ends = c.endOffsets(since.keySet(), timeout);
        for (TopicPartition tp : since.keySet()) {
            OffsetAndTimestamp o = starts.get(tp);
            c.seek(tp, o == null ? ends.get(tp) : o.offset());
        }
        return ends;
    }

    /** Wakes a consumer blocked in poll from another thread, so that its loop sees it must stop; null is nothing to wake. */
    public static void wakeup(Consumer<?, ?> consumer) {
        if (consumer != null) consumer.wakeup();
    }

    /**
     * A consumer's settings for reading a topic whole rather than taking a share of it: no
     * group, no offsets committed, committed records only (an aborted transaction's never read).
     */
    public static Map<String, Object> readerProps(Map<String, Object> clientProps, String clientId) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    private static void read(Map<String, Object> clientProps, String topic, Instant since, Duration timeout,
                             BiConsumer<String, byte[]> sink) {
        Map<String, Object> p = readerProps(clientProps, "vigil-reader");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            var infos = c.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) throw new IllegalStateException("topic " + topic + " does not exist on this cluster");
            List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(tps);
            Map<TopicPartition, Long> query = new HashMap<>();
            tps.forEach(tp -> query.put(tp, since.toEpochMilli()));
            Map<TopicPartition, Long> ends = seekToTimes(c, query, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " took longer than " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) sink.accept(r.key(), r.value());
            }
        }
    }
}
