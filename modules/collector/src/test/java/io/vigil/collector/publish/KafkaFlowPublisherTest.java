package io.vigil.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Heartbeat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the publisher counts without a broker to talk to. */
class KafkaFlowPublisherTest {

    @Test
    void aHeartbeatKafkaDoesNotTakeIsCounted() throws Exception {
        // a closed port: the producer never learns the topic's partitions and gives up after max.block.ms
        Map<String, Object> props = Map.of("bootstrap.servers", "127.0.0.1:1", "max.block.ms", 200);
        try (KafkaFlowPublisher publisher = new KafkaFlowPublisher(props, "flows")) {
            publisher.heartbeat("heartbeats", new Heartbeat(Heartbeat.VERSION, "c1", "lab", 1L, 1L, 0, 0, 0, 0, 0, 0, 0));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (publisher.heartbeatsLost() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(publisher.heartbeatsLost()).isEqualTo(1);
        }
    }
}
