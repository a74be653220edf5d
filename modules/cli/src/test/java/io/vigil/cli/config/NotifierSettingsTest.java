package io.vigil.cli.config;

import io.vigil.cli.CliRun;
import io.vigil.cli.ExitCodes;
import io.vigil.runtime.config.ConfigTree;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.AlertType;
import io.vigil.model.Severity;
import io.vigil.notifier.Route;
import io.vigil.notifier.channel.Channel;
import io.vigil.testkit.TlsFixture;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierSettingsTest {

    @TempDir
    Path dir;

    static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    /** The documented example with its /etc/vigil files replaced by real ones in the temp dir. */
    private Path example() throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        String text = Files.readString(Path.of("../../docs/examples/notifier.yaml"))
                .replace("/etc/vigil/siem-ca.p12", tls.truststore().toString())
                .replace("/etc/vigil/notifier.p12", tls.keystore().toString());
        for (String secret : new String[] {"truststore.pass", "webhook.secret", "smtp.password", "ack.token", "keystore.pass",
                "kafka-notifier.pass"}) {
            Path f = Files.writeString(dir.resolve(secret), secret.equals("webhook.secret") || secret.equals("ack.token")
                    ? "s3cret-" + secret + "-0123456789" : TlsFixture.PASSWORD);
            text = text.replace("/etc/vigil/" + secret, f.toString());
        }
        return Files.writeString(dir.resolve("notifier.yaml"), text);
    }

    @Test
    void theDocumentedExampleIsValidAndMeansWhatItSays() throws Exception {
        NotifierSettings.Loaded l = NotifierSettings.read(ConfigTree.load(example(), Map.of()), NOWHERE, false);
        assertThat(l.problems()).isEmpty();
        assertThat(l.channels()).extracting(Channel::name)
                .containsExactly("soc-webhook", "soc-teams", "soc-mail", "oncall-mail", "siem");
        assertThat(l.config().routes()).extracting(Route::name)
                .containsExactly("siem-everything", "soc", "on-call", "clinic-north-it");
        Route soc = l.config().routes().get(1);
        assertThat(soc.minSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(soc.rateLimit()).isEqualTo(20);
        assertThat(soc.ratePer()).isEqualTo(Duration.ofMinutes(10));
        assertThat(soc.escalateAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(soc.escalateTo()).containsExactly("on-call");
        Route site = l.config().routes().get(3);
        assertThat(site.sites()).containsExactly("clinic-north");
        assertThat(site.types()).contains(AlertType.EXFILTRATION, AlertType.DNS_TUNNEL);
        assertThat(l.config().maxAttempts()).isEqualTo(12);
        assertThat(l.ack().token()).isEqualTo("s3cret-ack.token-0123456789");
        assertThat(l.kafka()).containsEntry("ssl.truststore.password", "changeit");
        l.channels().forEach(Channel::close);
    }

    @Test
    void checkPrintsTheEffectiveSettingsWithEverySecretMasked() throws Exception {
        CliRun r = CliRun.of("notifier", "--config", example().toString(), "--check");
        assertThat(r.exit()).as(r.err()).isZero();
        // secrets from files are shown as the reference they were read by, never as their value
        assertThat(r.out()).contains("soc-webhook:", "format: \"generic\"", "escalate-to:",
                "secret: \"${file:" + dir.resolve("webhook.secret") + "}\"", "token: \"${file:" + dir.resolve("ack.token") + "}\"",
                "password: \"${file:" + dir.resolve("smtp.password") + "}\"", "- \"on-call\"")
                .doesNotContain("s3cret-", "changeit");
        assertThat(r.err()).contains("settings are valid");
    }

    @Test
    void everyMistakeIsReportedWithItsKeyAndNothingIsStarted() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), String.join("\n",
                "channels:",
                "  hook: {type: webhook, url: 'https://soc.example.org/x', format: discord, secret: short}",
                "  mail: {type: email, host: smtp.example.org, security: none, from: v@example.org}",
                "  pager: {type: pigeon}",
                "  plain: {type: webhook, url: 'http://soc.example.org/x'}",
                "routes:",
                "  - {name: soc, min-severity: urgent, channels: [hook, nowhere], types: [port_scam], escalate-after: 5m, escalate-to: [pagers]}",
                "  - {name: esc, channels: [hook], escalate-after: 5m}",
                "retry: {first: 0s, attempts: 0, maxx: 1m}",
                "ack: {bind: 0.0.0.0, token: short}",
                ""));
        CliRun r = CliRun.of("notifier", "--config", f.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).allSatisfy(l -> assertThat(l).startsWith("vigil notifier: " + f + ": "))
                .anySatisfy(l -> assertThat(l).contains("retry.maxx: unknown setting"))
                .anySatisfy(l -> assertThat(l).contains("channels.hook.format: 'discord' is not one of generic, slack, teams"))
                .anySatisfy(l -> assertThat(l).contains("channels.hook.secret: must be at least 16 characters"))
                .anySatisfy(l -> assertThat(l).contains("channels.mail.security: none is only allowed for a relay on this host"))
                .anySatisfy(l -> assertThat(l).contains("channels.mail.to: give at least one address"))
                .anySatisfy(l -> assertThat(l).contains("channels.pager.type: 'pigeon'; one of webhook, email, syslog, console"))
                .anySatisfy(l -> assertThat(l).contains("routes.0.min-severity: severity 'urgent' is not one of"))
                .anySatisfy(l -> assertThat(l).contains("routes.0.types:"))
                .anySatisfy(l -> assertThat(l).contains("route soc: channels: unknown channel 'nowhere'"))
                .anySatisfy(l -> assertThat(l).contains("route esc: escalate-to: needed with escalate-after"))
                .anySatisfy(l -> assertThat(l).contains("route soc: escalate-to: unknown channel or route 'pagers'"))
                .anySatisfy(l -> assertThat(l).contains("retry.first: must be positive"))
                .anySatisfy(l -> assertThat(l).contains("retry.attempts: must be at least 1"))
                .anySatisfy(l -> assertThat(l).contains("ack.token: must be at least 16 characters"))
                .anySatisfy(l -> assertThat(l).contains("ack.bind: 0.0.0.0 is not loopback; set ack.tls-keystore"))
                // found with the rest, not only once everything else is right
                .anySatisfy(l -> assertThat(l).contains("channels.plain: webhook url http://soc.example.org/… is plain http"));
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void withoutAFileAlertsGoToTheConsole() {
        NotifierSettings.Loaded l = NotifierSettings.read(ConfigTree.load(null, Map.of()), NOWHERE, false);
        assertThat(l.problems()).isEmpty();
        assertThat(l.channels()).extracting(Channel::name).containsExactly("console");
        assertThat(l.ack()).isNull();
    }
}
