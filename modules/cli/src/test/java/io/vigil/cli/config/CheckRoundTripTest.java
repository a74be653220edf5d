package io.vigil.cli.config;

import io.vigil.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.TlsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code --check} prints is a configuration: fed back as the config file it gives the same
 * effective settings, for each role, on the documented examples. Secrets read from files are
 * printed as their {@code ${file:...}} reference, never as their value.
 */
class CheckRoundTripTest {

    @TempDir
    Path dir;

    /** The documented example with each file Vigil reads at --check replaced by a real one. */
    private Path example(String role) throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        String text = Files.readString(Path.of("../../docs/examples/" + role + ".yaml"))
                .replace("/etc/vigil/siem-ca.p12", tls.truststore().toString())
                .replace("/etc/vigil/notifier.p12", tls.keystore().toString())
                .replace("/etc/vigil/collector.p12.pass", "/etc/vigil/keystore.pass")
                .replace("/etc/vigil/collector.p12", tls.keystore().toString());
        Path key = Files.write(dir.resolve("pseudonym.key"), new SecureRandom().generateSeed(32));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        text = text.replace("/etc/vigil/pseudonym.key", key.toString());
        for (String secret : new String[] {"truststore.pass", "webhook.secret", "smtp.password", "ack.token", "keystore.pass",
                "kafka-detector.pass", "kafka-notifier.pass", "kafka-console.pass"}) {
            String value = secret.equals("webhook.secret") || secret.equals("ack.token") || secret.startsWith("kafka-") ? "s3cret-" + secret + "-0123456789"
                    : TlsFixture.PASSWORD;
            text = text.replace("/etc/vigil/" + secret, Files.writeString(dir.resolve(secret), value).toString());
        }
        return Files.writeString(dir.resolve(role + ".yaml"), text);
    }

    private void roundTrips(String role) throws Exception {
        CliRun first = CliRun.of(role, "--config", example(role).toString(), "--check");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).doesNotContain("s3cret-").doesNotContain(TlsFixture.PASSWORD);
        Path again = Files.writeString(dir.resolve(role + "-checked.yaml"), first.out());
        CliRun second = CliRun.of(role, "--config", again.toString(), "--check");
        assertThat(second.exit()).as(second.err() + "\n" + first.out()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
    }

    @Test
    void theCollectorsCheckIsItsConfig() throws Exception {
        roundTrips("collector");
    }

    @Test
    void theDetectorsCheckIsItsConfig() throws Exception {
        roundTrips("detector");
    }

    @Test
    void theNotifiersCheckIsItsConfig() throws Exception {
        roundTrips("notifier");
    }

    @Test
    void theAppliancesCheckIsItsConfig() throws Exception {
        roundTrips("standalone");
    }

    @Test
    void aProblemInARoleSectionOfTheApplianceNamesTheKeyFromTheTop() throws Exception {
        Path f = Files.writeString(dir.resolve("bad-standalone.yaml"), String.join("\n",
                "collector: {site: lab, capture: {interface: lo, snaplen: 5}, kafka: {bootstrap.servers: 'x:9092'}}",
                "detector: {thresholds: {port-scan: {ports: many}}}",
                "notifier: {channels: {hook: {type: webhook}}}",
                "broker: {port: 9092, colour: blue}",
                ""));
        CliRun r = CliRun.of("standalone", "--config", f.toString(), "--check");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(f + ": collector.capture.snaplen: 5 must be 96..262144")
                .contains("collector.kafka: the appliance sets this once for every role")
                .contains(f + ": detector.thresholds.port-scan.ports: 'many' is not a whole number")
                .contains(f + ": notifier.channels.hook.url: missing")
                .contains(f + ": broker.colour: unknown setting");
    }

    @Test
    void aChannelOfEveryTypeWithItsDefaultsIsItsConfigToo() throws Exception {
        Path f = Files.writeString(dir.resolve("channels.yaml"), String.join("\n",
                "channels:",
                "  hook: {type: webhook, url: 'https://soc.example.org/hook'}",
                "  siem: {type: syslog, host: siem.example.org}",
                "  relay: {type: email, host: 127.0.0.1, security: none, from: v@example.org, to: [soc@example.org]}",
                "  screen: {type: console}",
                ""));
        CliRun first = CliRun.of("notifier", "--config", f.toString(), "--check");
        assertThat(first.exit()).as(first.err()).isZero();
        Path again = Files.writeString(dir.resolve("channels-checked.yaml"), first.out());
        CliRun second = CliRun.of("notifier", "--config", again.toString(), "--check");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
    }
}
