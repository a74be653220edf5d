package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Heartbeat;
import io.vigil.model.Json;
import io.vigil.model.JsonSerde;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.SiteTraffic;
import io.vigil.model.Topics;
import io.vigil.notifier.channel.WebhookChannel;
import io.vigil.reporter.Summaries;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.TlsFixture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code analyze --notify} proves delivery from a capture; {@code audit} reads the trail back. */
class NotifyIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void analyzeWithNotifyDeliversTheScanToASignedHttpsWebhookAndPrintsTheAuditTrail() throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        Scenario scenario = Scenarios.demo(11);
        Path capture = scenario.traffic().write(dir.resolve("demo.pcap"));
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        List<String> stamps = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        server.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(ex.getRequestHeaders().getFirst("X-Vigil-Signature"));
            stamps.add(ex.getRequestHeaders().getFirst("X-Vigil-Timestamp"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        Path secret = Files.writeString(dir.resolve("hook.secret"), "hook-secret-0123456789\n");
        Path config = Files.writeString(dir.resolve("notifier.yaml"), String.join("\n",
                "channels:",
                "  soc:",
                "    type: webhook",
                "    url: https://localhost:" + server.getAddress().getPort() + "/vigil",
                "    secret: ${file:" + secret + "}",
                "    truststore: " + tls.truststore(),
                "    truststore-password: " + TlsFixture.PASSWORD,
                "routes:",
                "  - {name: soc, min-severity: medium, channels: [soc]}",
                ""));
        CliRun r;
        try {
            r = CliRun.of("analyze", "--bootstrap", kafka.bootstrap(), "--site", "clinic-north", "--notify",
                    config.toString(), "--traffic", dir.resolve("traffic.jsonl").toString(), capture.toString());
        } finally {
            server.stop(0);
        }
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> raised = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            assertThat(signatures.get(i)).isEqualTo("sha256=" + WebhookChannel.sign(
                    "hook-secret-0123456789".getBytes(StandardCharsets.UTF_8), stamps.get(i), bodies.get(i)));
            JsonNode j = Json.MAPPER.readTree(bodies.get(i));
            if (j.get("event").asText().equals("raised")) raised.add(j);
        }
        assertThat(raised).singleElement().satisfies(j -> {
            assertThat(j.get("alert").get("type").asText()).isEqualTo("port_scan");
            assertThat(j.get("alert").get("src").asText()).isEqualTo(scenario.labels().get(0).attacker());
        });
        // the run's own audit trail on stderr: the delivery, and the per-channel summary
        assertThat(r.err()).contains("notification audit trail").containsPattern("port_scan\\s+\\S+\\s+clinic-north\\s+soc\\s+soc\\s+raised\\s+1\\s+delivered")
                .containsPattern("(?m)^CHANNEL\\s+DELIVERED\\s+FAILED\\s+DEAD").containsPattern("(?m)^soc\\s+\\d+\\s+0\\s+0");
        // the edge's bandwidth a minute, for the report: every packet of the capture crossed the edge or stayed inside
        List<SiteTraffic> traffic = Files.readAllLines(dir.resolve("traffic.jsonl")).stream()
                .map(l -> Json.read(l, SiteTraffic.class)).toList();
        assertThat(traffic).isNotEmpty().allSatisfy(t -> assertThat(t.site()).isEqualTo("clinic-north"));
        assertThat(traffic.stream().mapToLong(SiteTraffic::receivedBytes).sum()).isPositive();
        // the alert JSON on stdout as without --notify
        assertThat(r.out().lines().map(l -> Json.read(l, Alert.class).type().wire()).toList())
                .containsExactly("port_scan");
    }

    @Test
    void auditPrintsTheTrailOfARunningClusterFilteredByAlertAndOutcome() throws Exception {
        Topics topics = kafka.freshTopics(2);
        Instant t = Instant.now().minusSeconds(5);
        List<ProducerRecord<String, NotificationAttempt>> records = List.of(
                attempt(topics, "a1b2c3d4-scan", "soc-mail", 1, NotificationAttempt.FAILED, "smtp down", t, 900),
                attempt(topics, "a1b2c3d4-scan", "soc-mail", 2, NotificationAttempt.DELIVERED, null, t, 2400),
                attempt(topics, "a1b2c3d4-scan", "siem", 1, NotificationAttempt.DELIVERED, null, t, 35),
                attempt(topics, "ffff0000-exfil", "siem", 1, NotificationAttempt.DELIVERED, null, t, 41));
        kafka.produce(topics.notifications(), JsonSerde.notifications(), records);
        Path config = Files.writeString(dir.resolve("n.yaml"), "namespace: " + topics.namespace()
                + "\nkafka:\n  bootstrap.servers: " + kafka.bootstrap() + "\n");

        CliRun all = CliRun.of("audit", "--config", config.toString(), "--since", "1h");
        assertThat(all.exit()).as(all.err()).isZero();
        List<String> lines = all.out().lines().toList();
        assertThat(lines.get(0)).startsWith("SENT (UTC)").contains("ALERT", "CHANNEL", "OUTCOME", "LATENCY");
        assertThat(lines.subList(1, 5)).allSatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\d .*"));
        assertThat(all.out()).containsPattern("a1b2c3d4-sca\\s+port_scan\\s+high\\s+clinic-north\\s+soc\\s+soc-mail\\s+raised\\s+1\\s+failed\\s+900 ms\\s+smtp down")
                .containsPattern("(?m)^soc-mail\\s+1\\s+1\\s+0\\s+2400 ms\\s+2400 ms\\s+2400 ms$")
                .containsPattern("(?m)^siem\\s+2\\s+0\\s+0\\s+35 ms\\s+41 ms\\s+41 ms$");

        CliRun failed = CliRun.of("audit", "--config", config.toString(), "--alert", "a1b2", "--outcome", "failed", "--json");
        assertThat(failed.exit()).as(failed.err()).isZero();
        assertThat(failed.out().lines().toList()).singleElement()
                .satisfies(l -> assertThat(Json.read(l, NotificationAttempt.class).error()).isEqualTo("smtp down"));

        CliRun none = CliRun.of("audit", "--config", config.toString(), "--channel", "pager");
        assertThat(none.out()).startsWith("no notification attempts since ");

        CliRun noCluster = CliRun.of("audit");
        assertThat(noCluster.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCluster.err()).startsWith("vigil: vigil audit reads a running cluster's audit trail");
    }

    @Test
    void reportReadsTheWeeksAlertsAndTheAuditTrailFromTheCluster() throws Exception {
        Topics topics = kafka.freshTopics(2);
        Instant now = Instant.now();
        Alert a = new Alert(Alert.VERSION, "w-1", AlertType.BRUTE_FORCE,
                Severity.HIGH, "active", "clinic-north", "203.0.113.9", "10.10.1.22", List.of("10.10.1.22"),
                now.minusSeconds(30), now, now, now, 3, 40, null, "203.0.113.9 tried 40 ssh logins on 10.10.1.22.",
                Map.of(), List.of("T1110"));
        kafka.produce(topics.alerts(), JsonSerde.alerts(), List.of(new ProducerRecord<>(topics.alerts(), "w-1", a)));
        kafka.produce(topics.notifications(), JsonSerde.notifications(), List.of(
                attempt(topics, "w-1", "siem", 1, NotificationAttempt.DELIVERED, null, now, 75)));
        // the collector's heartbeats of the last ten minutes, with a five-minute gap, and one junk record
        List<ProducerRecord<String, Heartbeat>> beats = new ArrayList<>();
        for (long s = 600; s > 0; s -= 10) {
            if (s < 400 && s > 100) continue;
            long t = now.minusSeconds(s).toEpochMilli();
            beats.add(new ProducerRecord<>(topics.heartbeats(), "gw-1", new Heartbeat(
                    Heartbeat.VERSION, "gw-1", "clinic-north", t, t, 1, 1, 0, 1, 1, 0, 0)));
        }
        kafka.produce(topics.heartbeats(), JsonSerde.heartbeats(), beats);
        kafka.produce(topics.alerts(), new ByteArraySerializer(), List.of(
                new ProducerRecord<>(topics.alerts(), "junk", "{not an alert".getBytes(StandardCharsets.UTF_8))));
        Path config = Files.writeString(dir.resolve("r.yaml"), "namespace: " + topics.namespace()
                + "\nkafka:\n  bootstrap.servers: " + kafka.bootstrap() + "\n");
        String week = Summaries.weekOf(now);
        CliRun r = CliRun.of("report", "--config", config.toString(), "--week", week, "--out", dir.resolve("reports").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("vigil report: 1 record(s) on " + topics.alerts() + " did not decode and are not counted");
        String html = Files.readString(dir.resolve("reports/vigil-clinic-north-" + week + ".html"));
        assertThat(html).contains("<b>75 ms</b><span>median time to notify</span>").contains("203.0.113.9 tried 40 ssh logins")
                .contains("Was the edge watched?").contains("<td>gw-1</td>");
        assertThat(Files.readString(dir.resolve("reports/vigil-clinic-north-" + week + ".json")))
                .contains("\"silences\":[{\"from\"");
    }

    private static ProducerRecord<String, NotificationAttempt> attempt(Topics topics, String id, String channel, int n,
                                                                       String outcome, String error, Instant detected,
                                                                       long latency) {
        return new ProducerRecord<>(topics.notifications(), id, new NotificationAttempt(NotificationAttempt.VERSION, id,
                id.endsWith("scan") ? "port_scan" : "exfiltration", "high", "clinic-north", "soc", channel, "raised", n,
                outcome, error, detected, detected.plusMillis(latency), latency));
    }
}
