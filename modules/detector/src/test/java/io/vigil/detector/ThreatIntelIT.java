package io.vigil.detector;

import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.DeadLetters;
import io.vigil.model.FlowRecord;
import io.vigil.model.Indicator;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.testkit.Flows;
import io.vigil.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threat indicators on a real broker: a list published while the detector runs takes effect
 * without a restart, a withdrawal (tombstone) too, and after a restart — on the same disk, and
 * on an empty one — the indicators are matched again before any new flow is judged.
 */
class ThreatIntelIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;


    static Indicator indicator(String value) {
        return Indicator.of(value, "ncsc-test", 80, null, null, "test C2", null, List.of());
    }

    void publish(Topics topics, Indicator i) {
        kafka.produce(topics.indicators(), JsonSerde.indicators(), List.of(new ProducerRecord<>(topics.indicators(), i.key(), i)));
    }

    void withdraw(Topics topics, String key) {
        kafka.produce(topics.indicators(), JsonSerde.indicators(), List.of(new ProducerRecord<>(topics.indicators(), key, null)));
    }

    void flows(Topics topics, FlowRecord... flows) {
        List<ProducerRecord<String, FlowRecord>> out = new ArrayList<>();
        for (FlowRecord f : flows) out.add(new ProducerRecord<>(topics.flows(), null, f.end(), Flows.key(f), f));
        kafka.produce(topics.flows(), JsonSerde.flows(), out);
    }

    static FlowRecord contact(String host, String peer, long at) {
        return Flows.session(host, peer, 443, at, 400, 800, 3_000, "tls", "1.3");
    }

    List<Alert> intelUntil(Topics topics, Predicate<List<Alert>> done) {
        return kafka.consume(topics.alerts(), JsonSerde.alerts(), l -> done.test(values(l)), Duration.ofSeconds(90))
                .stream().map(ConsumerRecord::value).filter(a -> a.type() == AlertType.THREAT_INTEL).collect(Collectors.toList());
    }

    private static List<Alert> values(List<ConsumerRecord<String, Alert>> l) {
        return l.stream().map(ConsumerRecord::value).filter(a -> a.type() == AlertType.THREAT_INTEL).collect(Collectors.toList());
    }

    static Predicate<List<Alert>> from(String host) {
        return l -> l.stream().anyMatch(a -> a.src().equals(host));
    }

    @Test
    void listsChangeWhileItRunsAndSurviveRestartsOnTheSameAndOnAnEmptyDisk() throws Exception {
        Topics topics = kafka.freshTopics(2);
        DetectorConfig config = DetectorConfig.defaults(dir.resolve("a")).withTopics(topics).withApplicationId("intel-it");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Detector d = new Detector(config, kafka.clientProps()).start()) {
            d.bindMetrics(registry);
            flows(topics, contact("10.10.2.1", "198.51.100.66", T0)); // before any list: nothing
            DetectorRestartIT.awaitProcessed(kafka, config.applicationId(), topics);
            publish(topics, indicator("198.51.100.66"));
            publish(topics, indicator("198.51.100.67"));
            // the index is filled by the global thread: wait for it rather than guess
            long deadline = System.currentTimeMillis() + 30_000;
            while (registry.get("vigil_detector_indicators").tag("kind", "ip").gauge().value() < 2
                    && System.currentTimeMillis() < deadline) Thread.sleep(100);
            assertThat(registry.get("vigil_detector_indicators").tag("kind", "ip").gauge().value()).isEqualTo(2);
            flows(topics, contact("10.10.2.2", "198.51.100.66", T0 + 60_000));
            assertThat(intelUntil(topics, from("10.10.2.2"))).extracting(Alert::src).containsOnly("10.10.2.2");

            withdraw(topics, "ip:198.51.100.66");
            deadline = System.currentTimeMillis() + 30_000;
            while (registry.get("vigil_detector_indicators").tag("kind", "ip").gauge().value() > 1
                    && System.currentTimeMillis() < deadline) Thread.sleep(100);
            // one host, so one partition, in order: the first is judged before the second
            flows(topics, contact("10.10.2.3", "198.51.100.66", T0 + 120_000), contact("10.10.2.3", "198.51.100.67", T0 + 121_000));
            List<Alert> after = intelUntil(topics, from("10.10.2.3"));
            assertThat(after).filteredOn(a -> a.src().equals("10.10.2.3")).extracting(Alert::dst).containsOnly("198.51.100.67");

            // a record that is no indicator: dead-lettered with the reason, counted, and nothing else disturbed
            kafka.produce(topics.indicators(), new ByteArraySerializer(), List.of(
                    new ProducerRecord<>(topics.indicators(), "ip:192.0.2.1", "{not json".getBytes())));
            var dead = kafka.deadLetters(topics, 1);
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("ip:192.0.2.1");
                assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC))
                        .isEqualTo(topics.indicators());
                assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON))
                        .contains("not a valid Indicator");
            });
            assertThat(registry.get("vigil_detector_indicators_refused").functionCounter().count()).isEqualTo(1);
            assertThat(d.health().status()).isEqualTo("UP");
        }

        // the same disk: the store's checkpoint is used, the index rebuilt from it
        try (Detector d = new Detector(config, kafka.clientProps()).start()) {
            flows(topics, contact("10.10.2.4", "198.51.100.67", T0 + 180_000));
            assertThat(intelUntil(topics, from("10.10.2.4"))).anyMatch(a -> a.src().equals("10.10.2.4"));
        }
        // an empty disk: the store is restored from the topic
        DetectorRestartIT.deleteTree(dir.resolve("a"));
        try (Detector d = new Detector(config, kafka.clientProps()).start()) {
            flows(topics, contact("10.10.2.5", "198.51.100.67", T0 + 240_000), contact("10.10.2.5", "198.51.100.66", T0 + 241_000));
            List<Alert> all = intelUntil(topics, from("10.10.2.5"));
            assertThat(all).filteredOn(a -> a.src().equals("10.10.2.5")).extracting(Alert::dst).containsOnly("198.51.100.67");
        }
    }
}
