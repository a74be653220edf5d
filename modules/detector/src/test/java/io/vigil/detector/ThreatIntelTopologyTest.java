package io.vigil.detector;

import io.vigil.detector.intel.ThreatIntelDetector;
import io.vigil.detector.spi.Thresholds;
import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.spi.Allowlist;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.FlowRecord;
import io.vigil.model.Indicator;
import io.vigil.model.Severity;
import io.vigil.testkit.Flows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** threat_intel: flows' outside addresses and DNS names against the indicators topic, through the real topology. */
class ThreatIntelTopologyTest {

    static final String WS = "10.10.2.20", WS2 = "10.10.2.21", RESOLVER = "10.10.0.53";

    @TempDir
    Path state;

    static Indicator indicator(String value, int confidence, String... attack) {
        return Indicator.of(value, "carecert-cc-4123", confidence, Instant.parse("2026-10-01T00:00:00Z"), null,
                "Cobalt Strike team server", "https://digital.nhs.uk/cyber-alerts/2026/cc-4123", List.of(attack));
    }

    @Test
    void aHostTalkingToAListedServerIsOneCriticalAlertCountingEveryFlow() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            h.indicate(indicator("198.51.100.66", 80, "T1071.001"));
            for (int i = 0; i < 5; i++) h.send(Flows.session(WS, "198.51.100.66", 443, T0 + i * 60_000L, 500, 900, 4_000, "tls", "1.3"));
            h.send(Flows.session(WS, "198.51.100.67", 443, T0, 500, 900, 4_000, "tls", "1.3")); // its neighbour is not listed
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.THREAT_INTEL)).singleElement().satisfies(a -> {
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.src()).isEqualTo(WS);
                assertThat(a.dst()).isEqualTo("198.51.100.66");
                assertThat(a.attack()).containsExactly("T1071.001");
                assertThat(a.evidence()).containsEntry("indicator", "ip:198.51.100.66").containsEntry("source", "carecert-cc-4123")
                        .containsEntry("reference", "https://digital.nhs.uk/cyber-alerts/2026/cc-4123")
                        .containsEntry("confidence", 80).containsEntry("answered", true).containsEntry("flows", 5)
                        .containsEntry("port", 443);
                assertThat(a.summary()).isEqualTo("10.10.2.20 connected to 198.51.100.66; carecert-cc-4123 lists it "
                        + "(confidence 80): Cobalt Strike team server");
                assertThat(a.firstSeen()).isEqualTo(Instant.ofEpochMilli(T0));
            });
        }
    }

    @Test
    void blocksMatchByTheirMostSpecificEntryAndDomainsByTheNamesBelowThem() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            h.indicate(indicator("203.0.113.0/24", 30));
            h.indicate(indicator("203.0.113.128/25", 60));
            h.indicate(indicator("https://drop.example/p/x.bin", 90)); // a URL: its host is the indicator
            h.send(Flows.unanswered(WS, "203.0.113.200", 8443, T0));
            h.send(Flows.dns(WS2, RESOLVER, T0 + 1000, "A", List.of("cdn7.drop.example", "www.nhs.uk", "cdn8.drop.example"), 3));
            h.endOfInput(T0 + 3_600_000);

            List<Alert> alerts = h.episodes(AlertType.THREAT_INTEL);
            assertThat(alerts).hasSize(2);
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.evidence()).containsEntry("indicator", "cidr:203.0.113.128/25").containsEntry("answered", false);
                assertThat(a.severity()).isEqualTo(Severity.MEDIUM); // confidence 60, tried and not answered
                assertThat(a.summary()).startsWith("10.10.2.20 tried to connect to 203.0.113.200; carecert-cc-4123 lists 203.0.113.128/25");
            });
            assertThat(alerts).anySatisfy(a -> {
                assertThat(a.evidence()).containsEntry("indicator", "domain:drop.example").containsEntry("how", "lookup")
                        .containsEntry("resolver", RESOLVER).containsEntry("rcode", "NOERROR").doesNotContainKey("direction");
                assertThat(a.src()).isEqualTo(WS2);
                assertThat(a.dst()).isEqualTo(RESOLVER);
                assertThat(a.targets()).containsExactly("cdn7.drop.example");
                assertThat(a.evidence()).as("one flow, however many of its names match").containsEntry("flows", 1);
                assertThat(a.severity()).isEqualTo(Severity.HIGH);
            });
        }
    }

    @Test
    void aTlsConnectionToAListedNameIsFoundByTheNameItsHelloAskedFor() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            h.indicate(indicator("drop.example", 90));
            // resolved elsewhere (DNS over HTTPS, another resolver): only the ClientHello names it
            h.send(Flows.session(WS, "198.51.100.90", 443, T0, 500, 900, 4_000, "tls", "1.3").toBuilder()
                    .serverName("api.drop.example").build());
            h.send(Flows.session(WS2, "198.51.100.91", 443, T0, 500, 900, 4_000, "tls", "1.3").toBuilder()
                    .serverName("www.nhs.uk").build());
            // its lookup, reported later (a DNS flow ends on its idle time): part of the same story
            h.send(Flows.dns(WS, RESOLVER, T0 + 30_000, "A", List.of("api.drop.example"), 1));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.THREAT_INTEL)).singleElement().satisfies(a -> {
                assertThat(a.src()).isEqualTo(WS);
                assertThat(a.dst()).isEqualTo("198.51.100.90");
                assertThat(a.targets()).containsExactly("api.drop.example");
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.evidence()).containsEntry("indicator", "domain:drop.example")
                        .containsEntry("how", "connection, lookup").containsEntry("flows", 2)
                        .containsEntry("address", "198.51.100.90").containsEntry("port", 443);
                assertThat(a.summary()).startsWith("10.10.2.20 connected to api.drop.example over TLS; carecert-cc-4123 lists drop.example");
            });
        }
    }

    @Test
    void listedScannersKnockingAreNotAlertsButOneThatGetsInIs() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            h.indicate(indicator("192.0.2.10", 80));
            h.indicate(indicator("192.0.2.11", 80));
            for (int port = 20; port < 30; port++) h.send(Flows.rejected("192.0.2.10", "10.10.1.5", port, T0 + port));
            h.send(Flows.halfOpen("192.0.2.10", "10.10.1.5", 443, T0 + 50)); // an open port probed: SYN, SYN+ACK, RST
            h.send(Flows.established("192.0.2.11", "10.10.1.5", 443, T0 + 5_000, 30));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.THREAT_INTEL)).singleElement().satisfies(a -> {
                assertThat(a.src()).isEqualTo("192.0.2.11");
                assertThat(a.dst()).isEqualTo("10.10.1.5");
                assertThat(a.severity()).isEqualTo(Severity.MEDIUM); // one below the confidence's high
                assertThat(a.evidence()).containsEntry("direction", "inbound");
            });
        }
    }

    @Test
    void aSiteChoosesItsOwnConfidenceInboundAndIgnoredValues() {
        Thresholds strict = Detectors.thresholds().with(ThreatIntelDetector.THRESHOLDS, new ThreatIntelDetector.Config(50, "all",
                Set.of("cdn.example", "198.51.100.0/28")));
        try (TopologyHarness h = new TopologyHarness(TopologyHarness.withSite(state, "edge", strict))) {
            h.indicate(indicator("192.0.2.10", 80));
            h.indicate(indicator("198.51.100.5", 90)); // inside an ignored block
            h.indicate(indicator("img.cdn.example", 90));
            h.indicate(indicator("198.51.100.77", 45)); // below the site's confidence
            for (FlowRecord f : List.of(Flows.rejected("192.0.2.10", "10.10.1.5", 22, T0),
                    Flows.session(WS, "198.51.100.5", 443, T0, 500, 900, 4_000, "tls", "1.3"),
                    Flows.dns(WS, RESOLVER, T0, "A", List.of("img.cdn.example"), 1),
                    Flows.session(WS, "198.51.100.77", 443, T0, 500, 900, 4_000, "tls", "1.3"))) {
                h.send(f.toBuilder().site("edge").build());
                h.send(f); // the same at a site with the defaults
            }
            h.endOfInput(T0 + 3_600_000, "edge", Flows.SITE);

            assertThat(h.episodes(AlertType.THREAT_INTEL)).filteredOn(a -> a.site().equals("edge")).singleElement()
                    .satisfies(a -> {
                        assertThat(a.src()).isEqualTo("192.0.2.10");
                        assertThat(a.severity()).isEqualTo(Severity.LOW); // knocked only: two below high
                    });
            assertThat(h.episodes(AlertType.THREAT_INTEL)).filteredOn(a -> a.site().equals(Flows.SITE))
                    .extracting(a -> a.evidence().get("indicator"))
                    .containsExactlyInAnyOrder("ip:198.51.100.5", "domain:img.cdn.example", "ip:198.51.100.77");
        }
    }

    @Test
    void theAllowlistAppliesAsToEveryType() {
        Allowlist allow = new Allowlist(List.of(new Allowlist.Rule(Set.of(AlertType.THREAT_INTEL), null, List.of("10.10.9.0/24"),
                List.of(), "the malware analysis sandbox")));
        try (TopologyHarness h = new TopologyHarness(DetectorConfig.defaults(state).withAllowlist(allow))) {
            h.indicate(indicator("198.51.100.66", 80));
            h.send(Flows.session("10.10.9.4", "198.51.100.66", 443, T0, 500, 900, 4_000, "tls", "1.3"));
            h.send(Flows.session(WS, "198.51.100.66", 443, T0, 500, 900, 4_000, "tls", "1.3"));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.THREAT_INTEL)).extracting(Alert::src).containsExactly(WS);
        }
    }

    @Test
    void aListChangesWhileFlowsRunAndABrokenEntryTakesNothingElseWithIt() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            h.send(Flows.session(WS, "198.51.100.66", 443, T0, 500, 900, 4_000, "tls", "1.3"));
            h.deliver(); // before the bulletin: nothing to match
            h.indicateRaw("ip:198.51.100.9", "{not json".getBytes(StandardCharsets.UTF_8));
            h.indicateRaw("ip:198.51.100.8", "{\"kind\":\"ip\",\"value\":\"198.51.100.99\",\"source\":\"x\",\"confidence\":50}"
                    .getBytes(StandardCharsets.UTF_8)); // its key says another address
            h.indicate(indicator("198.51.100.66", 80));
            h.send(Flows.session(WS, "198.51.100.66", 443, T0 + 60_000, 500, 900, 4_000, "tls", "1.3"));
            h.deliver();
            h.indicateRaw("ip:198.51.100.66", null); // withdrawn
            h.send(Flows.session(WS2, "198.51.100.66", 443, T0 + 120_000, 500, 900, 4_000, "tls", "1.3"));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.THREAT_INTEL)).singleElement().satisfies(a -> {
                assertThat(a.src()).isEqualTo(WS);
                assertThat(a.firstSeen()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
            });
        }
    }

    @Test
    void withoutIndicatorsTheStageStillAcknowledgesTheEndOfInput() {
        try (TopologyHarness h = new TopologyHarness(state)) {
            h.send(Flows.session(WS, "198.51.100.66", 443, T0, 500, 900, 4_000, "tls", "1.3"));
            h.endOfInput(T0 + 3_600_000);

            assertThat(h.episodes(AlertType.THREAT_INTEL)).isEmpty();
            assertThat(h.acks()).extracting(a -> a.stage()).contains("intel");
        }
    }
}
