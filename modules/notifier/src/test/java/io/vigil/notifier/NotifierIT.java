package io.vigil.notifier;

import io.vigil.testkit.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.DeadLetters;
import io.vigil.model.Json;
import io.vigil.model.JsonSerde;
import io.vigil.model.Severity;
import io.vigil.model.Topics;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.ConsoleChannel;
import io.vigil.notifier.channel.Notice;
import io.vigil.notifier.channel.WebhookChannel;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.WebhookReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NotifierIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    static Alert alert(int i) {
        Instant t = Instant.parse("2026-11-02T09:00:00Z").plusSeconds(i);
        return new Alert(Alert.VERSION, "alert-" + i, AlertType.PORT_SCAN, Severity.MEDIUM, Alert.ACTIVE, "site-a",
                "198.51.100." + i, "10.10.1.10", List.of("10.10.1.10"), t, t.plusSeconds(3), t.plusSeconds(1),
                Instant.now(), 2.0, 30, new Alert.Baseline(15, 0, 0), "198.51.100." + i + " probed 30 ports.", Map.of(), List.of());
    }

    @Test
    void aWebhookThatFailsAtFirstReceivesEveryAlertOnceItRecovers() throws Exception {
        // given a receiver that answers 503 to its first 5 requests
        WebhookReceiver hook = WebhookReceiver.answering(n -> n <= 5 ? 503 : 204);
        Topics topics = kafka.freshTopics(2);
        List<ProducerRecord<String, Alert>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) records.add(new ProducerRecord<>(topics.alerts(), "alert-" + i, alert(i)));
        kafka.produce(topics.alerts(), JsonSerde.alerts(), records);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        // when
        URI url = hook.url("/hook");
        try (hook; Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics)
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(100)), kafka.clientProps(),
                List.of(new ConsoleChannel(new PrintStream(console, true, StandardCharsets.UTF_8), false),
                        new WebhookChannel("webhook", url, true, Duration.ofSeconds(5)))).start()) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (n.delivered() < 10 && System.currentTimeMillis() < deadline) Thread.sleep(50);
            assertThat(n.delivered()).isEqualTo(10);
            assertThat(n.failedAttempts()).isGreaterThanOrEqualTo(5);
        }
        List<JsonNode> received = hook.received();
        Map<String, Set<String>> keys = hook.requests().stream().collect(Collectors.groupingBy(
                r -> r.headers().getFirst("X-Vigil-Alert-Id"), Collectors.mapping(r -> r.headers().getFirst("Idempotency-Key"),
                        Collectors.toSet())));

        // then every alert arrived, in the documented envelope, each once
        assertThat(received).extracting(j -> j.get("alert").get("id").asText())
                .containsExactlyInAnyOrder("alert-0", "alert-1", "alert-2", "alert-3", "alert-4", "alert-5",
                        "alert-6", "alert-7", "alert-8", "alert-9");
        assertThat(received).allSatisfy(j -> {
            assertThat(j.get("event").asText()).isEqualTo("raised");
            assertThat(j.get("alert").get("type").asText()).isEqualTo("port_scan");
            assertThat(j.get("alert").get("first_seen").asText()).endsWith("Z");
        });
        // a retried request carries the same idempotency key as the first, so a receiver can drop a repeat
        assertThat(keys).hasSize(10).allSatisfy((id, k) -> assertThat(k).singleElement().asString()
                .startsWith(id + ":raised:"));
        // the console shows each alert once, as one line, even though the webhook retried
        String lines = console.toString(StandardCharsets.UTF_8);
        assertThat(lines.lines()).hasSize(10);
        assertThat(lines).contains("MEDIUM   port_scan site=site-a 198.51.100.3 -> 10.10.1.10: 198.51.100.3 probed 30 ports.");
    }

    @Test
    void aRestartedNotifierDeliversWhatItHadNotCommitted() throws Exception {
        Topics topics = kafka.freshTopics(1);
        WebhookReceiver hook = WebhookReceiver.start();
        URI url = hook.url("/");
        NotifierConfig config = NotifierConfig.defaults().withTopics(topics).withGroupId("restart-test");
        try (hook) {
            kafka.produce(topics.alerts(), JsonSerde.alerts(), List.of(new ProducerRecord<>(topics.alerts(), "a", alert(1))));
            try (Notifier n = new Notifier(config, kafka.clientProps(),
                    List.of(new WebhookChannel("webhook", url, true, Duration.ofSeconds(5)))).start()) {
                waitFor(() -> n.delivered() == 1);
            }
            // while it is down, two more alerts arrive
            kafka.produce(topics.alerts(), JsonSerde.alerts(), List.of(
                    new ProducerRecord<>(topics.alerts(), "b", alert(2)), new ProducerRecord<>(topics.alerts(), "c", alert(3))));
            try (Notifier n = new Notifier(config, kafka.clientProps(),
                    List.of(new WebhookChannel("webhook", url, true, Duration.ofSeconds(5)))).start()) {
                waitFor(() -> n.delivered() == 2);
            }
        }
        assertThat(hook.alertIds()).containsExactly("alert-1", "alert-2", "alert-3");
    }

    @Test
    void aRecordThatIsNotAnAlertIsDeadLetteredAndTheAlertsAfterItStillGoOut() throws Exception {
        Topics topics = kafka.freshTopics(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        kafka.produce(topics.alerts(), new ByteArraySerializer(), List.of(
                new ProducerRecord<>(topics.alerts(), "junk", "{\"v\":1,\"id\":".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(topics.alerts(), "no-type", "{\"v\":1,\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
                // a detected_at no clock gives: its arithmetic killed the channel workers before
                new ProducerRecord<>(topics.alerts(), "absurd", Json.write(alert(6)).replace(
                        "\"detected_at\":\"", "\"detected_at\":\"-1000000000-01-01T00:00:00Z\",\"x\":\"")
                        .getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(topics.alerts(), "tombstone", null)));
        kafka.produce(topics.alerts(), JsonSerde.alerts(), List.of(new ProducerRecord<>(topics.alerts(), "alert-7", alert(7))));
        try (Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics), kafka.clientProps(),
                List.of(new ConsoleChannel(new PrintStream(out, true, StandardCharsets.UTF_8), false))).start()) {
            waitFor(() -> n.delivered() == 1 && n.invalidRecords() == 3);
            assertThat(new NotifierRole(n, null, "").health().status()).isEqualTo("UP");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("198.51.100.7 probed 30 ports.");
        var dead = kafka.deadLetters(topics, 3);
        assertThat(dead).extracting(r -> r.key()).containsExactly("junk", "no-type", "absurd");
        assertThat(DeadLetters.header(dead.get(2).headers(), DeadLetters.REASON))
                .contains("detected_at").contains("not a time a clock gives");
        assertThat(dead).allSatisfy(r -> {
            assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON)).contains("Alert");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC))
                    .isEqualTo(topics.alerts());
        });
    }

    @Test
    void aNoticeTheChannelCrashesOnIsDeadLetteredAndTheWorkerGoesOn() throws Exception {
        Topics topics = kafka.freshTopics(1);
        List<String> delivered = new CopyOnWriteArrayList<>();
        Channel brittle = new Channel() {
            @Override
            public String name() {
                return "brittle";
            }

            @Override
            public void deliver(Notice notice) {
                // a bug in a channel, not a delivery failure: an Error nobody catches would end the worker
                if (notice.alert().id().equals("alert-1")) throw new StackOverflowError("template recursion");
                delivered.add(notice.alert().id());
            }

            @Override
            public void close() {}
        };
        kafka.produce(topics.alerts(), JsonSerde.alerts(), List.of(new ProducerRecord<>(topics.alerts(), "alert-1", alert(1)),
                new ProducerRecord<>(topics.alerts(), "alert-2", alert(2))));
        try (Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics), kafka.clientProps(), List.of(brittle))
                .start()) {
            waitFor(() -> delivered.contains("alert-2"));
            assertThat(n.workerErrors()).isEqualTo(1);
            assertThat(new NotifierRole(n, null, "").health().status()).isEqualTo("UP");
            assertThat(n.healthReasons()).isEmpty();
        }
        var dead = kafka.deadLetters(topics, 1);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("alert-1");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON))
                    .contains("StackOverflowError");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.ROLE)).isEqualTo("notifier");
        });
    }

    @Test
    void theBrokerGoingAwayAndComingBackLosesNoAlertAndNoAuditRecord() throws Exception {
        Topics topics = kafka.freshTopics(1);
        WebhookReceiver hook = WebhookReceiver.start();
        URI url = hook.url("/");
        try (hook; Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics).withGroupId("outage"), kafka.clientProps(),
                List.of(new WebhookChannel("webhook", url, true, Duration.ofSeconds(5)))).start()) {
            List<ProducerRecord<String, Alert>> first = new ArrayList<>();
            for (int i = 1; i <= 3; i++) first.add(new ProducerRecord<>(topics.alerts(), "alert-" + i, alert(i)));
            kafka.produce(topics.alerts(), JsonSerde.alerts(), first);
            waitFor(() -> n.delivered() == 3);

            kafka.embedded().stopBroker();
            Thread.sleep(3000);
            kafka.embedded().restartBroker();

            List<ProducerRecord<String, Alert>> second = new ArrayList<>();
            for (int i = 4; i <= 6; i++) second.add(new ProducerRecord<>(topics.alerts(), "alert-" + i, alert(i)));
            kafka.produce(topics.alerts(), JsonSerde.alerts(), second);
            waitFor(() -> hook.alertIds().containsAll(List.of("alert-4", "alert-5", "alert-6")));
        }
        List<String> received = hook.alertIds();
        assertThat(received).containsAll(List.of("alert-1", "alert-2", "alert-3", "alert-4", "alert-5", "alert-6"));
        // at least once: a duplicate is allowed (receivers de-duplicate by id), a loss is not
        assertThat(received).hasSizeBetween(6, 9);
        var trail = kafka.consume(topics.notifications(), JsonSerde.notifications(), l -> l.stream()
                .map(r -> r.value().alertId()).distinct().count() == 6, Duration.ofSeconds(30));
        assertThat(trail.stream().filter(r -> r.value().outcome().equals("delivered")).map(r -> r.value().alertId())
                .distinct().toList()).containsExactlyInAnyOrder("alert-1", "alert-2", "alert-3", "alert-4", "alert-5", "alert-6");
    }

    @Test
    void anAlertUnheardOfForAWeekIsForgottenAndPagesAsNewWhenItReturns() throws Exception {
        Topics topics = kafka.freshTopics(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ManualClock clock = new ManualClock(Instant.now());
        try (Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics), kafka.clientProps(),
                List.of(new ConsoleChannel(new PrintStream(out, true, StandardCharsets.UTF_8), false)), clock).start()) {
            kafka.produce(topics.alerts(), JsonSerde.alerts(), List.of(new ProducerRecord<>(topics.alerts(), "alert-8", alert(8))));
            waitFor(() -> n.delivered() == 1);
            assertThat(n.acknowledge("alert-8", "tester")).isTrue();
            clock.advance(Duration.ofDays(8));
            // within a loop turn or two the hourly clean-up runs: the acknowledgement goes with the alert
            waitFor(() -> !n.acknowledged("alert-8"));
            assertThat(n.acknowledge("alert-8", "tester")).as("unknown now").isFalse();
            kafka.produce(topics.alerts(), JsonSerde.alerts(), List.of(new ProducerRecord<>(topics.alerts(), "alert-8", alert(8))));
            waitFor(() -> n.delivered() == 2);
        }
        // the console prints raised alerts and skips updates: twice means it was new again
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("198.51.100.8 probed")).count())
                .isEqualTo(2);
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertThat(condition.getAsBoolean()).as("condition met within 30 s").isTrue();
    }
}
