package io.vigil.detector;

import io.vigil.detector.baseline.Ewma;
import io.vigil.detector.host.HostBaselines;
import io.vigil.detector.host.HostSeasons;
import io.vigil.detector.host.VolumeDetector;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** volume_anomaly of a host: a connection storm against its own baseline. */
class VolumeTopologyTest {

    static final long MINUTE = 60_000;

    @TempDir
    Path state;

    static void quiet(TopologyHarness h, String site, String host, int minutes, Random r) {
        for (long at = T0; at < T0 + minutes * MINUTE; at += 10_000 + r.nextInt(20_000)) {
            h.send(Flows.session(host, "198.51.100." + (80 + r.nextInt(10)), 443, at, 200, 1_500, 9_000, "tls", "1.3")
                    .toBuilder().site(site).build());
        }
    }

    static void storm(TopologyHarness h, String site, String host, long start, int n) {
        for (int i = 0; i < n; i++) {
            h.send(Flows.session(host, "198.51.100." + (i % 250 + 1), 8080, start + i * 25L, 10, 200, 200, "http", null)
                    .toBuilder().site(site).build());
        }
    }

    @Test
    void aConnectionStormAfterAnHourOfQuietIsRaisedAndQuietStaysQuiet() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(1);
            quiet(h, Flows.SITE, "10.10.2.66", 70, r);
            quiet(h, Flows.SITE, "10.10.2.67", 80, r);
            storm(h, Flows.SITE, "10.10.2.66", T0 + 70 * MINUTE + 5_000, 2000);
            h.endOfInput(T0 + 120 * MINUTE);

            assertThat(h.episodes(AlertType.VOLUME_ANOMALY)).singleElement().satisfies(a -> {
                assertThat(a.src()).isEqualTo("10.10.2.66");
                assertThat(a.raisedAt()).isBetween(Instant.ofEpochMilli(T0 + 70 * MINUTE), Instant.ofEpochMilli(T0 + 72 * MINUTE));
            });
        }
    }

    @Test
    void aSitesOwnFloorIsHonoured() {
        Thresholds d = Detectors.thresholds();
        Thresholds high = d.with(VolumeDetector.THRESHOLDS, new VolumeDetector.Config(5000, d.get(VolumeDetector.THRESHOLDS).z()));
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state, "busy", high))) {
            Random r = new Random(2);
            for (String site : new String[] {"busy", Flows.SITE}) {
                quiet(h, site, "10.10.2.66", 70, r);
                storm(h, site, "10.10.2.66", T0 + 70 * MINUTE + 5_000, 2000);
            }
            h.endOfInput(T0 + 120 * MINUTE, "busy", Flows.SITE);

            assertThat(h.episodes(AlertType.VOLUME_ANOMALY)).extracting(Alert::site).containsExactly(Flows.SITE);
        }
    }

    @Test
    void aBaselineWithItsHoursInsideAsAnEarlierVersionWroteItHasThemMovedToTheirOwnRecordsUnchanged() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // as the release before kept it: 168 hourly buckets inside the host's baselines
            HostBaselines old = new HostBaselines();
            old.upload.overall = new Ewma(5_000, 1_000, 900);
            old.flows.overall = new Ewma(3, 1, 900);
            old.upload.hours = new Ewma[168];
            old.flows.hours = new Ewma[168];
            for (int i = 0; i < 168; i++) {
                old.upload.hours[i] = i % 2 == 0 ? new Ewma(1_000 + i, 10 + i, 20 + i) : new Ewma();
                old.flows.hours[i] = i % 2 == 0 ? new Ewma(i, 1, 20 + i) : new Ewma();
            }
            h.<HostBaselines>store("host-baselines").put("s/10.0.0.5", old);
            h.send(Flows.session("10.0.0.5", "198.51.100.80", 443, T0, 200, 1_500, 9_000, "tls", "1.3").toBuilder().site("s").build());
            h.deliver();

            HostBaselines moved = h.<HostBaselines>storeValues("host-baselines").get(0);
            assertThat(moved.upload.hours).isNull();
            assertThat(moved.flows.hours).isNull();
            KeyValueStore<String, HostSeasons.Season> seasons = h.store("host-seasons");
            assertThat(h.storeKeys("host-seasons")).hasSize(84); // the buckets with samples, no more
            for (int i = 0; i < 168; i += 2) {
                HostSeasons.Season s = seasons.get("s/10.0.0.5#" + i);
                assertThat(s.upload).as("hour %d", i).usingRecursiveComparison().isEqualTo(old.upload.hours[i]);
                assertThat(s.flows).as("hour %d", i).usingRecursiveComparison().isEqualTo(old.flows.hours[i]);
            }
            assertThat(seasons.get("s/10.0.0.5#1")).isNull();
        }
    }

    @Test
    void aHostSilentForThirtyDaysIsForgottenAndAnActiveOneKept() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(3);
            quiet(h, "s", "10.0.0.5", 5, r);
            quiet(h, "s", "10.0.0.6", 5, r);
            h.deliver();
            assertThat(h.storeValues("host-state")).hasSize(2);
            assertThat(h.storeValues("host-baselines")).hasSize(2);
            assertThat(h.storeKeys("host-seasons")).anyMatch(k -> k.startsWith("s/10.0.0.5#"))
                    .anyMatch(k -> k.startsWith("s/10.0.0.6#"));
            // only the second host is heard from 31 days on, for two hours of stream time (the sweep is hourly)
            long later = T0 + java.time.Duration.ofDays(31).toMillis();
            for (long at = later; at < later + 2 * 3_600_000L; at += MINUTE) {
                h.send(Flows.session("10.0.0.6", "198.51.100.80", 443, at, 200, 1_500, 9_000, "tls", "1.3")
                        .toBuilder().site("s").build());
            }
            h.deliver();
            assertThat(h.storeValues("host-state")).hasSize(1);
            assertThat(h.storeValues("host-baselines")).hasSize(1);
            assertThat(h.storeKeys("host-seasons")).isNotEmpty().allMatch(k -> k.startsWith("s/10.0.0.6#"));
            assertThat(h.storeValues("host-uploads").size()).isLessThanOrEqualTo(1);
        }
    }
}
