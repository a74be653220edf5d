package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health tells the truth: a thread that died, a partition that does not move. */
class DetectorHealthTest {

    @TempDir
    Path state;

    /** A clock the test moves. */
    static final class Moving extends Clock {
        long now = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    }

    @Test
    void aStreamThreadThatDiedMakesHealthDownForFiveMinutes() {
        Moving clock = new Moving();
        Detector d = new Detector(DetectorConfig.defaults(state), Map.of("bootstrap.servers", "unused:9092"), clock);
        assertThat(d.healthReasons()).isEmpty();

        d.threadDied(new NullPointerException("site() on null"));
        assertThat(d.health()).isEqualTo("DOWN");
        assertThat(d.healthReasons()).singleElement().asString().contains("1 stream thread death").contains("site() on null");
        assertThat(d.threadDeaths()).isEqualTo(1);

        clock.now += Duration.ofMinutes(4).toMillis();
        assertThat(d.health()).as("still within five minutes").isEqualTo("DOWN");
        clock.now += Duration.ofMinutes(2).toMillis();
        assertThat(d.healthReasons()).as("it came back: no death for five minutes").isEmpty();
        assertThat(d.health()).isEqualTo("DEGRADED"); // never started: not RUNNING
    }

    @Test
    void aPartitionThatDoesNotMoveWhileRecordsWaitIsStuckUntilItMovesAgain() {
        Moving clock = new Moving();
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
        clock.now += 60_000;
        ends.put(p0, 200L); // p0 has new input and keeps up
        committed.put(p0, 190L);
        w.check();
        assertThat(w.stuck()).isEmpty();
        clock.now += 70_000;
        committed.put(p0, 200L);
        w.check();
        assertThat(w.stuck()).singleElement().asString().contains("vigil.flows.v1-1").contains("30 records waiting");

        committed.put(p1, 80L); // it moves again and catches up
        clock.now += 15_000;
        w.check();
        assertThat(w.stuck()).isEmpty();
    }

    @Test
    void offsetsThatCannotBeReadAreSaidButAreNotTheDetectorsFault() {
        ProgressWatch w = new ProgressWatch(new ProgressWatch.Offsets() {
            @Override
            public Map<TopicPartition, Long> committed() throws Exception {
                throw new java.util.concurrent.TimeoutException("broker away");
            }

            @Override
            public Map<TopicPartition, Long> ends(Set<TopicPartition> partitions) {
                return Map.of();
            }
        }, Set.of("vigil.flows.v1"), Duration.ofMinutes(2), new Moving());
        w.check();
        assertThat(w.stuck()).isEmpty();
        assertThat(w.error()).contains("broker away");
    }
}
