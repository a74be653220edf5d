package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.runtime.ReplayWithProgress;
import io.vigil.collector.publish.KafkaFlowPublisher;
import io.vigil.console.Console;
import io.vigil.console.ConsoleConfig;
import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.Role;
import io.vigil.console.view.AlertDetail;
import io.vigil.console.view.QueueFilter;
import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.model.AlertType;
import io.vigil.model.Topics;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.NotifierConfig;
import io.vigil.notifier.channel.WebhookChannel;
import io.vigil.simulator.Traffic;
import io.vigil.testkit.Browser;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.TlsFixture;
import io.vigil.testkit.WebhookReceiver;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console with the real pipeline: port scans in captures → collector → Kafka → detector →
 * notifier → a webhook, with the console in a real browser. An analyst suppresses the scan from
 * its alert page; the same attack an hour later is detected, shown and counted, but the webhook
 * gets nothing; the suppression is revoked in the browser and the next one is delivered again.
 * Then the console stops, and alerts still reach the webhook: it is never on the alert path.
 */
class ConsoleEndToEndIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    static final String SITE = "clinic-north", SCANNER = "198.51.100.23", WEB = "10.10.1.10";
    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    /** A SYN scan of 200 ports of the web server, {@code hours} after T0: the detector calls it a port scan. */
    Path scan(int hours) throws Exception {
        Traffic t = new Traffic(hours + 1);
        InetAddress attacker = Traffic.ip(SCANNER), victim = Traffic.ip(WEB);
        long at = (T0.toEpochMilli() + hours * 3_600_000L) * Traffic.MS;
        for (int port = 1; port <= 200; port++) {
            long when = at + port * 5 * Traffic.MS;
            if (port == 80 || port == 143) t.tcpHalfOpen(when, attacker, 40_000 + port, victim, port, 2 * Traffic.MS);
            else t.tcpRejected(when, attacker, 40_000 + port, victim, port, 2 * Traffic.MS);
        }
        return t.write(dir.resolve("scan-" + hours + ".pcap"));
    }

    /** Replays a capture into the running detector, ended by an end-of-input marker (its episodes end). */
    void replay(Path capture, Topics topics) throws Exception {
        replay(kafka.clientProps(), capture, topics);
    }

    /** As above, into the broker of {@code props}. */
    static void replay(Map<String, Object> props, Path capture, Topics topics) throws Exception {
        try (KafkaFlowPublisher p = new KafkaFlowPublisher(props, topics.flows())) {
            var r = ReplayWithProgress.run(List.of(capture), SITE, "gw-1", List.of("10.10.0.0/16"), p, true);
            p.flush();
            p.endOfInput(SITE, "gw-1", UUID.randomUUID().toString().substring(0, 8), r.lastEventMs());
            p.flush();
        }
    }

    /** A console on a free port over TLS, with one analyst: "ana", password "night shift pass". */
    static ConsoleConfig consoleConfig(Path dir, Topics topics) throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        Path users = Files.writeString(dir.resolve("users"), LocalUsers.line("ana", Role.ANALYST, "night shift pass".toCharArray()) + "\n");
        return new ConsoleConfig(topics, "127.0.0.1", 0, tls.keystore(), TlsFixture.PASSWORD, null, users, null,
                Duration.ofHours(12), Duration.ofMinutes(30), Duration.ofDays(90), 5, Duration.ofMinutes(15), null);
    }

    static void waitFor(String what, BooleanSupplier done, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    static List<AlertDetail> scans(Console c) {
        return c.view().queue(QueueFilter.all(), "x", 100).rows().stream()
                .flatMap(r -> c.view().alerts(r.ids()).stream()).filter(d -> d.alert().type() == AlertType.PORT_SCAN).toList();
    }

    @Test
    void aSuppressionMadeInTheBrowserHoldsTheNextScanBackAndItsRevocationLetsTheOneAfterThrough() throws Exception {
        Topics topics = kafka.freshTopics(2);
        ConsoleConfig cc = consoleConfig(dir, topics);
        Map<String, Object> detectorProps = new HashMap<>(kafka.clientProps());
        detectorProps.put("main.consumer.heartbeat.interval.ms", 200);
        try (WebhookReceiver hook = WebhookReceiver.start();
             Detector detector = new Detector(DetectorConfig.defaults(dir.resolve("state")).withTopics(topics)
                     .withApplicationId("console-e2e"), detectorProps).start();
             Console console = new Console(cc, kafka.clientProps()).start()) {
            String consoleUrl = "https://127.0.0.1:" + console.port();
            try (Notifier notifier = new Notifier(NotifierConfig.defaults().withTopics(topics).withConsoleUrl(consoleUrl),
                    kafka.clientProps(), List.of(new WebhookChannel("soc", hook.url("/soc"), true, Duration.ofSeconds(5))))
                    .start();
                 Browser browser = Browser.start()) {
                // the first scan is delivered, with a link to its page
                replay(scan(0), topics);
                waitFor("the first scan delivered", () -> !hook.alertIds().isEmpty(), 60);
                String first = hook.alertIds().get(0);
                assertThat(hook.received().get(0).get("url").asText()).isEqualTo(consoleUrl + "/alerts/" + first);

                // an analyst suppresses it from its page
                browser.open(consoleUrl + "/alerts/" + first);
                browser.type("#user", "ana").type("#password", "night shift pass").click("#signin-local");
                waitFor("the alert page", () -> browser.has("#alert-why"), 15);
                // the flows behind it, from the flows topic: the scanner's probes of the web server, and as CSV
                waitFor("its flows", () -> browser.has("#flows"), 15);
                assertThat(browser.text("#flows")).contains(SCANNER, WEB + ":80", "partial");
                Object csv = browser.script("return fetch('/alerts/" + first + "/flows.csv').then(r => r.text());");
                assertThat(String.valueOf(csv)).startsWith("start,end,proto,src_ip").contains("," + SCANNER + ",")
                        .hasLineCount(201);
                browser.screenshot(Path.of("target/screenshots/alert-e2e.png"));
                browser.click("#suppress");
                browser.type("#reason", "the trust's authorised scanner; change CHG0042").click("#check");
                assertThat(browser.text("#preview-count")).isEqualTo("1");
                browser.screenshot(Path.of("target/screenshots/suppression-preview.png"));
                browser.click("#save");
                waitFor("saved", () -> browser.has("#suppression-state"), 15);
                String suppression = browser.url().substring(browser.url().lastIndexOf('/') + 1);
                waitFor("the notifier has it", () -> notifier.suppressionsInForce() == 1, 15);

                // the same attack an hour later: detected and shown, not sent
                replay(scan(1), topics);
                waitFor("the second scan in the console, held back", () -> scans(console).stream()
                        .anyMatch(d -> !d.alert().id().equals(first) && suppression.equals(d.suppressedBy())), 60);
                String second = scans(console).stream().filter(d -> !d.alert().id().equals(first)).findFirst().orElseThrow()
                        .alert().id();
                Thread.sleep(1000);
                assertThat(hook.alertIds()).doesNotContain(second);
                browser.open(consoleUrl + "/");
                assertThat(browser.text("#queue-counts")).contains("1 suppressed alert hidden");
                browser.click("#queue-counts a");
                waitFor("shown under the filter", () -> browser.text("#queue-table").contains("suppressed"), 10);
                browser.open(consoleUrl + "/suppressions/" + suppression);
                assertThat(browser.text("#suppression-hits")).isEqualTo("1");
                browser.screenshot(Path.of("target/screenshots/suppression.png"));

                // revoked in the browser: the next scan is delivered again
                browser.type("#revoke-note", "scanner decommissioned").click("#revoke");
                waitFor("revoked", () -> browser.text("#suppression-state").equals("revoked"), 15);
                waitFor("the notifier knows", () -> notifier.suppressionsInForce() == 0, 15);
                replay(scan(2), topics);
                waitFor("the third scan delivered", () -> hook.alertIds().stream().distinct().count() == 2, 60);
                String third = hook.alertIds().stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
                assertThat(third).isNotEqualTo(second);
                JsonNode raised = hook.received().stream().filter(j -> j.get("alert").get("id").asText().equals(third))
                        .findFirst().orElseThrow();
                assertThat(raised.get("event").asText()).isEqualTo("raised");
            }
            // the console stopped: alerts are still detected and delivered
            console.close();
            int before = (int) hook.alertIds().stream().distinct().count();
            try (Notifier notifier = new Notifier(NotifierConfig.defaults().withTopics(topics), kafka.clientProps(),
                    List.of(new WebhookChannel("soc", hook.url("/soc"), true, Duration.ofSeconds(5)))).start()) {
                replay(scan(3), topics);
                waitFor("delivered without a console", () -> hook.alertIds().stream().distinct().count() == before + 1, 60);
            }
        }
    }
}
