package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.collector.publish.KafkaFlowPublisher;
import io.vigil.console.Console;
import io.vigil.console.ConsoleConfig;
import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.Role;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.FlowRecord;
import io.vigil.model.Json;
import io.vigil.model.JsonSerde;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Topics;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.model.Verdict;
import io.vigil.testkit.Browser;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.TlsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openqa.selenium.Dimension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pictures in docs/console.md, made by docs/img/screenshots.sh: the alerts and flows of
 * simulated attacks, as `vigil analyze` and `vigil flows` wrote them, put on a broker with a
 * little triage and the notifications they had, then the console photographed in Chromium.
 * Runs only when the script names its inputs (-Dvigil.screenshots.alerts, ...flows, ...out).
 */
class ConsoleScreenshotsIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void theDocsPictures() throws Exception {
        String alertsFile = System.getProperty("vigil.screenshots.alerts"), flowsFile = System.getProperty("vigil.screenshots.flows");
        String out = System.getProperty("vigil.screenshots.out");
        assumeTrue(alertsFile != null && flowsFile != null && out != null, "made by docs/img/screenshots.sh");
        Topics topics = kafka.freshTopics(2);
        List<Alert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(alertsFile))) if (!line.isBlank()) alerts.add(Json.read(line, Alert.class));
        try (KafkaFlowPublisher p = new KafkaFlowPublisher(kafka.clientProps(), topics.flows())) {
            for (String line : Files.readAllLines(Path.of(flowsFile))) if (!line.isBlank()) p.accept(Json.read(line, FlowRecord.class));
            p.flush();
        }
        List<ProducerRecord<String, NotificationAttempt>> told = new ArrayList<>();
        List<ProducerRecord<String, TriageAction>> triage = new ArrayList<>();
        for (Alert a : alerts) {
            for (String channel : List.of("soc-webhook", "soc-mail")) {
                told.add(new ProducerRecord<>(topics.notifications(), a.id(), new NotificationAttempt(1, a.id(), a.type().wire(),
                        a.severity().wire(), a.site(), "soc", channel, "raised", 1, NotificationAttempt.DELIVERED, null,
                        a.detectedAt(), a.detectedAt().plusMillis(channel.equals("soc-mail") ? 740 : 180),
                        channel.equals("soc-mail") ? 740 : 180)));
            }
            if (a.type() == AlertType.BRUTE_FORCE) {
                triage.add(new ProducerRecord<>(topics.triage(), a.id(), new TriageAction(1, "t-" + a.id(), a.id(),
                        TriageAction.ACKNOWLEDGE, "sam.okafor", a.detectedAt().plusSeconds(240), TriageState.OPEN,
                        TriageState.ACKNOWLEDGED, null, "sam.okafor", null, "checking the SSH logs", null, null, "console")));
            }
            if (a.type() == AlertType.INSECURE_PROTOCOL && a.evidence().toString().contains("ftp")) {
                triage.add(new ProducerRecord<>(topics.triage(), a.id(), new TriageAction(1, "t-" + a.id(), a.id(),
                        TriageAction.CLOSE, "sam.okafor", a.detectedAt().plusSeconds(600), TriageState.OPEN, TriageState.CLOSED,
                        null, "sam.okafor", Verdict.TRUE_POSITIVE, "supplier told to move to SFTP", null, null, "console")));
            }
        }
        kafka.produce(topics.notifications(), JsonSerde.notifications(), told);
        kafka.produce(topics.triage(), JsonSerde.triage(), triage);
        kafka.produce(topics.alerts(), JsonSerde.alerts(), alerts.stream().map(a -> new ProducerRecord<>(topics.alerts(), a.id(), a)).toList());

        TlsFixture tls = TlsFixture.create(dir);
        Path users = Files.writeString(dir.resolve("users"), LocalUsers.line("ana.patel", Role.ANALYST, "screenshot pass".toCharArray()) + "\n");
        ConsoleConfig c = new ConsoleConfig(topics, "127.0.0.1", 0, tls.keystore(), TlsFixture.PASSWORD, null, users, null,
                Duration.ofHours(12), Duration.ofHours(12), Duration.ofDays(3650), 5, Duration.ofMinutes(15), null);
        try (Console console = new Console(c, kafka.clientProps()).start(); Browser b = Browser.start()) {
            while (!console.ready()) Thread.sleep(50);
            b.open(console.url() + "/").type("#user", "ana.patel").type("#password", "screenshot pass").click("#signin-local");
            assertThat(b.waitFor(() -> b.has("#queue-table"), 15)).isTrue();
            b.driver().manage().window().setSize(new Dimension(1400, 1000));
            b.screenshot(Path.of(out, "console-queue.png"));
            Alert scan = alerts.stream().filter(a -> a.type() == AlertType.PORT_SCAN).findFirst().orElseThrow();
            b.open(console.url() + "/alerts/" + scan.id());
            assertThat(b.waitFor(() -> b.has("#flows"), 15)).as("the flows loaded").isTrue();
            b.driver().manage().window().setSize(new Dimension(1400, 2000));
            b.screenshot(Path.of(out, "console-alert.png"));
            b.driver().manage().window().setSize(new Dimension(1400, 2300));
            b.click("#suppress").type("#reason", "the trust's quarterly vulnerability scan from its contractor, change CHG0042")
                    .click("#check");
            assertThat(b.text("#preview-count")).isEqualTo("1");
            b.screenshot(Path.of(out, "console-suppression.png"));
        }
    }
}
