package io.vigil.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Topics;
import io.vigil.testkit.KafkaBroker;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topics Vigil makes are usable the moment {@code ensureTopics} returns: a client asking for
 * their partitions at once finds them. Before the wait for leaders, a consumer asking right
 * after found none in 37 of 40 tries, and the detector's global store (the indicators) that
 * met this at start stopped the run ("no partitions available for topic …").
 */
class EnsureTopicsIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @Test
    void aConsumerSeesEveryNewTopicsPartitionsAtOnce() {
        Map<String, Object> props = new HashMap<>(kafka.clientProps());
        try (KafkaEndpoint endpoint = KafkaEndpoint.connect(props);
             var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (int i = 0; i < 10; i++) {
                Topics t = new Topics("ensure-" + i);
                endpoint.ensureTopics(t, 2, 86_400_000L);
                assertThat(consumer.partitionsFor(t.indicators())).as(t.indicators()).hasSize(1);
                assertThat(consumer.partitionsFor(t.flows())).as(t.flows()).hasSize(2);
            }
        }
    }
}
