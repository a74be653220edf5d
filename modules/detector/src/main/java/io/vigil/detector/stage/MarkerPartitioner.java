package io.vigil.detector.stage;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
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
public final class MarkerPartitioner<V> implements StreamPartitioner<String, V> {

    private final StringSerializer keys = new StringSerializer();
    private final Predicate<V> isMarker;

    private MarkerPartitioner(Predicate<V> isMarker) {
        this.isMarker = isMarker;
    }

    public static <V> MarkerPartitioner<V> broadcasting(Predicate<V> isMarker) {
        return new MarkerPartitioner<>(isMarker);
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
        if (value != null && isMarker.test(value)) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        byte[] k = keys.serialize(topic, key);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(k)) % numPartitions));
    }
}
