package io.vigil.detector;

import io.vigil.detector.host.InsecureProtocolDetector;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** insecure_protocol: TLS below 1.2 is medium with an accurate sentence; SSL 3.0 and readable logins are high. */
class InsecureProtocolTopologyTest {

    static final String WS = "10.10.2.20";

    @TempDir
    Path state;

    @Test
    void oneHostUsingTls10WithFiveServersIsOneMediumAlertNamingThemAll() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            for (int i = 1; i <= 5; i++) {
                h.send(Flows.session(WS, "198.51.100." + i, 443, T0 + i * 1000L, 500, 2_000, 9_000, "tls", "1.0"));
            }
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.INSECURE_PROTOCOL);
                assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
                assertThat(a.targets()).containsExactly("198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4",
                        "198.51.100.5");
                assertThat(a.summary()).contains("TLS 1.0").contains("5 servers").contains("TLS 1.2 or better")
                        .contains("encrypted").doesNotContain("readable");
            });
        }
    }

    @Test
    void sslV2AndV3AndALoginSentReadableAreHigh() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            h.send(Flows.session(WS, "198.51.100.7", 443, T0, 500, 2_000, 9_000, "tls", "ssl3"));
            h.send(Flows.session(WS, "198.51.100.8", 443, T0 + 500, 500, 2_000, 9_000, "tls", "ssl2"));
            h.send(Flows.session(WS, "198.51.100.21", 21, T0 + 1000, 800, 300, 900, "ftp", null).toBuilder()
                    .cleartextLogin("ftp PASS").build());
            h.send(Flows.session(WS, "198.51.100.22", 80, T0 + 2000, 800, 600, 900, "http", null).toBuilder()
                    .cleartextLogin("http Basic").build());
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).hasSize(4).allSatisfy(a -> assertThat(a.severity()).isEqualTo(Severity.HIGH));
            assertThat(h.episodes()).anySatisfy(a -> assertThat(a.summary()).contains("SSL 3.0").contains("broken (POODLE)"));
            assertThat(h.episodes()).anySatisfy(a -> assertThat(a.summary()).contains("SSL 2.0").contains("broken (DROWN)"));
            assertThat(h.episodes()).anySatisfy(a -> assertThat(a.summary()).contains("ftp PASS").contains("change it"));
            assertThat(h.episodes()).anySatisfy(a -> assertThat(a.summary()).contains("http Basic"));
        }
    }

    @Test
    void modernTlsAndOrdinaryOutboundHttpAreSilent() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            h.send(Flows.session(WS, "198.51.100.7", 443, T0, 500, 2_000, 9_000, "tls", "1.2"));
            h.send(Flows.session(WS, "198.51.100.8", 443, T0, 500, 2_000, 9_000, "tls", "1.3"));
            h.send(Flows.session(WS, "198.51.100.9", 80, T0, 500, 600, 90_000, "http", null));
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).isEmpty();
        }
    }

    @Test
    void aSitesOwnMinimumIsHonoured() {
        Thresholds d = Detectors.thresholds();
        Thresholds legacy = d.with(InsecureProtocolDetector.THRESHOLDS, new InsecureProtocolDetector.Config(Set.of("telnet"), "1.0"));
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state, "legacy-lab", legacy))) {
            h.send(Flows.session(WS, "198.51.100.7", 443, T0, 500, 2_000, 9_000, "tls", "1.0").toBuilder()
                    .site("legacy-lab").build());
            h.send(Flows.session(WS, "198.51.100.7", 443, T0, 500, 2_000, 9_000, "tls", "1.0"));
            h.endOfInput(T0 + 600_000, "legacy-lab", Flows.SITE);

            assertThat(h.episodes()).extracting(Alert::site).containsExactly(Flows.SITE);
        }
    }

    @Test
    void onExportedFlowsTheWellKnownPortStandsForTheProtocolAndTheAlertSaysSo() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            // softflowd's records: no payload facts, only ports
            h.send(Flows.session(WS, "198.51.100.23", 23, T0, 5_000, 900, 4_000, null, null).toBuilder().source("netflow").build());
            h.send(Flows.unanswered(WS, "198.51.100.24", 23, T0 + 1000).toBuilder().source("netflow").build());
            // the collector's own capture saw what was spoken on 21: not ftp, so nothing
            h.send(Flows.session(WS, "198.51.100.25", 21, T0, 5_000, 900, 4_000, "ssh", null));
            h.endOfInput(T0 + 600_000);

            assertThat(h.episodes()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.INSECURE_PROTOCOL);
                assertThat(a.targets()).containsExactly("198.51.100.23");
                assertThat(a.evidence()).containsEntry("protocol", "telnet").containsEntry("judged_by", "port (flow export, no payload)");
                assertThat(a.summary()).contains("uses telnet").endsWith("(Judged by the port alone: the flow export carries no payload.)");
            });
        }
    }
}
