package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.netflow.BiflowJoiner;
import io.vigil.collector.netflow.ExporterStats;
import io.vigil.collector.netflow.NetflowReceiver;
import io.vigil.detector.DetectorConfig;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.CidrSet;
import io.vigil.model.FlowRecord;
import io.vigil.simulator.Label;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.testkit.Softflowd;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attacks flows alone can show, fed to the detector as a real exporter reports them:
 * softflowd exports each scenario's capture as IPFIX to Vigil's receiver, and the production
 * topology raises the labelled alert against the labelled hosts — with no packet Vigil saw.
 */
class NetflowDetectionIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"port-scan", "host-sweep", "syn-flood", "brute-force", "exfiltration", "beaconing"})
    void theAttackIsDetectedFromFlowExportsAlone(String name) throws Exception {
        Scenario s = Scenarios.byName(name, 3);
        List<Alert> alerts = detect(name, s);
        for (Label label : s.labels()) expect(alerts, name, label);
    }

    /** Telnet served and FTP used are judged by their ports; TLS 1.0 served cannot be seen without payload. */
    @org.junit.jupiter.api.Test
    void plaintextProtocolsAreJudgedByTheirPortsFromFlowExports() throws Exception {
        Scenario s = Scenarios.byName("insecure-protocol", 3);
        List<Alert> alerts = detect("insecure-protocol", s);
        List<Label> plaintext = s.labels().stream().filter(l -> !l.note().contains("TLS")).toList();
        assertThat(plaintext).hasSize(2);
        for (Label label : plaintext) expect(alerts, "insecure-protocol", label);
        assertThat(alerts).filteredOn(a -> a.type() == AlertType.INSECURE_PROTOCOL)
                .allSatisfy(a -> assertThat(a.evidence()).containsEntry("judged_by", "port (flow export, no payload)"));
    }

    private List<Alert> detect(String name, Scenario s) throws Exception {
        Path capture = s.traffic().write(dir.resolve(name + ".pcap"));
        List<FlowRecord> records = new CopyOnWriteArrayList<>();
        BiflowJoiner joiner = new BiflowJoiner("sim", "netflow", CidrSet.of(s.internal()), AddressMapper.IDENTITY,
                records::add, 2_000);
        try (NetflowReceiver r = new NetflowReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), joiner,
                new ExporterStats()).start()) {
            Softflowd.export(capture, r.port(), 10, dir.resolve(name + ".log"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() - r.lastPacketMs() < 1_000 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
        }
        // exports arrive when flows expire; the detector reads them by when they ended
        List<FlowRecord> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.comparingLong(FlowRecord::end));
        return Detection.runRecords(DetectorConfig.defaults(dir.resolve("state-" + name)), "sim", s.internal(), ordered);
    }

    private static void expect(List<Alert> alerts, String name, Label label) {
        AlertType type = AlertType.parse(label.type());
        assertThat(alerts).as("%s from exported flows: a %s alert for %s; got %s", name, type, label,
                alerts.stream().map(a -> a.type() + " " + a.src() + "->" + a.targets()).toList()).anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(type);
            if (label.attacker() != null) assertThat(a.src()).isEqualTo(label.attacker());
            if (!label.victims().isEmpty()) assertThat(a.targets()).containsAnyElementsOf(label.victims());
        });
    }
}
