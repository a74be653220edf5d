package io.vigil.detector.internal;

import io.vigil.model.FlowRecord;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions a repartition topic as the producer would (murmur2 of the key), except that an
 * end-of-input marker goes to every partition: each downstream task must see it to know
 * its input is complete.
 */
public final class MarkerPartitioner implements StreamPartitioner<String, FlowRecord> {

    private final StringSerializer keys = new StringSerializer();

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, FlowRecord value, int numPartitions) {
        if (value != null && value.isMarker()) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        byte[] k = keys.serialize(topic, key);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(k)) % numPartitions));
    }
}
