package io.vigil.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Heartbeat;
import io.vigil.model.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collector_silent runs on the wall clock: the driver's wall clock is advanced by hand. */
class CollectorSilenceTest {

    @TempDir
    Path state;

    static Heartbeat beat(String collector, long ts) {
        return beat(collector, ts, 1000);
    }

    /** A heartbeat of {@code collector} at {@code ts} having counted {@code packets} so far. */
    static Heartbeat beat(String collector, long ts, long packets) {
        return new Heartbeat(Heartbeat.VERSION, collector, "clinic-north", ts, ts, packets, 50_000, 0, 20, 5, 0, 0);
    }

    @Test
    void aCollectorUnheardForAMinuteRaisesAnAlertThatEndsWhenItIsHeardAgain() {
        Instant t0 = Instant.parse("2026-11-02T09:00:00Z");
        try (TopologyHarness h = new TopologyHarness(DetectorConfig.defaults(state), t0)) {

            // given two collectors beating every 10 s for a minute
            for (int i = 0; i < 6; i++) {
                h.beat(beat("gw-1", t0.toEpochMilli() + i * 10_000L));
                h.beat(beat("gw-2", t0.toEpochMilli() + i * 10_000L));
                h.advance(Duration.ofSeconds(10));
            }
            assertThat(h.fresh().isEmpty()).as("no alert while both are heard").isTrue();

            // when gw-2 goes quiet for 90 s while gw-1 goes on
            for (int i = 0; i < 9; i++) {
                h.beat(beat("gw-1", t0.toEpochMilli() + 60_000L + i * 10_000L));
                h.advance(Duration.ofSeconds(10));
            }
            List<Alert> raised = h.fresh();
            assertThat(raised).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.COLLECTOR_SILENT);
                assertThat(a.src()).isEqualTo("gw-2");
                assertThat(a.site()).isEqualTo("clinic-north");
                assertThat(a.severity()).isEqualTo(Severity.HIGH);
                assertThat(a.status()).isEqualTo(Alert.ACTIVE);
            });

            // then it ends when gw-2 is heard again
            h.beat(beat("gw-2", t0.toEpochMilli() + 160_000L));
            List<Alert> after = h.fresh();
            assertThat(after).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo(raised.get(0).id());
                assertThat(a.status()).isEqualTo(Alert.ENDED);
            });
        }
    }

    @Test
    void aCollectorWhoseClockIsHoursAheadIsReportedUntilItsClockIsPutRight() {
        Instant t0 = Instant.parse("2026-11-02T09:00:00Z");
        try (TopologyHarness h = new TopologyHarness(DetectorConfig.defaults(state), t0)) {
            long ahead = t0.toEpochMilli() + 2 * 3_600_000L;
            h.beat(new Heartbeat(Heartbeat.VERSION, "gw-1", "clinic-north", ahead, ahead, 1, 1, 0, 1, 1, 0, 0));
            List<Alert> raised = h.fresh();
            assertThat(raised).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.COLLECTOR_SILENT);
                assertThat(a.summary()).contains("clock 2.0 hours ahead of the detector's").contains("NTP");
                assertThat(a.evidence()).containsEntry("clock_skew_seconds", 7200);
            });
            long right = t0.toEpochMilli() + 1000;
            h.beat(new Heartbeat(Heartbeat.VERSION, "gw-1", "clinic-north", right, right, 2, 2, 0, 2, 1, 0, 0));
            assertThat(h.fresh()).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo(raised.get(0).id());
                assertThat(a.status()).isEqualTo(Alert.ENDED);
            });
        }
    }

    @Test
    void aCollectorHeardButSeeingNoPacketsForFifteenMinutesIsReportedUntilPacketsMoveAgain() {
        Instant t0 = Instant.parse("2026-11-02T09:00:00Z");
        try (TopologyHarness h = new TopologyHarness(DetectorConfig.defaults(state), t0)) {
            // given a collector whose packet count grows, beat after beat, for five minutes
            long packets = 0;
            long at = t0.toEpochMilli();
            for (int i = 0; i < 30; i++, at += 10_000) {
                packets += 40;
                h.beat(beat("gw-1", at, packets));
                h.advance(Duration.ofSeconds(10));
            }
            assertThat(h.fresh().isEmpty()).as("no alert while packets move").isTrue();

            // when it goes on beating but its count stands still (the mirror port was moved)
            for (int i = 0; i < 14 * 6; i++, at += 10_000) {
                h.beat(beat("gw-1", at, packets));
                h.advance(Duration.ofSeconds(10));
            }
            assertThat(h.fresh().isEmpty()).as("fourteen minutes still: not yet").isTrue();
            for (int i = 0; i < 2 * 6; i++, at += 10_000) {
                h.beat(beat("gw-1", at, packets));
                h.advance(Duration.ofSeconds(10));
            }
            List<Alert> raised = h.fresh();
            long counted = packets;
            assertThat(raised).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.COLLECTOR_SILENT);
                assertThat(a.src()).isEqualTo("gw-1");
                assertThat(a.severity()).isEqualTo(Severity.HIGH);
                assertThat(a.summary()).contains("running but has seen no packets for 15 minutes").contains("mirror");
                assertThat(((Number) a.evidence().get("packets")).longValue()).isEqualTo(counted);
                assertThat(((Number) a.evidence().get("no_traffic_seconds")).longValue()).isBetween(900L, 960L);
            });

            // then it ends when packets move again
            h.beat(beat("gw-1", at, packets + 5));
            assertThat(h.fresh()).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo(raised.get(0).id());
                assertThat(a.status()).isEqualTo(Alert.ENDED);
            });
        }
    }
}
