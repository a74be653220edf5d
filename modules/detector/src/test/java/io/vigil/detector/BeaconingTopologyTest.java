package io.vigil.detector;

import io.vigil.detector.host.BeaconCandidates;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** beaconing: short and long periods with jitter, weighed by how many of the site's hosts use the peer. */
class BeaconingTopologyTest {

    static final String C2 = "203.0.113.66";

    @TempDir
    Path state;

    /** {@code n} HTTPS check-ins from {@code host} every {@code periodMs} ± {@code jitter} (a share, uniform). */
    static long beacon(TopologyHarness h, String host, String peer, long start, long periodMs, double jitter, int n,
                       Random r) {
        long at = start;
        for (int i = 0; i < n; i++) {
            h.send(Flows.session(host, peer, 443, at, 120, 900 + r.nextInt(20), 4_200 + r.nextInt(20), "tls", "1.3"));
            at += (long) (periodMs * (1 - jitter + 2 * jitter * r.nextDouble()));
        }
        return at;
    }

    @Test
    void aTwoSecondBeaconWithJitterToAPeerNobodyElseUsesIsHighWithinAMinute() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            beacon(h, "10.10.2.44", C2, T0, 2500, 0.2, 60, new Random(1));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.BEACONING);
                assertThat(a.severity()).isEqualTo(Severity.HIGH);
                assertThat(a.src()).isEqualTo("10.10.2.44");
                assertThat(a.dst()).isEqualTo(C2);
                assertThat(Duration.between(a.firstSeen(), a.raisedAt())).isLessThan(Duration.ofSeconds(60));
                assertThat(((Number) a.evidence().get("period_seconds")).doubleValue()).isBetween(2.2, 2.8);
                assertThat(a.evidence()).containsKeys("jitter_seconds", "connections", "bytes_per_contact", "beacon_score")
                        .containsEntry("site_hosts_using_peer", 1);
                assertThat(a.attack()).containsExactly(Attack.WEB_PROTOCOLS, Attack.ENCRYPTED_CHANNEL);
            });
        }
    }

    @Test
    void anHourlyBeaconIsFoundToo() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            beacon(h, "10.10.2.45", C2, T0, 3_600_000, 0.1, 12, new Random(2));
            h.endOfInput(T0 + 13 * 3_600_000L);

            assertThat(h.episodes(AlertType.BEACONING)).singleElement()
                    .satisfies(a -> assertThat(((Number) a.evidence().get("period_seconds")).doubleValue())
                            .isBetween(3_200.0, 4_000.0));
        }
    }

    @Test
    void nineCheckInsAboutAMinuteApartAreEnoughToAPeerNoOtherHostUses() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            beacon(h, "10.10.2.47", C2, T0, 50_000, 0.1, 9, new Random(6));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.BEACONING)).singleElement().satisfies(a -> {
                assertThat(a.evidence()).containsEntry("site_hosts_using_peer", 1).containsEntry("intervals_needed", 8);
                assertThat((Integer) a.evidence().get("intervals")).isLessThan(10);
            });
        }
    }

    @Test
    void toAPeerOtherHostsUseTheSameNineCheckInsAreTooFewButTheFullCountIsNot() {
        String shared = "198.51.100.77";
        try (TopologyHarness h = new TopologyHarness(state)) {
            // two other hosts used the peer (once each) before the workstation's check-ins began
            h.send(Flows.session("10.10.2.61", shared, 443, T0, 300, 2_000, 40_000, "tls", "1.3"));
            h.send(Flows.session("10.10.2.62", shared, 443, T0 + 1_000, 300, 2_000, 40_000, "tls", "1.3"));
            long end = beacon(h, "10.10.2.48", shared, T0 + 120_000, 50_000, 0.1, 9, new Random(7));
            h.send(Flows.session("10.10.2.63", "198.51.100.5", 443, end + 60_000, 300, 2_000, 40_000, "tls", "1.3"));
            assertThat(h.episodes(AlertType.BEACONING)).isEmpty();

            beacon(h, "10.10.2.48", shared, end + 120_000, 50_000, 0.1, 9, new Random(8));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.BEACONING)).singleElement().satisfies(a -> {
                assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(a.evidence()).containsEntry("site_hosts_using_peer", 3);
                // the full count for a period of about a minute (14 at 60 s, 15 at 45 s)
                assertThat((Integer) a.evidence().get("intervals_needed")).isBetween(14, 15);
            });
        }
    }

    /**
     * One connection from {@code host} kept open for {@code minutes}, exported as the collector
     * does: its opening, then a piece a minute listing the bursts that began in it (a burst every
     * {@code periodMs} ± {@code jitter} of {@code bytes}).
     */
    static void keptOpen(TopologyHarness h, String host, String peer, int minutes, long periodMs, double jitter, int bytes,
                         Random r) {
        FlowRecord open = Flows.session(host, peer, 443, T0, 300, 1_500, 4_000, "tls", "1.3");
        h.send(open);
        long at = T0 + periodMs;
        for (int piece = 1; piece <= minutes; piece++) {
            long start = T0 + piece * 60_000L - 60_000;
            List<Integer> when = new ArrayList<>(), sizes = new ArrayList<>();
            for (; at < start + 60_000; at += (long) (periodMs * (1 - jitter + 2 * jitter * r.nextDouble()))) {
                when.add((int) (at - start));
                sizes.add(bytes + r.nextInt(40));
            }
            h.send(open.toBuilder().seq(piece).start(start).end(start + 59_000).flowStart(T0).endReason("active")
                    .out(10, 10 * bytes / 3).in(10, 20 * bytes / 3)
                    .bursts(new FlowRecord.Bursts(when.size(), when, sizes)).build());
        }
    }

    @Test
    void checkInsEvery20sInsideOneKeptOpenConnectionAreABeacon() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            keptOpen(h, "10.10.2.49", C2, 6, 20_000, 0.15, 1_200, new Random(9));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.BEACONING)).singleElement().satisfies(a -> {
                assertThat(((Number) a.evidence().get("period_seconds")).doubleValue()).isBetween(17.0, 23.0);
                assertThat((Integer) a.evidence().get("checkins_inside_a_connection")).isGreaterThanOrEqualTo(8);
                assertThat(a.summary()).contains("inside one connection it keeps open");
            });
        }
    }

    @Test
    void aKeptAliveConnectionToANetworkOtherHostsUseIsAServicesKeepAliveAndOnlyLow() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // two colleagues reach the same chat service's network (other addresses of it) first
            h.send(Flows.session("10.10.2.71", "198.51.100.41", 443, T0 - 120_000, 300, 2_000, 40_000, "tls", "1.3"));
            h.send(Flows.session("10.10.2.72", "198.51.100.42", 443, T0 - 110_000, 300, 2_000, 40_000, "tls", "1.3"));
            keptOpen(h, "10.10.2.73", "198.51.100.40", 12, 30_000, 0.02, 300, new Random(11));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.BEACONING)).singleElement().satisfies(a -> {
                assertThat(a.severity()).isEqualTo(Severity.LOW);
                assertThat(a.summary()).contains("keeping its connection alive");
            });
        }
    }

    @Test
    void aVideoStreamsRegularSegmentsAreNotABeacon() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // a segment of about 800 KB every 4 s, on one connection, for ten minutes
            keptOpen(h, "10.10.2.51", "198.51.100.60", 10, 4_000, 0.05, 800_000, new Random(10));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes()).isEmpty();
        }
    }

    @Test
    void browsingIsNotABeacon() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(3);
            long at = T0;
            for (int i = 0; i < 200; i++) {
                // a person: pauses of a second to several minutes, pages of very different sizes
                at += (long) (1000 * Math.exp(r.nextGaussian() * 1.5 + 2.5));
                h.send(Flows.session("10.10.2.50", "198.51.100.30", 443, at, 300, 800 + r.nextInt(40_000),
                        5_000 + r.nextInt(900_000), "tls", "1.3"));
            }
            h.endOfInput(at + 3_600_000);

            assertThat(h.episodes()).isEmpty();
        }
    }

    @Test
    void aPeerThatMostHostsCallOnATimerIsFleetSoftwareAndOnlyLow() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            Random r = new Random(4);
            for (int host = 1; host <= 6; host++) {
                beacon(h, "10.10.2." + (100 + host), "198.51.100.250", T0 + host * 7_000L, 60_000, 0.05, 40, r);
            }
            h.endOfInput(T0 + 3 * 3_600_000L);

            assertThat(h.episodes(AlertType.BEACONING)).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.severity()).isIn(Severity.LOW, Severity.MEDIUM))
                    .anySatisfy(a -> {
                        assertThat(a.severity()).isEqualTo(Severity.LOW);
                        assertThat(a.summary()).contains("fleet software");
                    });
        }
    }

    @Test
    void aSitesOwnScoreIsHonoured() {
        Thresholds d = Detectors.thresholds();
        BeaconCandidates.Config c = d.get(BeaconCandidates.THRESHOLDS);
        Thresholds b = c.minScore() > 0 ? d.with(BeaconCandidates.THRESHOLDS, new BeaconCandidates.Config(c.minIntervals(),
                c.maxJitter(), c.minPeriod(), c.maxPeriod(), c.maxBytes(),
                0.99, c.rareShare())) : d;
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state, "strict", b))) {
            Random r = new Random(5);
            long at = T0;
            for (int i = 0; i < 60; i++) {
                h.send(Flows.session("10.10.2.44", C2, 443, at, 120, 900, 4_200, "tls", "1.3").toBuilder().site("strict").build());
                h.send(Flows.session("10.10.2.44", C2, 443, at, 120, 900, 4_200, "tls", "1.3"));
                at += 2000 + r.nextInt(1000);
            }
            h.endOfInput(T0 + 3_600_000, "strict", Flows.SITE);

            assertThat(h.episodes()).extracting(Alert::site).containsExactly(Flows.SITE);
        }
    }
}
