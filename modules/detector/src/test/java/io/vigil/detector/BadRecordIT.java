package io.vigil.detector;

import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.stage.DeadLetterHandler;
import io.vigil.model.AlertType;
import io.vigil.model.DeadLetters;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.testkit.Flows;
import io.vigil.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The junk that stopped detection for good (a null value, bytes that are not JSON, a flow two
 * hours ahead of the clock, a 450 KB site name, a clock never set), on a real broker: each goes
 * to the dead-letter topic with the reason and where it came from, the detector counts it, and
 * the scan that follows is still raised.
 */
class BadRecordIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path state;


    @Test
    void junkIsDeadLetteredWithItsReasonAndDetectionGoesOn() throws Exception {
        Topics topics = kafka.freshTopics(2);
        DetectorConfig config = DetectorConfig.defaults(state).withTopics(topics).withApplicationId("bad-records-it");
        String key = "test-site/10.10.1.10";
        List<ProducerRecord<String, byte[]>> junk = new ArrayList<>();
        junk.add(new ProducerRecord<>(topics.flows(), 0, key, null));
        junk.add(new ProducerRecord<>(topics.flows(), 0, key, "{not json".getBytes(StandardCharsets.UTF_8)));
        junk.add(flow(topics, Flows.rejected("198.51.100.23", "10.10.1.10", 22, System.currentTimeMillis() + 7_200_000L)));
        junk.add(flow(topics, Flows.rejected("198.51.100.23", "10.10.1.10", 23, T0).toBuilder().site("x".repeat(450_000)).build()));
        junk.add(flow(topics, Flows.rejected("198.51.100.23", "10.10.1.10", 24, 0).toBuilder().start(0).end(1).build()));
        for (int p = 1; p <= 20; p++) junk.add(flow(topics, Flows.rejected("198.51.100.23", "10.10.1.10", 1000 + p, T0 + p * 10L)));
        kafka.produce(topics.flows(), new ByteArraySerializer(), junk);

        try (Detector detector = new Detector(config, kafka.clientProps()).start()) {
            List<ConsumerRecord<String, byte[]>> letters = kafka.deadLetters(topics, 5);
            assertThat(kafka.consume(topics.alerts(), JsonSerde.alerts(), l -> !l.isEmpty(), Duration.ofSeconds(60)))
                    .as("detection went on").anySatisfy(r -> assertThat(r.value().type()).isEqualTo(AlertType.PORT_SCAN));

            assertThat(letters).hasSize(5);
            List<String> reasons = letters.stream().map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).toList();
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("no value"))
                    .anySatisfy(r -> assertThat(r).contains("not a valid FlowRecord"))
                    .anySatisfy(r -> assertThat(r).contains("ahead of the detector's clock"))
                    .anySatisfy(r -> assertThat(r).contains("site of 450000 characters"))
                    .anySatisfy(r -> assertThat(r).contains("start is missing"));
            assertThat(letters).allSatisfy(r -> {
                assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(topics.flows());
                assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
                assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET)).matches("[0-4]");
                assertThat(DeadLetters.header(r.headers(), DeadLetters.ROLE)).isEqualTo("detector");
            });
            assertThat(letters).anySatisfy(r -> assertThat(r.value()).isEqualTo("{not json".getBytes(StandardCharsets.UTF_8)));
            assertThat(DeadLetterHandler.count("bad-records-it", "read")).isEqualTo(5);
            assertThat(detector.health().status()).isIn("UP", "DEGRADED");
            assertThat(detector.failure()).as("no stream thread died").isNull();
        }
    }

    static ProducerRecord<String, byte[]> flow(Topics topics, FlowRecord f) {
        return new ProducerRecord<>(topics.flows(), 0, Flows.key(f), JsonSerde.flows().serialize(topics.flows(), f));
    }
}
