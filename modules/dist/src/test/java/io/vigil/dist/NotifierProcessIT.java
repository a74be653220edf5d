package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.JsonSerde;
import io.vigil.model.Severity;
import io.vigil.model.Topics;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil notifier --config FILE} as an operator runs it: the packaged jar in its own
 * process, delivering, answering health and metrics, and stopped with SIGTERM — after which
 * the offsets of everything it delivered are committed (it closed before the JVM exited).
 */
class NotifierProcessIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void theRoleDeliversAnswersHealthAndCommitsWhatItDeliveredWhenStopped() throws Exception {
        Topics topics = kafka.freshTopics(2);
        WebhookReceiver hook = WebhookReceiver.start();
        int metricsPort = VigilJar.freePorts(1)[0];
        Path config = Files.writeString(dir.resolve("notifier.yaml"), String.join("\n",
                "namespace: " + topics.namespace(),
                "group-id: process-test",
                "kafka:",
                "  bootstrap.servers: " + kafka.bootstrap(),
                "channels:",
                "  hook: {type: webhook, url: '" + hook.url("/") + "', allow-http: true}",
                "metrics: {port: " + metricsPort + "}",
                ""));
        Path log = dir.resolve("notifier.log");
        Process p = VigilJar.command("notifier", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            List<ProducerRecord<String, Alert>> alerts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) alerts.add(new ProducerRecord<>(topics.alerts(), "p-" + i, alert("p-" + i)));
            kafka.produce(topics.alerts(), JsonSerde.alerts(), alerts);
            long deadline = System.currentTimeMillis() + 90_000;
            while (hook.received().size() < 3 && System.currentTimeMillis() < deadline && p.isAlive()) Thread.sleep(100);
            assertThat(hook.alertIds()).as(Files.readString(log)).containsExactlyInAnyOrder("p-1", "p-2", "p-3");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
                    + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"delivered\":3");
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("vigil_notifier_alerts_delivered_total 3.0")
                    .contains("vigil_notifier_latency_seconds_count{channel=\"hook\"} 3");

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            // printed after every resource was closed: the JVM waited for the role to finish
            assertThat(Files.readString(log)).contains("vigil notifier: stopped; 3 alert records delivered");
        } finally {
            p.destroyForcibly();
            hook.close();
        }
        try (Admin admin = Admin.create(kafka.clientProps())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("process-test")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long total = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            assertThat(total).as("offsets committed on the way out\n" + Files.readString(log)).isEqualTo(3);
        }
    }

    /**
     * SIGKILL in the middle of a stream of alerts, then the same role started again: every
     * alert reaches the receiver as {@code raised}, and what is sent twice is only what was in
     * flight when the process died — each repeat with the same Idempotency-Key, so the
     * receiver can drop it.
     */
    @Test
    void killedMidStreamItResendsAtMostWhatWasInFlightAsTheSameEvent() throws Exception {
        Topics topics = kafka.freshTopics(2);
        WebhookReceiver hook = WebhookReceiver.slow(40);
        // id, event, idempotency key of each request
        Supplier<List<String[]>> requests = () -> hook.requests().stream().map(r -> new String[] {
                r.body().get("alert").get("id").asText(), r.body().get("event").asText(), r.headers().getFirst("Idempotency-Key")})
                .toList();
        Path config = Files.writeString(dir.resolve("notifier.yaml"), String.join("\n",
                "namespace: " + topics.namespace(), "group-id: kill-test", "kafka:", "  bootstrap.servers: " + kafka.bootstrap(),
                "channels:",
                "  hook: {type: webhook, url: '" + hook.url("/") + "', allow-http: true}",
                "metrics: {port: 0}", ""));
        int n = 60;
        List<ProducerRecord<String, Alert>> alerts = new ArrayList<>();
        for (int i = 1; i <= n; i++) alerts.add(new ProducerRecord<>(topics.alerts(), "k-" + i, alert("k-" + i)));
        kafka.produce(topics.alerts(), JsonSerde.alerts(), alerts);
        Path log = dir.resolve("kill.log");
        Process first = start(config, log);
        try {
            long deadline = System.currentTimeMillis() + 90_000;
            while (hook.requests().size() < 20 && System.currentTimeMillis() < deadline && first.isAlive()) Thread.sleep(5);
            assertThat(hook.requests().size()).as(Files.readString(log)).isGreaterThanOrEqualTo(20);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no commit
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int beforeRestart = hook.requests().size();
            Process second = start(config, dir.resolve("kill2.log"));
            try {
                deadline = System.currentTimeMillis() + 120_000;
                while (requests.get().stream().map(r -> r[0]).distinct().count() < n && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(2_000); // anything sent twice arrives by now
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            List<String[]> received = requests.get();
            assertThat(received.stream().map(r -> r[0]).distinct()).as("every alert delivered").hasSize(n);
            assertThat(received).as("each as raised, never as a later event").allSatisfy(r -> assertThat(r[1]).isEqualTo("raised"));
            Map<String, List<String>> keys = new HashMap<>();
            for (String[] r : received) keys.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[2]);
            List<String> repeated = keys.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
            assertThat(repeated).as("sent twice (killed after %d deliveries)", beforeRestart).hasSizeLessThanOrEqualTo(2)
                    .allSatisfy(id -> assertThat(keys.get(id)).as("the same Idempotency-Key each time").containsOnly(
                            keys.get(id).get(0)));
        } finally {
            first.destroyForcibly();
            hook.close();
        }
    }

    private static Process start(Path config, Path log) throws IOException {
        return VigilJar.command("notifier", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Alert alert(String id) {
        Instant t = Instant.parse("2026-11-02T09:00:00Z");
        return new Alert(Alert.VERSION, id, AlertType.BRUTE_FORCE, Severity.HIGH, Alert.ACTIVE, "clinic-north",
                "203.0.113.9", "10.10.1.22", List.of("10.10.1.22"), t, t.plusSeconds(30), t.plusSeconds(8), Instant.now(),
                3, 40, null, "203.0.113.9 tried 40 ssh logins on 10.10.1.22.", Map.of(), List.of());
    }
}
