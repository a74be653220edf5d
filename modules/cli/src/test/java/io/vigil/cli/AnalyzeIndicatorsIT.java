package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Json;
import io.vigil.model.Severity;
import io.vigil.simulator.Label;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil analyze --indicators}: last month's capture against today's bulletin, offline.
 * A beacon's peer listed in a STIX bundle and a name the site's hosts look up (and reach over
 * TLS) listed in a CSV list are each found; the rest of an ordinary day's traffic raises no {@code threat_intel}.
 */
class AnalyzeIndicatorsIT {

    @TempDir
    Path dir;

    @Test
    void aCaptureIsCheckedAgainstTodaysBulletin() throws Exception {
        Scenario scenario = Scenarios.byName("beaconing", 7);
        Path capture = scenario.traffic().write(dir.resolve("beacon.pcap"));
        Label beacon = scenario.labels().get(0);
        String peer = beacon.victims().get(0);
        Path stix = Files.writeString(dir.resolve("bundle.json"), """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "indicator", "spec_version": "2.1", "id": "indicator--1", "name": "loader C2",
                   "pattern": "[ipv4-addr:value = '%s']", "pattern_type": "stix", "valid_from": "2026-11-20T00:00:00Z",
                   "confidence": 90, "external_references": [{"source_name": "mitre-attack", "external_id": "T1071.001"}]}]}
                """.formatted(peer));
        Path csv = Files.writeString(dir.resolve("list.csv"), "indicator,confidence,description\n"
                + "portal.example.net,30,look-alike portal\n192.0.2.99,80,never contacted\n");

        CliRun r = CliRun.of("analyze", "--indicators", stix.toString(), "--indicators", csv.toString(), "--internal",
                "10.10.0.0/16", capture.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("bundle.json (stix): 1 indicators, 0 expired, 0 entries skipped")
                .contains("list.csv (csv): 2 indicators");
        List<Alert> alerts = r.out().lines().map(l -> Json.read(l, Alert.class)).toList();
        List<Alert> intel = alerts.stream().filter(a -> a.type() == AlertType.THREAT_INTEL).toList();
        assertThat(intel).filteredOn(a -> a.dst().equals(peer)).singleElement().satisfies(a -> {
            assertThat(a.src()).isEqualTo(beacon.attacker());
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.attack()).containsExactly("T1071.001");
            assertThat(a.evidence()).containsEntry("source", "bundle.json");
        });
        List<Alert> portal = intel.stream().filter(a -> !a.dst().equals(peer)).toList();
        assertThat(portal).isNotEmpty().allSatisfy(a -> {
            assertThat(a.evidence()).containsEntry("indicator", "domain:portal.example.net");
            // confidence 30: low for a lookup, one up for a TLS connection that asked for the name
            boolean connected = String.valueOf(a.evidence().get("how")).contains("connection");
            assertThat(a.severity()).isEqualTo(connected ? Severity.MEDIUM : Severity.LOW);
        });
        assertThat(portal).as("the simulated browsers' ClientHellos name the portal")
                .anyMatch(a -> String.valueOf(a.evidence().get("how")).contains("connection"));
        assertThat(alerts).anyMatch(a -> a.type() == AlertType.BEACONING);
    }
}
