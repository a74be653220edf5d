package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health tells the truth: a thread that died, a partition that does not move. */
class DetectorHealthTest {

    @TempDir
    Path state;

    @Test
    void aStreamThreadThatDiedMakesHealthDownForFiveMinutes() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
        Detector d = new Detector(DetectorConfig.defaults(state), Map.of("bootstrap.servers", "unused:9092"), clock);
        assertThat(d.healthReasons()).isEmpty();

        d.threadDied(new NullPointerException("site() on null"));
        assertThat(d.health().status()).isEqualTo("DOWN");
        assertThat(d.healthReasons()).singleElement().asString().contains("1 stream thread death").contains("site() on null");
        assertThat(d.threadDeaths()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(4));
        assertThat(d.health().status()).as("still within five minutes").isEqualTo("DOWN");
        clock.advance(Duration.ofMinutes(2));
        assertThat(d.healthReasons()).as("it came back: no death for five minutes").isEmpty();
        assertThat(d.health().status()).isEqualTo("DEGRADED"); // never started: not RUNNING
    }

    @Test
    void aPartitionThatDoesNotMoveWhileRecordsWaitIsStuckUntilItMovesAgain() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
        TopicPartition p0 = new TopicPartition("vigil.flows.v1", 0), p1 = new TopicPartition("vigil.flows.v1", 1);
        Map<TopicPartition, Long> committed = new HashMap<>(Map.of(p0, 100L, p1, 50L));
        Map<TopicPartition, Long> ends = new HashMap<>(Map.of(p0, 100L, p1, 80L));
        ProgressWatch w = new ProgressWatch(new ProgressWatch.Offsets() {
            @Override
            public Map<TopicPartition, Long> committed() {
                return committed;
            }

            @Override
            public Map<TopicPartition, Long> ends(Set<TopicPartition> partitions) {
                return ends;
            }
        }, Set.of("vigil.flows.v1"), Duration.ofMinutes(2), clock);

        w.check();
        assertThat(w.stuck()).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        ends.put(p0, 200L); // p0 has new input and keeps up
        committed.put(p0, 190L);
        w.check();
        assertThat(w.stuck()).isEmpty();
        clock.advance(Duration.ofSeconds(70));
        committed.put(p0, 200L);
        w.check();
        assertThat(w.stuck()).singleElement().asString().contains("vigil.flows.v1-1").contains("30 records waiting");

        committed.put(p1, 80L); // it moves again and catches up
        clock.advance(Duration.ofSeconds(15));
        w.check();
        assertThat(w.stuck()).isEmpty();
    }

    @Test
    void offsetsThatCannotBeReadAreSaidButAreNotTheDetectorsFault() {
        ProgressWatch w = new ProgressWatch(new ProgressWatch.Offsets() {
            @Override
            public Map<TopicPartition, Long> committed() throws Exception {
                throw new TimeoutException("broker away");
            }

            @Override
            public Map<TopicPartition, Long> ends(Set<TopicPartition> partitions) {
                return Map.of();
            }
        }, Set.of("vigil.flows.v1"), Duration.ofMinutes(2), new ManualClock(Instant.parse("2026-11-30T12:00:00Z")));
        w.check();
        assertThat(w.stuck()).isEmpty();
        assertThat(w.error()).contains("broker away");
    }
}
