package io.vigil.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    @Test
    void producesAndConsumesThroughARealBrokerAndLeavesNothingBehind() throws Exception {
        Set<String> threadsBefore = threadNames();
        Path dir;
        try (EmbeddedKafka kafka = EmbeddedKafka.startNew()) {
            dir = kafka.directory();
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(kafka.startMillis()).isPositive();
            Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(common)) {
                admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++) producer.send(new ProducerRecord<>("t", "k" + i, "v" + i));
            }
            List<String> got = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                    "group.id", "g", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("t"));
                long deadline = System.currentTimeMillis() + 20_000;
                while (got.size() < 100 && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) got.add(r.value());
                }
            }
            assertThat(got).hasSize(100).contains("v0", "v99");
        }
        assertThat(Files.exists(dir)).as("temp dir deleted").isFalse();
        assertThat(lingering(threadsBefore)).as("threads left behind").isEmpty();
    }

    @Test
    void aFailedStartLeavesNoDirectoryAndNoThreads() throws Exception {
        Set<String> threadsBefore = threadNames();
        // Occupy a port, then make the broker listen on it.
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedKafka kafka = EmbeddedKafka.createOnPorts(busy.getLocalPort(), 0);
            Path dir = kafka.directory();
            assertThatThrownBy(kafka::start).hasMessageContaining("failed to start on 127.0.0.1:" + busy.getLocalPort());
            kafka.close();
            assertThat(Files.exists(dir)).isFalse();
        }
        assertThat(lingering(threadsBefore)).isEmpty();
    }

    @Test
    void stopAndRestartKeepsTheData() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startNew()) {
            Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(common)) {
                admin.createTopics(List.of(new NewTopic("keep", 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("keep", "a", "before")).get();
            }
            kafka.stopBroker();
            assertThat(kafka.isRunning()).isFalse();
            kafka.restartBroker();
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                    "group.id", "g2", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("keep"));
                List<String> got = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 30_000;
                while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
                }
                assertThat(got).containsExactly("before");
            }
        }
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /** Threads that appeared since {@code before} and are still alive a few seconds later. */
    private static Set<String> lingering(Set<String> before) throws InterruptedException {
        Set<String> extra = Set.of();
        for (int i = 0; i < 50; i++) {
            extra = threadNames().stream().filter(n -> !before.contains(n))
                    // JVM-wide helpers that are not the broker's to stop: the common pool and
                    // Yammer's static meter-tick pool, which Kafka's metrics create once per JVM.
                    .filter(n -> !n.startsWith("ForkJoinPool") && !n.startsWith("Attach Listener")
                            && !n.startsWith("metrics-meter-tick-thread")
                            && !n.equals("process reaper") && !n.startsWith("Common-Cleaner"))
                    .collect(Collectors.toSet());
            if (extra.isEmpty()) return extra;
            Thread.sleep(100);
        }
        return extra;
    }
}
