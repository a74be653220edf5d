package io.vigil.detector;

import io.vigil.detector.spi.EpisodeTimes;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.EvidenceRequest;
import io.vigil.model.FlowRecord;
import io.vigil.model.Severity;
import io.vigil.testkit.Flows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production topology under TopologyTestDriver: what must fire, and what must stay silent. */
class PortScanTopologyTest {

    static final String SCANNER = "198.51.100.23";
    static final String WEB = "10.10.1.10";

    @TempDir
    Path state;

    TopologyHarness h;

    @BeforeEach
    void setUp() {
        h = new TopologyHarness(state);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    void send(FlowRecord f) {
        h.send(f);
    }

    void deliver() {
        h.deliver();
    }

    void endOfInput(long ts) {
        h.endOfInput(ts);
    }

    /**
     * Ordinary traffic: many outside clients on the web ports, staff browsing out, in random
     * order (a modular pattern here would be a perfect beacon, and the detector would say so).
     */
    void background(long from, long to) {
        Random r = new Random(from);
        for (long t = from; t < to; t += 300 + r.nextInt(800)) {
            send(Flows.established("203.0.113." + (r.nextInt(200) + 1), WEB, r.nextInt(3) == 0 ? 80 : 443, t, 2));
            send(Flows.established("10.10.2." + (r.nextInt(20) + 10), "198.51.100." + (r.nextInt(50) + 100), 443, t, 5));
        }
    }

    @Test
    void aSynScanRaisesOneAlertWithinSecondsThatEndsWithTheInput() {
        // given ordinary traffic, then a scan of 200 ports, 20 ms apart, with 80 and 443 open
        background(T0, T0 + 60_000);
        long scanStart = T0 + 30_000;
        for (int i = 0; i < 200; i++) {
            int port = i == 199 ? 443 : i + 1;
            long at = scanStart + i * 20L;
            send(port == 80 || port == 443 ? Flows.halfOpen(SCANNER, WEB, port, at) : Flows.rejected(SCANNER, WEB, port, at));
        }
        endOfInput(T0 + 3_600_000);

        // then
        List<Alert> all = h.fresh();
        assertThat(all).isNotEmpty();
        assertThat(all.stream().map(Alert::id).distinct()).as("one episode, one id").hasSize(1);
        Alert first = all.get(0);
        assertThat(first.type()).isEqualTo(AlertType.PORT_SCAN);
        assertThat(first.status()).isEqualTo(Alert.ACTIVE);
        assertThat(first.site()).isEqualTo(Flows.SITE);
        assertThat(first.src()).isEqualTo(SCANNER);
        assertThat(first.dst()).isEqualTo(WEB);
        assertThat(first.targets()).containsExactly(WEB);
        assertThat(first.firstSeen()).isEqualTo(Instant.ofEpochMilli(scanStart));
        assertThat(Duration.between(first.firstSeen(), first.raisedAt())).isLessThan(Duration.ofSeconds(10));
        assertThat(first.observed()).isEqualTo(15);
        assertThat(first.detectedAt()).isNotNull();
        assertThat(first.summary()).contains(SCANNER).contains(WEB);

        Alert last = all.get(all.size() - 1);
        assertThat(last.status()).isEqualTo(Alert.ENDED);
        assertThat(last.observed()).isEqualTo(200);
        assertThat(last.severity()).isEqualTo(Severity.HIGH);
        assertThat(last.raisedAt()).isEqualTo(first.raisedAt());
        // the last probe (443) is half-open: SYN, SYN+ACK, RST over 2 ms
        assertThat(last.lastSeen()).isEqualTo(Instant.ofEpochMilli(scanStart + 199 * 20L + 2));
        assertThat(last.evidence()).containsEntry("distinct_ports", 200)
                .containsEntry("open_ports", List.of(80, 443));
        // updates are rate-limited: raise, each doubling (30, 60, 120), end
        assertThat(all).hasSizeLessThanOrEqualTo(6);

        assertThat(h.acks()).containsExactlyInAnyOrder(
                new EndOfInputAck(EndOfInputAck.VERSION, "run-test-site", "source", 0, 1),
                new EndOfInputAck(EndOfInputAck.VERSION, "run-test-site", "host", 0, 1),
                new EndOfInputAck(EndOfInputAck.VERSION, "run-test-site", "peer", 0, 1),
                new EndOfInputAck(EndOfInputAck.VERSION, "run-test-site", "site", 0, 1),
                new EndOfInputAck(EndOfInputAck.VERSION, "run-test-site", "intel", 0, 1));
    }

    @Test
    void eachAlertRecordAsksTheSitesCollectorToCutItsPackets() {
        background(T0, T0 + 60_000);
        long scanStart = T0 + 30_000;
        for (int i = 0; i < 200; i++) send(Flows.rejected(SCANNER, WEB, i + 1, scanStart + i * 20L));
        endOfInput(T0 + 3_600_000);

        List<Alert> alerts = h.fresh();
        var cuts = h.cuts();
        assertThat(cuts).hasSameSizeAs(alerts);
        for (int i = 0; i < alerts.size(); i++) {
            Alert a = alerts.get(i);
            EvidenceRequest r = cuts.get(i).value();
            assertThat(cuts.get(i).key()).isEqualTo(a.id());
            assertThat(r.kind()).isEqualTo(EvidenceRequest.CUT);
            assertThat(r.alertId()).isEqualTo(a.id());
            assertThat(r.alertStatus()).isEqualTo(a.status());
            assertThat(r.site()).isEqualTo(Flows.SITE);
            assertThat(r.hosts()).containsExactlyInAnyOrder(SCANNER, WEB);
            assertThat(r.from()).isEqualTo(a.firstSeen().minusSeconds(60));
            assertThat(r.to()).isEqualTo(a.lastSeen().plusSeconds(60));
            assertThat(r.problems()).isEmpty();
        }
        assertThat(cuts.get(cuts.size() - 1).value().alertStatus()).as("cut again once ended").isEqualTo(Alert.ENDED);
    }

    @Test
    void ordinaryTrafficRaisesNothingEvenWhenOneClientUsesManyServices() {
        background(T0, T0 + 600_000);
        // a client that really uses 40 services of one server: established, not probes
        for (int port = 8000; port < 8040; port++) send(Flows.established("10.10.2.50", "10.10.1.20", port, T0 + port, 1));
        endOfInput(T0 + 4_000_000);

        assertThat(h.fresh()).isEmpty();
        assertThat(h.acks()).extracting(EndOfInputAck::stage).containsExactlyInAnyOrderElementsOf(DetectorTopology.endOfInputStages());
    }

    @Test
    void fourteenFailedPortsAreBelowTheThreshold() {
        for (int i = 0; i < 14; i++) send(Flows.rejected(SCANNER, WEB, 1000 + i, T0 + i * 1000L));
        endOfInput(T0 + 3_600_000);

        assertThat(h.fresh().isEmpty()).isTrue();
    }

    @Test
    void probesSpreadWiderThanTheWindowDoNotAddUp() {
        // 20 ports, one every 30 s: never 15 inside 5 minutes
        for (int i = 0; i < 20; i++) send(Flows.unanswered(SCANNER, WEB, 2000 + i, T0 + i * 30_000L));
        endOfInput(T0 + 3_600_000);

        assertThat(h.fresh().isEmpty()).isTrue();
    }

    @Test
    void aScanThatStopsEndsAfterTheQuietPeriodAndARenewedScanReopensTheSameAlert() {
        for (int i = 0; i < 20; i++) send(Flows.rejected(SCANNER, WEB, 3000 + i, T0 + i * 100L));
        // 15 minutes of other traffic moves stream time past the 10 min quiet period
        background(T0 + 10_000, T0 + 15 * 60_000);
        deliver();
        List<Alert> firstPart = h.fresh();
        assertThat(firstPart.get(firstPart.size() - 1).status()).isEqualTo(Alert.ENDED);

        // the same source comes back 20 minutes later: within the 1 h suppression
        long back = T0 + 20 * 60_000;
        for (int i = 0; i < 20; i++) send(Flows.rejected(SCANNER, WEB, 4000 + i, back + i * 100L));
        deliver();
        List<Alert> secondPart = h.fresh();

        assertThat(secondPart).isNotEmpty();
        assertThat(secondPart.get(0).id()).isEqualTo(firstPart.get(0).id());
        assertThat(secondPart.get(0).status()).isEqualTo(Alert.ACTIVE);
        assertThat(secondPart.get(0).lastSeen()).isAfter(firstPart.get(firstPart.size() - 1).lastSeen());
    }

    @Test
    void aScanOfManyHostsIsOneAlertPerSourceNamingTheTargets() {
        List<String> victims = new ArrayList<>();
        for (int h = 1; h <= 3; h++) victims.add("10.10.1." + h);
        for (String v : victims) {
            for (int p = 1; p <= 20; p++) send(Flows.rejected(SCANNER, v, p, T0 + p * 10L));
        }
        endOfInput(T0 + 3_600_000);

        List<Alert> all = h.fresh();
        assertThat(all.stream().map(Alert::id).collect(Collectors.toSet())).hasSize(1);
        Alert last = all.get(all.size() - 1);
        assertThat(last.targets()).containsExactlyElementsOf(victims);
        assertThat(last.dst()).isNull();
    }

    @Test
    void aSitesOwnEpisodeTimesDecideWhenItsScanEndsAndWhetherItReopens() {
        Thresholds d = Detectors.thresholds();
        Thresholds brief = d.with(EpisodeTimes.THRESHOLDS, new EpisodeTimes(Duration.ofMinutes(2), Duration.ofMinutes(5)));
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state.resolve("own"), "brief", brief))) {
            for (String site : List.of("brief", Flows.SITE)) {
                for (int i = 0; i < 20; i++) h.send(Flows.rejected(SCANNER, WEB, 3000 + i, T0 + i * 100L).toBuilder().site(site).build());
                // the same source again 12 minutes later: past "brief"'s 2 + 5 minutes, within the default's 10 + 60
                for (int i = 0; i < 20; i++) {
                    h.send(Flows.rejected(SCANNER, WEB, 4000 + i, T0 + 12 * 60_000 + i * 100L).toBuilder().site(site).build());
                }
            }
            h.endOfInput(T0 + 3_600_000, "brief", Flows.SITE);

            assertThat(h.episodes()).filteredOn(a -> a.site().equals("brief")).as("two pages: it ended and was forgotten")
                    .hasSize(2);
            assertThat(h.episodes()).filteredOn(a -> a.site().equals(Flows.SITE)).as("one episode, still open at 12 min")
                    .hasSize(1);
        }
    }

    @Test
    void anInternalHostScanningIsHighSeverityFromTheStart() {
        for (int p = 1; p <= 15; p++) send(Flows.rejected("10.10.2.66", "10.10.1.10", p, T0 + p * 10L));
        deliver();

        Alert a = h.fresh().get(0);
        assertThat(a.severity()).isEqualTo(Severity.HIGH);
        assertThat(a.summary()).contains("isolate");
    }
}
