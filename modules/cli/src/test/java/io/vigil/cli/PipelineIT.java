package io.vigil.cli;

import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.KafkaOptions;
import io.vigil.cli.runtime.OfflinePipeline;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Json;
import io.vigil.notifier.channel.WebhookChannel;
import io.vigil.simulator.Label;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.simulator.Traffic;
import io.vigil.simulator.packet.Framing;
import io.vigil.runtime.pcap.LinkType;
import io.vigil.runtime.pcap.PcapWriter;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end: a capture the test makes → collector → the in-process
 * broker → detector → notifier → a real HTTP server, asserting the alert's fields.
 */
class PipelineIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void aPortScanInACaptureReachesTheWebhookWithEveryContractField() throws Exception {
        // given the demo capture and a webhook receiver
        Scenario scenario = Scenarios.demo(7);
        Path capture = scenario.traffic().write(dir.resolve("demo.pcap"));
        Label truth = scenario.labels().get(0);
        OfflinePipeline.Result result;
        List<JsonNode> received;
        try (WebhookReceiver hook = WebhookReceiver.start();
             KafkaEndpoint endpoint = KafkaEndpoint.open(KafkaOptions.of(kafka.bootstrap()))) {
            // when
            result = OfflinePipeline.run(endpoint, new OfflinePipeline.Settings(List.of(capture), "clinic-north",
                    scenario.internal(), 2, true, Duration.ofMinutes(3),
                    List.of(new WebhookChannel("webhook", hook.url("/hook"), true, Duration.ofSeconds(5)))));
            received = hook.received();
        }

        // then the run produced exactly the labelled scan
        assertThat(result.outcome().whole()).isTrue();
        assertThat(result.outcome().packets()).isEqualTo(scenario.traffic().size());
        assertThat(result.alerts()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.PORT_SCAN);
            assertThat(a.site()).isEqualTo("clinic-north");
            assertThat(a.src()).isEqualTo(truth.attacker());
            assertThat(a.dst()).isEqualTo(truth.victims().get(0));
            assertThat(a.targets()).isEqualTo(truth.victims());
            assertThat(a.status()).isEqualTo(Alert.ENDED);
            assertThat(a.firstSeen()).isEqualTo(truth.from());
            assertThat(a.lastSeen()).isBetween(truth.to().minusSeconds(1), truth.to());
            assertThat(Duration.between(a.firstSeen(), a.raisedAt())).isLessThan(Duration.ofSeconds(10));
            assertThat(a.detectedAt()).isNotNull();
            assertThat(a.observed()).isEqualTo(200);
            assertThat(a.evidence()).containsEntry("open_ports", List.of(80, 443));
        });
        // and the webhook got it: raised first, ended last, all with the same id
        assertThat(received).isNotEmpty();
        assertThat(received.get(0).get("event").asText()).isEqualTo("raised");
        assertThat(received.get(received.size() - 1).get("event").asText()).isEqualTo("ended");
        String id = result.alerts().get(0).id();
        assertThat(received).allSatisfy(j -> assertThat(j.get("alert").get("id").asText()).isEqualTo(id));
        JsonNode last = received.get(received.size() - 1).get("alert");
        for (String field : List.of("id", "type", "severity", "site", "src", "dst", "targets", "first_seen", "last_seen",
                "raised_at", "detected_at", "score", "observed", "baseline", "summary", "evidence", "v")) {
            assertThat(last.has(field)).as("webhook alert has " + field).isTrue();
        }
    }

    @Test
    void theDemoRunsWholeOverTls() {
        CliRun r = CliRun.of("demo", "--tls");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("TLS only on both listeners", "→ 1 alert", "delivered by the notifier");
    }

    @Test
    void analyzeWritesOneAlertPerLineAndBenignTrafficWritesNone() throws Exception {
        Path scan = dir.resolve("scan.pcap");
        Scenarios.demo(3).traffic().write(scan);
        Path benign = dir.resolve("benign.pcap");
        Scenarios.benign(3, 300).traffic().write(benign);
        Path out = dir.resolve("alerts.jsonl");

        CliRun r = CliRun.of("analyze", "-q", "--bootstrap", kafka.bootstrap(), "--internal", "10.10.0.0/16",
                "--site", "s1", "--out", out.toString(), scan.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).singleElement().satisfies(l -> {
            Alert a = Json.read(l, Alert.class);
            assertThat(a.type()).isEqualTo(AlertType.PORT_SCAN);
            assertThat(a.site()).isEqualTo("s1");
        });

        CliRun quiet = CliRun.of("analyze", "-q", "--bootstrap", kafka.bootstrap(), "--internal", "10.10.0.0/16",
                benign.toString());
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.out()).isEmpty();
    }

    @Test
    void severalFilesAreOneStream() throws Exception {
        // The scan is split across two files: neither half alone has 15 ports... the whole does.
        Scenario s = Scenarios.demo(5);
        Path all = s.traffic().write(dir.resolve("all.pcap"));
        List<Traffic.Packet> packets = s.traffic().sorted();
        long cut = s.labels().get(0).from().toEpochMilli() * 1_000_000L + 150_000_000L; // 150 ms into the scan
        Path first = dir.resolve("1.pcap"), second = dir.resolve("2.pcap");
        writeSubset(packets, first, p -> p.tsNanos() < cut);
        writeSubset(packets, second, p -> p.tsNanos() >= cut);

        CliRun r = CliRun.of("analyze", "-q", "--bootstrap", kafka.bootstrap(), "--internal", "10.10.0.0/16",
                first.toString(), second.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        assertThat(Json.read(r.out().lines().findFirst().orElseThrow(), Alert.class).observed()).isEqualTo(200);
    }

    private static void writeSubset(List<Traffic.Packet> packets, Path file,
                                    Predicate<Traffic.Packet> keep) throws Exception {
        Framing framing = new Framing(
                LinkType.ETHERNET, 0);
        try (var w = PcapWriter.open(file, LinkType.ETHERNET)) {
            for (var p : packets) {
                if (keep.test(p)) w.write(p.tsNanos(), framing.frame(p.ip()));
            }
        }
    }
}
