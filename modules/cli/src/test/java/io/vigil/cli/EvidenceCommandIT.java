package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.evidence.EvidenceCut;
import io.vigil.collector.evidence.EvidenceDesk;
import io.vigil.collector.evidence.EvidenceScope;
import io.vigil.collector.evidence.KeptCuts;
import io.vigil.collector.evidence.PacketRing;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.EvidenceRequest;
import io.vigil.model.Json;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil evidence get} against a real broker and a collector's evidence desk: a port scan's
 * capture went through the collector's ring; the alert {@code vigil analyze} raised on the same
 * capture is on the alerts topic; the command writes the scan's pcap — the same packets the
 * offline cut gives, byte for byte what the ring holds for the alert — and the request, with who
 * asked, stays on the requests topic. An unknown alert id is one line and exit 2.
 */
class EvidenceCommandIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void aScansPacketsFetchedThroughKafkaAreTheOfflineCutsPackets() throws Exception {
        Topics topics = kafka.freshTopics(3);
        Scenario s = Scenarios.byName("port-scan", 11);
        Path capture = s.traffic().write(dir.resolve("scan.pcap"));
        List<String> args = new ArrayList<>(List.of("analyze", "--evidence", dir.resolve("offline").toString()));
        s.internal().forEach(c -> args.addAll(List.of("--internal", c)));
        args.add(capture.toString());
        CliRun analyzed = CliRun.of(args.toArray(String[]::new));
        assertThat(analyzed.exit()).as(analyzed.err()).isZero();
        Alert alert = analyzed.out().lines().map(l -> Json.read(l, Alert.class)).filter(a -> a.type() == AlertType.PORT_SCAN)
                .findFirst().orElseThrow();
        kafka.produce(topics.alerts(), JsonSerde.alerts(), List.of(new ProducerRecord<>(topics.alerts(), alert.id(), alert)));

        // the collector's side: the capture went through its ring; its desk answers for the site
        PacketRing ring = new PacketRing(new PacketRing.Settings(dir.resolve("ring"), 64L << 20, Duration.ofDays(1), 128));
        JavaCaptureReader.read(capture, ring, n -> { });
        try (ring; EvidenceDesk desk = new EvidenceDesk(ring, new KeptCuts(dir.resolve("kept"), Duration.ofDays(30), 64L << 20),
                new EvidenceDesk.Settings(alert.site(), "gw-1", topics, kafka.clientProps()), EvidenceCut.Naming.TEXT,
                Clock.systemUTC()).start()) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!desk.assigned() && System.nanoTime() < deadline) Thread.sleep(50);
            Path config = Files.writeString(dir.resolve("c.yaml"), "namespace: " + topics.namespace() + "\n"
                    + "kafka: {bootstrap.servers: '" + kafka.bootstrap() + "'}\n");
            Path out = dir.resolve("fetched.pcap");

            CliRun r = CliRun.of("evidence", "get", alert.id(), "--out", out.toString(), "--config", config.toString(),
                    "--by", "analyst.one");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("wrote " + out + ": ").contains("from collector gw-1");
            PacketRing.Outcome expected = ring.cut(EvidenceScope.of(alert), dir.resolve("expected"));
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(expected.file()));
            assertThat(AnalyzeEvidenceIT.packets(out)).as("the live path gives the offline cut's packets")
                    .isNotEmpty().containsExactlyElementsOf(AnalyzeEvidenceIT.packets(
                            dir.resolve("offline").resolve(alert.id() + ".pcap")));
            AnalyzeEvidenceIT.tcpdumpReads(out, (int) expected.packets());

            List<ConsumerRecord<String, EvidenceRequest>> asked = kafka.consume(topics.evidenceRequests(),
                    JsonSerde.evidenceRequests(), l -> !l.isEmpty(), Duration.ofSeconds(10));
            assertThat(asked).singleElement().satisfies(q -> {
                assertThat(q.value().by()).isEqualTo("analyst.one");
                assertThat(q.value().via()).isEqualTo("cli");
                assertThat(q.value().alertId()).isEqualTo(alert.id());
            });
        }
    }

    @Test
    void anUnknownAlertIsOneLineAndExit2() throws Exception {
        Topics topics = kafka.freshTopics(2);
        Path config = Files.writeString(dir.resolve("c.yaml"), "namespace: " + topics.namespace() + "\n"
                + "kafka: {bootstrap.servers: '" + kafka.bootstrap() + "'}\n");
        CliRun r = CliRun.of("evidence", "get", "no-such-alert", "--out", dir.resolve("x.pcap").toString(),
                "--config", config.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("vigil: no alert no-such-alert on " + topics.alerts())
                .doesNotContain("Exception");
        assertThat(dir.resolve("x.pcap")).doesNotExist();
    }
}
