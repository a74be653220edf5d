package io.vigil.model;

import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A topic with the serdes of its keys and values, so no caller pairs a topic with its serdes
 * by hand (as the {@code Schemas} of Confluent's Kafka Streams examples do). Get one from
 * {@link Topics}: {@code topics.alertRecords()}.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Serializer<K> keySerializer() {
        return keySerde.serializer();
    }

    public Serializer<V> valueSerializer() {
        return valueSerde.serializer();
    }

    public Deserializer<K> keyDeserializer() {
        return keySerde.deserializer();
    }

    public Deserializer<V> valueDeserializer() {
        return valueSerde.deserializer();
    }

    /** A producer of this topic's records. */
    public KafkaProducer<K, V> producer(Map<String, Object> props) {
        return new KafkaProducer<>(props, keySerializer(), valueSerializer());
    }

    /** A consumer of this topic's records (not yet subscribed or assigned). */
    public KafkaConsumer<K, V> consumer(Map<String, Object> props) {
        return new KafkaConsumer<>(props, keyDeserializer(), valueDeserializer());
    }

    /** A value read from this topic, or the serde's exception for bytes that are not one. */
    public V value(byte[] bytes) {
        return valueSerde.deserializer().deserialize(name, bytes);
    }
}
