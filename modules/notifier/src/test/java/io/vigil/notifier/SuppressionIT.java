package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.DeadLetters;
import io.vigil.model.JsonSerde;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.Suppression;
import io.vigil.model.Topics;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.notifier.channel.WebhookChannel;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What people decide in the console, as the notifier honours it on a real broker: a
 * suppression in force withholds exactly the alerts it matches and the audit trail says so; its
 * revocation lets the next one through without a restart; a suppression record nobody can read
 * is dead-lettered and delivery goes on; an acknowledgement made in the console stops escalation.
 */
class SuppressionIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    static Alert alert(String id, String src, Severity severity) {
        Instant t = Instant.parse("2026-11-02T09:00:00Z");
        return new Alert(Alert.VERSION, id, AlertType.PORT_SCAN, severity, Alert.ACTIVE, "site-a", src, "10.10.1.10",
                List.of("10.10.1.10"), t, t.plusSeconds(3), t.plusSeconds(1), Instant.now(), 2.0, 30,
                new Alert.Baseline(15, 0, 0), src + " probed 30 ports.", Map.of(), List.of("T1046"));
    }

    static Suppression scanner(String state) {
        Instant now = Instant.now();
        return new Suppression(Suppression.VERSION, "sup-1", new Suppression.Scope(AlertType.PORT_SCAN, "site-a",
                "198.51.100.1", null, null, null), "the trust's authorised vulnerability scanner", "soc-team", "ana",
                now.minusSeconds(60), now.plus(Duration.ofDays(7)), state, Suppression.REVOKED.equals(state) ? "bob" : null,
                Suppression.REVOKED.equals(state) ? now : null, false);
    }

    static void produce(Topics topics, Alert... alerts) {
        kafka.produce(topics.alerts(), JsonSerde.alerts(), Arrays.stream(alerts)
                .map(a -> new ProducerRecord<>(topics.alerts(), a.id(), a)).toList());
    }

    static void waitFor(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(50);
        }
    }

    static List<NotificationAttempt> audit(Topics topics, Predicate<List<NotificationAttempt>> done) {
        return kafka.consume(topics.notifications(), JsonSerde.notifications(),
                l -> done.test(l.stream().map(r -> r.value()).toList()), Duration.ofSeconds(30))
                .stream().map(r -> r.value()).toList();
    }

    @Test
    void aSuppressionWithholdsWhatItMatchesTheAuditSaysSoAndItsRevocationLetsTheNextThrough() throws Exception {
        Topics topics = kafka.freshTopics(1);
        Suppression block = new Suppression(Suppression.VERSION, "sup-block", new Suppression.Scope(AlertType.PORT_SCAN, "site-a",
                "198.51.100.64/26", null, null, null), "the contractor's scanners", "soc-team", "ana", Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(7)), Suppression.ACTIVE, null, null, false);
        kafka.produce(topics.suppressions(), JsonSerde.suppressions(),
                List.of(new ProducerRecord<>(topics.suppressions(), "sup-1", scanner(Suppression.ACTIVE)),
                        new ProducerRecord<>(topics.suppressions(), "sup-block", block)));
        try (WebhookReceiver hook = WebhookReceiver.start();
             Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics)
                     .withConsoleUrl("https://vigil.care-example.nhs.uk"), kafka.clientProps(),
                     List.of(new WebhookChannel("soc", hook.url("/soc"), true, Duration.ofSeconds(5)))).start()) {
            // the scanner's scan and a stranger's, together
            produce(topics, alert("from-scanner", "198.51.100.1", Severity.HIGH), alert("from-stranger", "198.51.100.2",
                    Severity.HIGH), alert("from-the-block", "198.51.100.77", Severity.HIGH),
                    alert("next-to-the-block", "198.51.100.130", Severity.HIGH));
            waitFor("all handled", () -> n.delivered() == 4);
            assertThat(hook.alertIds()).containsExactlyInAnyOrder("from-stranger", "next-to-the-block");
            assertThat(n.suppressed()).isEqualTo(2);
            // the notice links to the alert's page in the console
            JsonNode notice = hook.received().get(0);
            assertThat(notice.get("url").asText()).isEqualTo("https://vigil.care-example.nhs.uk/alerts/from-stranger");

            // revoked in the console: within a poll the notifier knows, without a restart
            kafka.produce(topics.suppressions(), JsonSerde.suppressions(),
                    List.of(new ProducerRecord<>(topics.suppressions(), "sup-1", scanner(Suppression.REVOKED))));
            waitFor("the revocation is known", () -> n.suppressionsInForce() == 1);
            produce(topics, alert("from-scanner-again", "198.51.100.1", Severity.HIGH));
            waitFor("delivered after revocation", () -> hook.alertIds().contains("from-scanner-again"));
            hook.received().stream().filter(j -> j.get("alert").get("id").asText().equals("next-to-the-block")).findFirst()
                    .orElseThrow();
        }
        List<NotificationAttempt> trail = audit(topics, l -> l.stream().anyMatch(a -> a.alertId().equals("from-scanner-again")
                && a.outcome().equals("delivered")));
        assertThat(trail).filteredOn(a -> a.alertId().equals("from-scanner")).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(NotificationAttempt.SUPPRESSED);
            assertThat(a.suppressedBy()).isEqualTo("sup-1");
            assertThat(a.event()).isEqualTo("raised");
        });
    }

    @Test
    void aSuppressionRecordNobodyCanReadIsDeadLetteredAndDeliveryGoesOn() throws Exception {
        Topics topics = kafka.freshTopics(1);
        kafka.produce(topics.suppressions(), new ByteArraySerializer(), List.of(
                new ProducerRecord<>(topics.suppressions(), "junk", "{\"v\":1,\"id\":".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(topics.suppressions(), "no-reason", ("{\"v\":1,\"id\":\"no-reason\",\"scope\":{\"type\":"
                        + "\"port_scan\",\"site\":\"site-a\"},\"owner\":\"x\",\"created_at\":\"2026-11-02T09:00:00Z\","
                        + "\"expires_at\":\"2026-11-03T09:00:00Z\",\"state\":\"active\"}").getBytes(StandardCharsets.UTF_8))));
        try (WebhookReceiver hook = WebhookReceiver.start();
             Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics), kafka.clientProps(),
                     List.of(new WebhookChannel("soc", hook.url("/soc"), true, Duration.ofSeconds(5)))).start()) {
            produce(topics, alert("still-delivered", "198.51.100.1", Severity.HIGH));
            waitFor("delivered", () -> hook.alertIds().contains("still-delivered"));
            assertThat(n.invalidDecisions()).isEqualTo(2);
        }
        var dead = kafka.deadLetters(topics, 2);
        assertThat(dead).extracting(r -> r.key()).containsExactly("junk", "no-reason");
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON)).startsWith("not a valid Suppression on ");
        assertThat(DeadLetters.header(dead.get(1).headers(), DeadLetters.REASON)).endsWith("reason is missing");
        assertThat(DeadLetters.header(dead.get(1).headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(topics.suppressions());
    }

    @Test
    void aSuppressionEndingWithinADayIsAnnouncedOnceToEveryChannel() throws Exception {
        Topics topics = kafka.freshTopics(1);
        Instant now = Instant.now();
        Suppression ending = new Suppression(Suppression.VERSION, "sup-ending", new Suppression.Scope(AlertType.PORT_SCAN,
                "site-a", "198.51.100.1", null, null, null), "the trust's authorised scanner", "soc-team", "ana",
                now.minus(Duration.ofDays(6)), now.plus(Duration.ofHours(3)), Suppression.ACTIVE, null, null, false);
        kafka.produce(topics.suppressions(), JsonSerde.suppressions(),
                List.of(new ProducerRecord<>(topics.suppressions(), ending.id(), ending)));
        try (WebhookReceiver hook = WebhookReceiver.start();
             Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics)
                     .withConsoleUrl("https://vigil.care-example.nhs.uk/"), kafka.clientProps(),
                     List.of(new WebhookChannel("soc", hook.url("/soc"), true, Duration.ofSeconds(5)))).start()) {
            waitFor("the notice", () -> !hook.received().isEmpty());
            Thread.sleep(1500);
            assertThat(hook.received()).singleElement().satisfies(j -> {
                assertThat(j.get("alert").get("type").asText()).isEqualTo("suppression_expiring");
                assertThat(j.get("alert").get("summary").asText()).startsWith("Suppression sup-ending (port_scan at site-a from "
                        + "198.51.100.1; the trust's authorised scanner; owner soc-team) ends at ");
                assertThat(j.get("url").asText()).isEqualTo("https://vigil.care-example.nhs.uk/suppressions/sup-ending");
            });
        }
    }

    @Test
    void anAlertAcknowledgedInTheConsoleIsNotEscalated() throws Exception {
        Topics topics = kafka.freshTopics(1);
        Route soc = new Route("soc", Severity.MEDIUM, Set.of(), Set.of(), List.of("soc"), 0, null, Duration.ofSeconds(4),
                List.of("oncall"));
        try (WebhookReceiver hook = WebhookReceiver.start();
             Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics).withRoutes(List.of(soc)), kafka.clientProps(),
                     List.of(new WebhookChannel("soc", hook.url("/soc"), true, Duration.ofSeconds(5)),
                             new WebhookChannel("oncall", hook.url("/oncall"), true, Duration.ofSeconds(5)))).start()) {
            produce(topics, alert("taken", "198.51.100.9", Severity.HIGH), alert("left", "198.51.100.8", Severity.HIGH));
            waitFor("both raised", () -> hook.alertIds().size() == 2);
            kafka.produce(topics.triage(), JsonSerde.triage(), List.of(new ProducerRecord<>(topics.triage(), "taken",
                    new TriageAction(TriageAction.VERSION, "t-1", "taken", TriageAction.ACKNOWLEDGE, "ana", Instant.now(),
                            TriageState.OPEN, TriageState.ACKNOWLEDGED, null, "ana", null, "looking", null, null, "console"))));
            waitFor("the acknowledgement is known", () -> n.acknowledged("taken"));
            waitFor("the other escalated", () -> hook.requests().stream().anyMatch(r -> r.path().equals("/oncall")));
            Thread.sleep(1500);
            assertThat(hook.requests().stream().filter(r -> r.path().equals("/oncall"))
                    .map(r -> r.body().get("alert").get("id").asText())).containsExactly("left");
        }
    }
}
