package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.DetectorConfig;
import io.vigil.detector.spi.Allowlist;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import io.vigil.simulator.BenignDay;
import io.vigil.simulator.Label;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.simulator.Traffic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every attack scenario of the simulator through the real collector and the production
 * detector topology: the labelled type fires and names the labelled hosts, and nothing else
 * reaches medium. A simulated benign day raises nothing at medium or above.
 */
class ScenarioDetectionTest {

    @TempDir
    Path state;

    DetectorConfig config() {
        return DetectorConfig.defaults(state);
    }

    static List<Alert> detect(DetectorConfig config, Scenario s) {
        return Detection.run(config, "sim", s.internal(), sink -> s.traffic().sorted().forEach(sink));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"port-scan", "host-sweep", "syn-flood", "brute-force", "exfiltration", "beaconing",
            "dns-tunnel", "insecure-protocol", "volume-anomaly", "beaconing-fast", "beaconing-slow", "exfiltration-new-host",
            "exfiltration-slow", "dns-tunnel-iodine", "dns-tunnel-direct", "icmp-tunnel"})
    void eachAttackIsDetectedAsItsLabelSays(String name) {
        Scenario s = Scenarios.byName(name, 3);
        List<Alert> alerts = detect(config(), s);

        for (Label label : s.labels()) {
            AlertType type = AlertType.parse(label.type());
            assertThat(alerts).as("%s: a %s alert for %s", name, type, label).anySatisfy(a -> {
                assertThat(a.type()).isEqualTo(type);
                if (label.attacker() != null) assertThat(a.src()).isEqualTo(label.attacker());
                if (!label.victims().isEmpty()) {
                    assertThat(a.targets()).containsAnyElementsOf(label.victims());
                }
                // raised during the attack, not at the end of input
                assertThat(a.raisedAt()).isBetween(label.from(), label.to().plus(Duration.ofMinutes(1)));
            });
        }
        Set<AlertType> labelled = s.labels().stream().map(l -> AlertType.parse(l.type())).collect(Collectors.toSet());
        assertThat(alerts).as("%s: no other alert at medium or above", name)
                .filteredOn(a -> a.severity().atLeast(Severity.MEDIUM) && !labelled.contains(a.type()))
                .isEmpty();
    }

    @Test
    void scansFloodsAndBruteForceAreRaisedWithinTenSecondsOfEventTime() {
        for (String name : List.of("port-scan", "host-sweep", "syn-flood", "brute-force")) {
            Scenario s = Scenarios.byName(name, 5);
            Label label = s.labels().get(0);
            Alert a = detect(config(), s).stream().filter(x -> x.type() == AlertType.parse(label.type())).findFirst()
                    .orElseThrow();
            assertThat(Duration.between(label.from(), a.raisedAt())).as(name).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aSimulatedBenignDayRaisesNothingAtMediumOrAbove() {
        DetectorConfig c = config().withAllowlist(new Allowlist(List.of(new Allowlist.Rule(Set.of(AlertType.EXFILTRATION),
                null, List.of(BenignDay.BACKUP_SERVER), List.of(BenignDay.BACKUP_TARGET), "nightly offsite backup"))));
        long[] packets = new long[1];
        List<Alert> alerts;
        long flows;
        try (Detection d = new Detection(c, "sim", Scenarios.INTERNAL)) {
            packets[0] = BenignDay.stream(11, 24, p -> d.packet(p));
            alerts = d.finish("sim");
            flows = d.flows();
        }
        System.out.printf("benign day: %,d packets, %,d flows, alerts: %s%n", packets[0], flows,
                alerts.stream().map(a -> a.type().wire() + "/" + a.severity().wire()).collect(Collectors.toList()));
        assertThat(flows).isGreaterThan(10_000);
        assertThat(alerts).filteredOn(a -> a.severity().atLeast(Severity.MEDIUM))
                .as("benign alerts at medium or above").isEmpty();
    }

    @Test
    void withoutTheAllowlistTheFirstNightlyBackupLooksLikeExfiltration() {
        List<Alert> alerts = Detection.run(config(), "sim", Scenarios.INTERNAL,
                sink -> BenignDay.stream(11, 16, 3, sink::accept)); // 01:00 to 04:00, the backup at 02:00
        assertThat(alerts).filteredOn(a -> a.type() == AlertType.EXFILTRATION).singleElement()
                .satisfies(a -> assertThat(a.src()).isEqualTo(BenignDay.BACKUP_SERVER));
    }
}
