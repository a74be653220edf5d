package io.vigil.detector;

import io.vigil.detector.host.SynFloodDetector;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Attack;
import io.vigil.model.Severity;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** syn_flood under the production topology: the flood's real totals, the silence of a busy server, per-site limits. */
class SynFloodTopologyTest {

    static final String WEB = "10.10.1.10";

    @TempDir
    Path state;

    /** {@code n} SYNs to port 443 from {@code n} spoofed sources, {@code gapMicros} apart. */
    static void flood(TopologyHarness h, String site, int n, long start, long gapMicros) {
        for (int i = 0; i < n; i++) {
            String src = "203." + (i / 65536 % 200 + 1) + "." + (i / 256 % 256) + "." + (i % 256);
            h.send(Flows.unanswered(src, WEB, 443, start + i * gapMicros / 1000).toBuilder().site(site).build());
        }
    }

    @Test
    void aSpoofedFloodIsReportedWithTheWholeFloodsTotalsNotTheFirstWindows() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // given 37 000 SYNs from 37 000 sources in 10 s, as hping3 --rand-source makes
            flood(h, Flows.SITE, 37_000, T0, 270);
            h.endOfInput(T0 + 600_000);

            // then one episode, raised within a second, whose final record carries the real totals
            List<Alert> floods = h.episodes(AlertType.SYN_FLOOD);
            assertThat(floods).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo(Alert.ENDED);
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.dst()).isEqualTo(WEB);
                assertThat(a.src()).as("many sources: none named").isNull();
                assertThat(Duration.between(a.firstSeen(), a.raisedAt())).isLessThan(Duration.ofSeconds(1));
                assertThat(((Number) a.evidence().get("incomplete_attempts")).longValue()).isGreaterThan(36_000);
                assertThat(((Number) a.evidence().get("distinct_sources_estimate")).doubleValue())
                        .isCloseTo(37_000, within(37_000 * 0.06));
                assertThat(((Number) a.evidence().get("peak_per_second")).longValue()).isBetween(3_000L, 4_000L);
                assertThat(a.summary()).contains("37,").contains("sources").doesNotContain("400 sources");
                assertThat(a.attack()).contains(Attack.OS_EXHAUSTION_FLOOD);
            });
            // updates went out as it grew (each doubling), not one per SYN
            assertThat(h.records()).filteredOn(a -> a.type() == AlertType.SYN_FLOOD).hasSizeBetween(3, 12);
        }
    }

    @Test
    void aBusyServerWhoseConnectionsCompleteIsNotFlooded() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            for (int i = 0; i < 3000; i++) {
                h.send(Flows.established("203.0.113." + (i % 250 + 1), WEB, 443, T0 + i * 3L, 1));
            }
            // and a few stray SYNs nobody completed, as every exposed server sees
            flood(h, Flows.SITE, 150, T0, 20_000);
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).isEmpty();
        }
    }

    @Test
    void aSitesOwnLimitIsHonoured() {
        Thresholds d = Detectors.thresholds();
        SynFloodDetector.Config c = d.get(SynFloodDetector.THRESHOLDS);
        Thresholds small = d.with(SynFloodDetector.THRESHOLDS, new SynFloodDetector.Config(50, c.window(), c.ratio(), 3));
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state, "small-clinic", small))) {
            flood(h, "small-clinic", 120, T0, 20_000);
            flood(h, Flows.SITE, 120, T0, 20_000);
            h.endOfInput(T0 + 600_000, "small-clinic", Flows.SITE);

            assertThat(h.episodes(AlertType.SYN_FLOOD)).singleElement()
                    .satisfies(a -> assertThat(a.site()).isEqualTo("small-clinic"));
        }
    }
}
