package io.vigil.detector;

import io.vigil.detector.host.UploadCandidates;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exfiltration on three horizons, and to a destination new to the site while the host's baseline warms up. */
class ExfiltrationTopologyTest {

    static final long MINUTE = 60_000;
    static final String WS = "10.10.2.15";
    static final String DROP = "203.0.113.200";
    static final String CLOUD = "198.51.100.201";

    @TempDir
    Path state;

    /** Ordinary small HTTPS for {@code minutes}, so the host has a baseline (or not). */
    static void ordinary(TopologyHarness h, String host, long from, int minutes, Random r) {
        for (long at = from; at < from + minutes * MINUTE; at += 10_000 + r.nextInt(20_000)) {
            h.send(Flows.session(host, "198.51.100." + (80 + r.nextInt(10)), 443, at, 300, 1_500 + r.nextInt(3_000),
                    2_000 + r.nextInt(30_000), "tls", "1.3"));
        }
    }

    /** A bulk upload exported as the collector does: a piece a minute. */
    static long upload(TopologyHarness h, String host, String peer, long start, long bytes, long perMinute) {
        long at = start, left = bytes;
        for (int seq = 0; left > 0; seq++) {
            long n = Math.min(perMinute, left);
            h.send(Flows.session(host, peer, 443, at, MINUTE - 1, n, n / 60, "tls", "1.3").toBuilder().seq(seq)
                    .flowId("upload-" + host).endReason(left > n ? "active" : "fin").build());
            at += MINUTE;
            left -= n;
        }
        return at;
    }

    @Test
    void aNewHostsLargeUploadToADestinationNewToTheSiteIsHighAtOnce() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(1);
            ordinary(h, WS, T0, 10, r);
            upload(h, WS, DROP, T0 + 11 * MINUTE, 100L << 20, 100L << 20);
            h.endOfInput(T0 + 60 * MINUTE);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.EXFILTRATION);
                assertThat(a.severity()).isEqualTo(Severity.HIGH);
                assertThat(a.src()).isEqualTo(WS);
                assertThat(a.dst()).isEqualTo(DROP);
                assertThat(a.evidence()).containsEntry("reason", "novel").containsEntry("peer_new_to_site", true);
                assertThat(a.summary()).contains("100 MB").contains("no other host").contains("warming up");
                assertThat(a.raisedAt()).isBefore(Instant.ofEpochMilli(T0 + 13 * MINUTE));
            });
        }
    }

    @Test
    void theSameUploadToAServiceTheSiteUsesIsLeftToTheBaseline() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(2);
            for (int i = 1; i <= 6; i++) {
                h.send(Flows.session("10.10.2." + (100 + i), CLOUD, 443, T0 + i * 1000L, 500, 50_000, 9_000, "tls", "1.3"));
            }
            ordinary(h, WS, T0, 10, r);
            upload(h, WS, CLOUD, T0 + 11 * MINUTE, 100L << 20, 100L << 20);
            h.endOfInput(T0 + 60 * MINUTE);

            assertThat(h.episodes()).isEmpty();
        }
    }

    @Test
    void slowTheftUnderEveryMinuteLimitIsSeenOnTheHourHorizon() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(3);
            for (int i = 1; i <= 6; i++) {
                for (long at = T0; at < T0 + 160 * MINUTE; at += 20 * MINUTE) {
                    h.send(Flows.session("10.10.2." + (100 + i), CLOUD, 443, at + i * 1000L, 500, 50_000, 9_000, "tls", "1.3"));
                }
            }
            ordinary(h, WS, T0, 160, r);
            long start = T0 + 90 * MINUTE;
            upload(h, WS, CLOUD, start, 420L << 20, 7L << 20);
            h.endOfInput(T0 + 200 * MINUTE);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.EXFILTRATION);
                assertThat(a.evidence()).containsEntry("reason", "baseline").containsEntry("horizon_minutes", 60);
                assertThat(a.severity()).as("a service six hosts use").isEqualTo(Severity.MEDIUM);
                assertThat(a.firstSeen()).isBetween(Instant.ofEpochMilli(start - MINUTE), Instant.ofEpochMilli(start + 2 * MINUTE));
                assertThat(a.raisedAt()).isBetween(Instant.ofEpochMilli(start + 40 * MINUTE), Instant.ofEpochMilli(start + 48 * MINUTE));
            });
        }
    }

    @Test
    void ordinaryUseStaysQuiet() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            ordinary(h, WS, T0, 180, new Random(4));
            h.endOfInput(T0 + 200 * MINUTE);

            assertThat(h.episodes()).isEmpty();
        }
    }

    @Test
    void aSitesOwnNoveltySizeIsHonoured() {
        Thresholds d = Detectors.thresholds();
        UploadCandidates.Config e = d.get(UploadCandidates.THRESHOLDS);
        Thresholds big = d.with(UploadCandidates.THRESHOLDS, new UploadCandidates.Config(e.floorMinute(), e.floorTenMinutes(), e.floorHour(),
                e.z(), 200L << 20, e.minRatio()));
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state, "big-uploads", big))) {
            upload(h, WS, DROP, T0, 100L << 20, 100L << 20);
            h.send(Flows.session(WS, DROP, 443, T0, MINUTE - 1, 100L << 20, 1 << 20, "tls", "1.3").toBuilder()
                    .site("big-uploads").build());
            h.endOfInput(T0 + 60 * MINUTE, "big-uploads", Flows.SITE);

            assertThat(h.episodes()).extracting(Alert::site).containsExactly(Flows.SITE);
        }
    }
}
