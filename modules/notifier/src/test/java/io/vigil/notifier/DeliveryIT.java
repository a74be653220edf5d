package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.DeadLetters;
import io.vigil.model.Json;
import io.vigil.model.JsonSerde;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.Topics;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.SyslogChannel;
import io.vigil.notifier.channel.WebhookChannel;
import io.vigil.runtime.Tls;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.TlsFixture;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier end to end over every kind of channel at once, each against its real server
 * over TLS ({@link Receivers}): routing and the audit trail, outages and returns, rate limits
 * with digests, escalation and acknowledgements across instances, restarts, and a channel that
 * never recovers. What one channel alone must do is {@link ChannelContract}'s.
 */
class DeliveryIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    static TlsFixture tls;
    /** What the channels trust: the tests' one CA. */
    static SSLContext ctx;

    final List<AutoCloseable> closeMe = new ArrayList<>();

    @BeforeAll
    static void certificates() {
        tls = TestTls.get();
        ctx = Tls.context(tls.truststore(), TlsFixture.PASSWORD);
    }

    /** An HTTPS receiver, closed after the test. */
    Receivers.Receiver hook() throws IOException {
        Receivers.Receiver hook = new Receivers.Receiver(0);
        closeMe.add(hook);
        return hook;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeMe) c.close();
    }

    static Alert alert(String id, Severity sev, String status) {
        Instant t = Instant.parse("2026-11-02T09:00:00Z");
        return new Alert(Alert.VERSION, id, AlertType.PORT_SCAN, sev, status, "clinic-north", "198.51.100.23",
                "10.10.1.10", List.of("10.10.1.10"), t, t.plusSeconds(4), t.plusSeconds(1), Instant.now(), 3, 45,
                new Alert.Baseline(15, 0, 0), "198.51.100.23 probed 45 ports on 10.10.1.10; block it.",
                Map.of("distinct_ports", 45), List.of("T1046"));
    }

    void produce(Topics topics, Alert... alerts) {
        List<ProducerRecord<String, Alert>> r = new ArrayList<>();
        for (Alert a : alerts) r.add(new ProducerRecord<>(topics.alerts(), a.id(), a));
        kafka.produce(topics.alerts(), JsonSerde.alerts(), r);
    }

    static void waitFor(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 45_000;
        while (!c.getAsBoolean() && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertThat(c.getAsBoolean()).as(what).isTrue();
    }

    List<NotificationAttempt> audit(Topics topics, int atLeast) {
        return kafka.consume(topics.notifications(), JsonSerde.notifications(), l -> l.size() >= atLeast,
                Duration.ofSeconds(20)).stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    // ---- the tests ---------------------------------------------------------------------------

    @Test
    void everyChannelDeliversOverTlsInItsOwnShapeAndTheAuditTrailHasEveryAttempt() throws Exception {
        Topics topics = kafka.freshTopics(1);
        Receivers.Receiver hook = hook();
        GreenMail mail = Receivers.smtps(Receivers.freePort());
        closeMe.add(mail::stop);
        Receivers.SyslogListener syslog = new Receivers.SyslogListener(0);
        closeMe.add(syslog);
        List<Channel> channels = List.of(
                new WebhookChannel("soc-hook", hook.url("/vigil"), false, Duration.ofSeconds(5), WebhookChannel.Format.GENERIC,
                        "webhook-secret-0123456789", ctx),
                new WebhookChannel("slack", hook.url("/slack"), false, Duration.ofSeconds(5), WebhookChannel.Format.SLACK, null, ctx),
                new WebhookChannel("teams", hook.url("/teams"), false, Duration.ofSeconds(5), WebhookChannel.Format.TEAMS, null, ctx),
                Receivers.email(mail.getSmtps().getPort()),
                new SyslogChannel("siem", "localhost", syslog.port(), ctx, 5000));
        Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics), kafka.clientProps(), channels).start();
        closeMe.add(0, n);

        produce(topics, alert("a-1", Severity.HIGH, Alert.ACTIVE), alert("a-1", Severity.HIGH, Alert.ACTIVE),
                alert("a-1", Severity.HIGH, Alert.ENDED));
        waitFor("3 records handled", () -> n.delivered() == 3);

        // generic webhook: raised, updated, ended, each signed over timestamp.body
        List<JsonNode> generic = new ArrayList<>();
        for (int i = 0; i < hook.bodies.size(); i++) {
            JsonNode j = Json.MAPPER.readTree(hook.bodies.get(i));
            if (!j.has("v")) continue;
            generic.add(j);
            assertThat(hook.signatures.get(i)).isEqualTo("sha256=" + WebhookChannel.sign(
                    "webhook-secret-0123456789".getBytes(StandardCharsets.UTF_8), hook.timestamps.get(i), hook.bodies.get(i)));
        }
        assertThat(generic).extracting(j -> j.get("event").asText()).containsExactly("raised", "updated", "ended");
        assertThat(generic).allSatisfy(j -> assertThat(j.get("alert").get("id").asText()).isEqualTo("a-1"));
        // slack and teams: raised and ended only (chat rooms skip updates)
        List<JsonNode> slack = hook.bodies.stream().map(DeliveryIT::tree).filter(j -> j.has("blocks")).toList();
        assertThat(slack).hasSize(2);
        assertThat(slack.get(0).get("text").asText()).startsWith("*HIGH port_scan at clinic-north*");
        List<JsonNode> teams = hook.bodies.stream().map(DeliveryIT::tree).filter(j -> j.has("@type")).toList();
        assertThat(teams).hasSize(2).allSatisfy(j -> assertThat(j.get("@type").asText()).isEqualTo("MessageCard"));
        assertThat(teams.get(1).get("title").asText()).startsWith("Ended: HIGH port_scan");
        // e-mail: two messages (raised, ended), each with a plain-text and an HTML part
        MimeMessage[] mails = mail.getReceivedMessages();
        assertThat(mails).hasSize(2);
        assertThat(mails[0].getSubject()).isEqualTo("[Vigil HIGH] port_scan at clinic-north from 198.51.100.23");
        assertThat(mails[1].getSubject()).isEqualTo("[Vigil HIGH] Ended: port_scan at clinic-north from 198.51.100.23");
        MimeMultipart parts = (MimeMultipart) mails[0].getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        // (mail travels with CRLF line ends)
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n")).startsWith("HIGH · port_scan at clinic-north\n\n"
                + "198.51.100.23 probed 45 ports on 10.10.1.10; block it.").contains("First seen:      2026-11-02 09:00:00 UTC")
                .contains("distinct ports:  45").contains("Alert id:        a-1")
                .contains("ATT&CK:          T1046 Network Service Discovery");
        assertThat((String) parts.getBodyPart(1).getContent()).contains(">HIGH · port_scan at clinic-north</div>")
                .contains("<td style=\"padding:2px 0\">198.51.100.23</td>");
        assertThat((String) ((MimeMultipart) mails[1].getContent()).getBodyPart(0).getContent()).startsWith("Ended: HIGH");
        // syslog: every event, RFC 5424 with CEF
        waitFor("3 syslog messages", () -> syslog.messages.size() == 3);
        assertThat(syslog.messages.get(0)).matches("<35>1 \\S+ \\S+ vigil - raised - CEF:0\\|Vigil\\|Vigil\\|0\\.1\\|port_scan\\|"
                + "port scan at clinic-north\\|8\\|.*src=198\\.51\\.100\\.23 dst=10\\.10\\.1\\.10 cs1Label=alertId cs1=a-1 .*"
                + "cs6Label=mitreTechniques cs6=T1046 .*");
        // audit: one delivered attempt per channel delivery, with latency from detection
        List<NotificationAttempt> trail = audit(topics, 3 + 2 + 2 + 2 + 3);
        assertThat(trail).filteredOn(a -> a.outcome().equals("delivered")).hasSize(12)
                .allSatisfy(a -> {
                    assertThat(a.alertId()).isEqualTo("a-1");
                    assertThat(a.latencyMs()).isGreaterThanOrEqualTo(0);
                    assertThat(a.detectedAt()).isNotNull();
                    assertThat(a.route()).isEqualTo("default");
                });
        assertThat(trail).extracting(NotificationAttempt::channel).contains("soc-hook", "slack", "teams", "email", "siem");
    }

    static JsonNode tree(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachChannelTakenAwayDeliversEveryAlertOnceWhenItReturns() throws Exception {
        Topics topics = kafka.freshTopics(2);
        int hookPort = Receivers.freePort(), mailPort = Receivers.freePort(), syslogPort = Receivers.freePort();
        List<Channel> channels = List.of(
                new WebhookChannel("hook", URI.create("https://localhost:" + hookPort + "/"), false, Duration.ofSeconds(2),
                        WebhookChannel.Format.GENERIC, null, ctx),
                Receivers.email(mailPort),
                new SyslogChannel("siem", "localhost", syslogPort, ctx, 2000));
        Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics).withRetry(Duration.ofMillis(200),
                Duration.ofSeconds(1)).withMaxAttempts(1000), kafka.clientProps(), channels).start();
        closeMe.add(n);
        // every receiver is up for the first two alerts
        Receivers.Receiver hook = new Receivers.Receiver(hookPort);
        GreenMail mail = Receivers.smtps(mailPort);
        Receivers.SyslogListener syslog = new Receivers.SyslogListener(syslogPort);
        for (int i = 0; i < 2; i++) produce(topics, alert("out-" + i, Severity.MEDIUM, Alert.ACTIVE));
        waitFor("the first two delivered everywhere", () -> n.delivered() == 2 && syslog.messages.size() == 2);
        List<String> hookBodies = new ArrayList<>(hook.bodies);
        List<String> syslogMessages = new ArrayList<>(syslog.messages);
        int mails = mail.getReceivedMessages().length;

        // then all three go away while three more alerts arrive
        hook.close();
        mail.stop();
        syslog.close();
        for (int i = 2; i < 5; i++) produce(topics, alert("out-" + i, Severity.MEDIUM, Alert.ACTIVE));
        waitFor("failed attempts on all three", () -> n.failedAttempts() >= 6);
        Thread.sleep(1500);
        assertThat(n.delivered()).isEqualTo(2);

        // and come back
        Receivers.Receiver hook2 = new Receivers.Receiver(hookPort);
        closeMe.add(hook2);
        GreenMail mail2 = Receivers.smtps(mailPort);
        closeMe.add(mail2::stop);
        Receivers.SyslogListener syslog2 = new Receivers.SyslogListener(syslogPort);
        closeMe.add(syslog2);
        waitFor("all five delivered everywhere", () -> n.delivered() == 5);
        waitFor("syslog has the other three", () -> syslog2.messages.size() == 3);
        Thread.sleep(500);

        Set<String> ids = Set.of("out-0", "out-1", "out-2", "out-3", "out-4");
        hookBodies.addAll(hook2.bodies);
        assertThat(hookBodies.stream().map(b -> tree(b).get("alert").get("id").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(mails + mail2.getReceivedMessages().length).isEqualTo(5);
        syslogMessages.addAll(syslog2.messages);
        assertThat(syslogMessages.stream().map(m -> m.replaceAll(".* cs1=(out-\\d) .*", "$1")).toList())
                .containsExactlyInAnyOrderElementsOf(ids);
        List<NotificationAttempt> trail = audit(topics, 15);
        for (String channel : List.of("hook", "email", "siem")) {
            for (String id : ids) {
                List<NotificationAttempt> mine = trail.stream()
                        .filter(a -> a.channel().equals(channel) && a.alertId().equals(id)).toList();
                assertThat(mine).as(channel + " " + id).filteredOn(a -> a.outcome().equals("delivered")).hasSize(1);
            }
            // A channel that is down is probed with its oldest waiting alert only; the rest wait behind it.
            assertThat(trail).as(channel + " failed while away").anyMatch(a -> a.channel().equals(channel)
                    && a.alertId().equals("out-2") && a.outcome().equals("failed"));
        }
    }

    @Test
    void aRouteOverItsRateLimitSendsADigestAndUnacknowledgedHighAlertsEscalate() throws Exception {
        Topics topics = kafka.freshTopics(1);
        Receivers.Receiver hook = hook();
        // escalation names a second route, which pages only criticals itself
        Route soc = new Route("soc", Severity.MEDIUM, Set.of(), Set.of(), List.of("soc"), 2, Duration.ofSeconds(2),
                Duration.ofSeconds(6), List.of("night-shift"));
        Route nightShift = new Route("night-shift", Severity.CRITICAL, Set.of(), Set.of(), List.of("oncall"), 0, null,
                null, List.of());
        List<Channel> channels = List.of(
                new WebhookChannel("soc", hook.url("/soc"), false, Duration.ofSeconds(5), WebhookChannel.Format.GENERIC, null, ctx),
                new WebhookChannel("oncall", hook.url("/oncall"), false, Duration.ofSeconds(5), WebhookChannel.Format.GENERIC, null, ctx));
        Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics).withRoutes(List.of(soc, nightShift)),
                kafka.clientProps(),
                channels).start();
        closeMe.add(n);
        AckServer acks = AckServer.start(new AckServer.Settings("127.0.0.1", 0, "ack-token-0123456789", tls.keystore(),
                TlsFixture.PASSWORD), n);
        closeMe.add(acks);

        produce(topics, alert("r-1", Severity.HIGH, Alert.ACTIVE), alert("r-2", Severity.HIGH, Alert.ACTIVE),
                alert("r-3", Severity.MEDIUM, Alert.ACTIVE), alert("r-4", Severity.MEDIUM, Alert.ACTIVE),
                alert("r-5", Severity.LOW, Alert.ACTIVE));
        waitFor("two pages and a digest", () -> hook.bodies.stream().map(DeliveryIT::tree)
                .anyMatch(j -> j.get("event").asText().equals("digest")));
        // r-1 is acknowledged, r-2 is not
        HttpClient http = HttpClient.newBuilder().sslContext(ctx).build();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + acks.port()
                + "/alerts/r-1/ack?by=nurse.jones")).header("Authorization", "Bearer ack-token-0123456789")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + acks.port()
                + "/alerts/r-2/ack")).header("Authorization", "Bearer wrong").POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + acks.port()
                + "/alerts/never-raised/ack")).header("Authorization", "Bearer ack-token-0123456789")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        // plain HTTP to the HTTPS endpoint gets nowhere
        assertThat(Assertions.catchThrowable(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + acks.port() + "/alerts/r-2/ack"))
                        .header("Authorization", "Bearer ack-token-0123456789").POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString())))
                .isInstanceOf(IOException.class);
        waitFor("r-2 escalated", () -> hook.bodies.stream().map(DeliveryIT::tree)
                .anyMatch(j -> j.get("event").asText().equals("escalated")));
        Thread.sleep(1500);

        List<JsonNode> all = hook.bodies.stream().map(DeliveryIT::tree).toList();
        assertThat(all.stream().filter(j -> j.get("event").asText().equals("raised")).map(j -> j.get("alert").get("id").asText()))
                .containsExactly("r-1", "r-2");
        JsonNode digest = all.stream().filter(j -> j.get("event").asText().equals("digest")).findFirst().orElseThrow();
        assertThat(digest.get("alerts").findValuesAsText("id")).containsExactly("r-3", "r-4");
        assertThat(all.stream().filter(j -> j.get("event").asText().equals("escalated")).map(j -> j.get("alert").get("id").asText()))
                .containsExactly("r-2");
        assertThat(all).noneMatch(j -> j.toString().contains("r-5"));
        for (int i = 0; i < all.size(); i++) {
            // the escalation, and only it, reached the second route's channel
            assertThat(hook.paths.get(i)).isEqualTo(all.get(i).get("event").asText().equals("escalated") ? "/oncall" : "/soc");
        }
        List<NotificationAttempt> trail = audit(topics, 1);
        Thread.sleep(500);
        trail = audit(topics, trail.size());
        assertThat(trail).anyMatch(a -> a.alertId().equals("r-1") && a.outcome().equals("acknowledged")
                && a.channel().equals("ack:nurse.jones"));
        assertThat(trail).filteredOn(a -> a.outcome().equals("digested")).extracting(NotificationAttempt::alertId)
                .containsExactlyInAnyOrder("r-3", "r-4");
    }

    @Test
    void anAlertPendingWhenTheNotifierStopsReachesTheMailboxAsRaisedAfterARestart() throws Exception {
        Topics topics = kafka.freshTopics(1);
        int mailPort = Receivers.freePort();
        NotifierConfig config = NotifierConfig.defaults().withTopics(topics).withGroupId("restart-mail")
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(200)).withMaxAttempts(1000);
        produce(topics, alert("p-1", Severity.HIGH, Alert.ACTIVE));
        // the mail server is down: attempts fail, and the notifier is stopped with the alert pending
        try (Notifier first = new Notifier(config, kafka.clientProps(), List.of(Receivers.email(mailPort))).start()) {
            waitFor("failed attempts", () -> first.failedAttempts() >= 2);
            assertThat(first.delivered()).isZero();
        }
        GreenMail mail = Receivers.smtps(mailPort);
        closeMe.add(mail::stop);
        // a restart finds the alert uncommitted; the audit trail says it failed, not that anyone got it,
        // so it is still "raised" (a mailbox skips updates) and the person gets it
        try (Notifier second = new Notifier(config, kafka.clientProps(), List.of(Receivers.email(mailPort))).start()) {
            waitFor("delivered after restart", () -> second.delivered() == 1);
        }
        assertThat(mail.getReceivedMessages()).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("[Vigil HIGH] port_scan at clinic-north from 198.51.100.23"));
    }

    @Test
    void anAcknowledgementTakenByAnotherInstanceStopsTheEscalation() throws Exception {
        Topics topics = kafka.freshTopics(1);
        Receivers.Receiver hook = hook();
        Route soc = new Route("soc", Severity.MEDIUM, Set.of(), Set.of(), List.of("soc"), 0, null, Duration.ofSeconds(8),
                List.of("oncall"));
        NotifierConfig config = NotifierConfig.defaults().withTopics(topics).withGroupId("pair").withRoutes(List.of(soc));
        Supplier<List<Channel>> channels = () -> List.of(
                new WebhookChannel("soc", hook.url("/soc"), false, Duration.ofSeconds(5), WebhookChannel.Format.GENERIC, null, ctx),
                new WebhookChannel("oncall", hook.url("/oncall"), false, Duration.ofSeconds(5), WebhookChannel.Format.GENERIC,
                        null, ctx));
        Notifier a = new Notifier(config, kafka.clientProps(), channels.get()).start();
        closeMe.add(a);
        produce(topics, alert("x-1", Severity.HIGH, Alert.ACTIVE));
        waitFor("raised by the first instance", () -> a.delivered() == 1);

        // a second instance behind the same load balancer takes the acknowledgement
        Notifier b = new Notifier(config, kafka.clientProps(), channels.get()).start();
        closeMe.add(0, b);
        AckServer acks = AckServer.start(new AckServer.Settings("127.0.0.1", 0, "ack-token-0123456789", null, null), b);
        closeMe.add(0, acks);
        HttpResponse<String> ok = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + acks.port() + "/alerts/x-1/ack?by=analyst.b")).header("Authorization", "Bearer ack-token-0123456789")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);

        // the first instance, which holds the escalation, hears of it and does not escalate
        waitFor("the first instance knows", () -> a.acknowledged("x-1"));
        Thread.sleep(9000); // past the 8 s escalation, with room for a slow machine
        assertThat(hook.bodies.stream().map(DeliveryIT::tree).map(j -> j.get("event").asText()).toList())
                .containsExactly("raised");
    }

    @Test
    void aChannelThatNeverRecoversDeadLettersTheAlertAndTheOthersHearOfIt() throws Exception {
        Topics topics = kafka.freshTopics(1);
        Receivers.Receiver hook = hook();
        List<Channel> channels = List.of(
                new WebhookChannel("good", hook.url("/good"), false, Duration.ofSeconds(5), WebhookChannel.Format.GENERIC, null, ctx),
                new SyslogChannel("broken-siem", "localhost", Receivers.freePort(), ctx, 1000));
        Notifier n = new Notifier(NotifierConfig.defaults().withTopics(topics).withRetry(Duration.ofMillis(50),
                Duration.ofMillis(100)).withMaxAttempts(3), kafka.clientProps(), channels).start();
        closeMe.add(n);

        produce(topics, alert("d-1", Severity.HIGH, Alert.ACTIVE));
        waitFor("dead-lettered", () -> n.deadLettered() == 1);
        waitFor("the good channel heard", () -> hook.bodies.stream().map(DeliveryIT::tree)
                .anyMatch(j -> j.get("alert").get("type").asText().equals("channel_failing")));
        waitFor("the record is handled", () -> n.delivered() == 1);

        var dead = kafka.deadLetters(topics, 1);
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("d-1");
            assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON))
                    .startsWith("channel broken-siem failed 3 times");
        });
        JsonNode notice = hook.bodies.stream().map(DeliveryIT::tree)
                .filter(j -> j.get("alert").get("type").asText().equals("channel_failing")).findFirst().orElseThrow();
        assertThat(notice.get("alert").get("src").asText()).isEqualTo("broken-siem");
        assertThat(audit(topics, 4)).filteredOn(a -> a.channel().equals("broken-siem")).extracting(NotificationAttempt::outcome)
                .containsExactly("failed", "failed", "failed", "dead_lettered");
    }
}
