package io.vigil.detector;

import io.vigil.detector.scan.HostSweepDetector;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Severity;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** host_sweep: one port across many hosts. */
class HostSweepTopologyTest {

    static final String SCANNER = "198.51.100.66";

    @TempDir
    Path state;

    static void sweep(TopologyHarness h, String site, int hosts) {
        for (int i = 1; i <= hosts; i++) {
            h.send(Flows.unanswered(SCANNER, "10.10.3." + i, 445, T0 + i * 50L).toBuilder().site(site).build());
        }
    }

    @Test
    void sixtyHostsProbedOnOnePortIsOneSweepNamingThemAll() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            sweep(h, Flows.SITE, 60);
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.HOST_SWEEP);
                assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(a.src()).isEqualTo(SCANNER);
                assertThat(a.targets()).hasSize(60);
                assertThat(a.evidence()).containsEntry("hosts_probed", 60);
                assertThat(Duration.between(a.firstSeen(), a.raisedAt())).isLessThan(Duration.ofSeconds(2));
                assertThat(a.attack()).containsExactly(Attack.NETWORK_SERVICE_DISCOVERY, Attack.REMOTE_SYSTEM_DISCOVERY);
            });
        }
    }

    @Test
    void twentyHostsAreBelowTheThresholdAndASitesOwnLimitIsHonoured() {
        Thresholds d = Detectors.thresholds();
        Thresholds tight = d.with(HostSweepDetector.THRESHOLDS, new HostSweepDetector.Config(10, d.get(HostSweepDetector.THRESHOLDS).window()));
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state, "tight", tight))) {
            sweep(h, Flows.SITE, 20);
            sweep(h, "tight", 20);
            h.endOfInput(T0 + 3_600_000, Flows.SITE, "tight");

            assertThat(h.episodes()).extracting(Alert::site).containsExactly("tight");
        }
    }
}
