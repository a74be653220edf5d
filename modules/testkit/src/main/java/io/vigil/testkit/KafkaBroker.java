package io.vigil.testkit;

import io.vigil.embedded.EmbeddedKafka;
import io.vigil.model.Topics;
import io.vigil.runtime.Leaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node broker for one test class: register with
 * {@code @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();}. Each test
 * should use topics of its own ({@link #freshTopics()}) so tests never see each other's data.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = EmbeddedKafka.startNew();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) kafka.close();
    }

    public EmbeddedKafka embedded() {
        return kafka;
    }

    public String bootstrap() {
        return kafka.bootstrapServers();
    }

    public Map<String, Object> clientProps() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap());
        return p;
    }

    /** A namespace of topics no other test uses, created with {@code partitions} flow partitions. */
    public Topics freshTopics(int partitions) {
        Topics t = new Topics("test-" + UUID.randomUUID().toString().substring(0, 8));
        try (Admin admin = Admin.create(clientProps())) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topics.TopicSpec s : t.specs(partitions, 7L * 24 * 3600 * 1000)) {
                topics.add(new NewTopic(s.name(), s.partitions(), (short) 1).configs(s.configs()));
            }
            admin.createTopics(topics).all().get();
            Leaders.await(admin, topics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create test topics", e);
        }
        return t;
    }

    public <V> void produce(String topic, Serializer<V> serializer, List<ProducerRecord<String, V>> records) {
        try (var producer = new KafkaProducer<>(clientProps(), new StringSerializer(), serializer)) {
            for (ProducerRecord<String, V> r : records) producer.send(r);
            producer.flush();
        }
    }

    /**
     * Reads {@code topic} from the start (committed records only) until {@code done} holds for
     * what was read, or the timeout passes; returns what was read either way.
     */
    public <V> List<ConsumerRecord<String, V>> consume(String topic, Deserializer<V> deserializer,
                                                       Predicate<List<ConsumerRecord<String, V>>> done,
                                                       Duration timeout) {
        Map<String, Object> p = clientProps();
        p.put("group.id", "test-reader-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The dead letters of {@code topics} once there are at least {@code n} (or after a minute,
     * however many there are); read their reasons with {@link io.vigil.model.DeadLetters#header}.
     */
    public List<ConsumerRecord<String, byte[]>> deadLetters(Topics topics, int n) {
        return consume(topics.deadLetter(), new ByteArrayDeserializer(),
                l -> l.size() >= n, Duration.ofSeconds(60));
    }
}
