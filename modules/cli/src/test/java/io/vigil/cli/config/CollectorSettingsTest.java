package io.vigil.cli.config;

import io.vigil.cli.CliRun;
import io.vigil.cli.ExitCodes;
import io.vigil.detector.host.BeaconCandidates;
import io.vigil.detector.host.DnsTunnelDetector;
import io.vigil.detector.host.UploadCandidates;
import io.vigil.detector.scan.BruteForceDetector;
import io.vigil.runtime.config.ConfigTree;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.AlertType;
import io.vigil.model.WeeklySummary;
import io.vigil.testkit.TlsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsAreValidOnceASiteAndASourceAreGiven() {
        ConfigTree t = ConfigTree.load(null, Map.of());
        t.set("site", "s1");
        t.set("capture.interface", "eth0");
        CollectorSettings.Loaded l = CollectorSettings.read(t);
        assertThat(l.problems()).isEmpty();
        assertThat(l.config().flow().activeTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(l.ops().bind()).isEqualTo("127.0.0.1");
    }

    @Test
    void anEvidenceRingBesidePseudonymisedFlowsIsKeptOnlyKnowingly() throws Exception {
        Path key = Files.write(dir.resolve("k.key"), new SecureRandom().generateSeed(32));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        String base = "site: s\ncapture: {interface: eth0}\npseudonymise: {key-file: " + key + "}\n"
                + "evidence: {dir: " + dir.resolve("ring") + ", snaplen: 32";
        Path f = Files.writeString(dir.resolve("e.yaml"), base + "}\n");
        assertThat(CollectorSettings.read(ConfigTree.load(f, Map.of())).problems())
                .anySatisfy(p -> assertThat(p).contains("evidence.dir: pseudonymisation is on and the ring keeps packets "
                        + "with their real addresses; set evidence.with-pseudonyms: true"))
                .anySatisfy(p -> assertThat(p).contains("evidence.snaplen: 32 must be 64..262144"));
        Files.writeString(f, base.replace("snaplen: 32", "snaplen: 128") + ", with-pseudonyms: true}\n");
        CollectorSettings.Loaded knowingly = CollectorSettings.read(ConfigTree.load(f, Map.of()));
        assertThat(knowingly.problems()).isEmpty();
        assertThat(knowingly.config().evidence().dir()).isEqualTo(dir.resolve("ring"));
    }

    @Test
    void fileThenEnvironmentThenFlags() throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "site: from-file\nflow:\n  active-timeout: 30s\n  tcp-idle: 100s\ncapture:\n  interface: eth0\n");
        ConfigTree t = ConfigTree.load(f, Map.of("VIGIL_FLOW__ACTIVE_TIMEOUT", "20s", "VIGIL_SITE", "from-env",
                "VIGIL_KAFKA__SSL_TRUSTSTORE_LOCATION", "/t.p12", "PATH", "/bin"));
        t.set("site", "from-flag");
        CollectorSettings.Loaded l = CollectorSettings.read(t);
        assertThat(l.problems()).isEmpty();
        assertThat(l.config().site()).isEqualTo("from-flag");
        assertThat(l.config().flow().activeTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(l.config().flow().tcpIdle()).isEqualTo(Duration.ofSeconds(100));
        assertThat(l.config().kafka()).containsEntry("ssl.truststore.location", "/t.p12");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "site: a b\ncapture:\n  interface: eth0\n  snaplen: 10\n  bufersize: 1MB\n"
                + "flow:\n  udp-idle: soon\n");
        CollectorSettings.Loaded l = CollectorSettings.read(ConfigTree.load(f, Map.of()));
        assertThat(l.problems()).containsExactly(
                f + ": capture.bufersize: unknown setting (a typo?)",
                f + ": flow.udp-idle: 'soon' is not a duration (like 250ms, 60s, 5m, 1h)",
                f + ": site: 'a b' must be 1-64 letters, digits, '.', '_' or '-'",
                f + ": capture.snaplen: 10 must be 96..262144");
    }

    @Test
    void checkPrintsSecretsMaskedAndReadsThemFromFiles() throws Exception {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "hunter2\n");
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "site: s\ncapture:\n  interface: eth0\nkafka:\n  bootstrap.servers: k:9093\n  security.protocol: SASL_SSL\n"
                + "  ssl.keystore.password: ${file:" + secret + "}\n  sasl.jaas.config: secret-stuff\n");
        CliRun r = CliRun.of("collector", "--config", f.toString(), "--check");
        assertThat(r.exit()).as(r.err()).isZero();
        // a secret from a file is shown as its reference; one written inline as ****
        assertThat(r.out()).contains("ssl.keystore.password: \"${file:" + secret + "}\"").contains("sasl.jaas.config: \"****\"")
                .contains("bootstrap.servers: \"k:9093\"").doesNotContain("hunter2").doesNotContain("secret-stuff");
        ConfigTree t = ConfigTree.load(f, Map.of());
        assertThat(CollectorSettings.read(t).config().kafka()).containsEntry("ssl.keystore.password", "hunter2");
    }

    @Test
    void theDocumentedExampleIsValid() throws Exception {
        Path example = Path.of("../../docs/examples/collector.yaml");
        Path secret = Files.writeString(dir.resolve("truststore.pass"), "changeit");
        // the key the example names, made as docs/dpia.md says: 32 random bytes only its owner reads
        Path key = Files.write(dir.resolve("pseudonym.key"), new SecureRandom().generateSeed(32));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        // the client certificate the example proves itself with, and its password
        TlsFixture tls = TlsFixture.create(dir);
        Path storePassword = Files.writeString(dir.resolve("collector.p12.pass"), TlsFixture.PASSWORD);
        String text = Files.readString(example).replace("/etc/vigil/truststore.pass", secret.toString())
                .replace("/etc/vigil/pseudonym.key", key.toString())
                .replace("/etc/vigil/collector.p12.pass", storePassword.toString())
                .replace("/etc/vigil/collector.p12", tls.keystore().toString());
        Path f = Files.writeString(dir.resolve("collector.yaml"), text);
        CollectorSettings.Loaded l = CollectorSettings.read(ConfigTree.load(f, Map.of()));
        assertThat(l.problems()).isEmpty();
        assertThat(l.config().internal()).containsExactly("10.20.0.0/16", "fd12:3456:789a::/48");
        assertThat(l.config().kafka()).containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("security.protocol", "SSL").containsEntry("ssl.keystore.location", tls.keystore().toString());
    }

    @Test
    void theDocumentedDetectorExampleIsValidAndItsSiteOverrideApplies() throws Exception {
        Path secret = Files.writeString(dir.resolve("truststore.pass"), "changeit");
        Path scram = Files.writeString(dir.resolve("kafka-detector.pass"), "a-scram-password");
        String text = Files.readString(Path.of("../../docs/examples/detector.yaml"))
                .replace("/etc/vigil/truststore.pass", secret.toString())
                .replace("/etc/vigil/kafka-detector.pass", scram.toString());
        ConfigTree t = ConfigTree.load(Files.writeString(dir.resolve("detector.yaml"), text), Map.of());
        DetectorSettings.Loaded l = DetectorSettings.read(t, DetectorSettings.sites(t));
        assertThat(l.problems()).isEmpty();
        assertThat(l.config().thresholds("gp-surgery-east").get(UploadCandidates.THRESHOLDS).floorMinute()).isEqualTo(20L << 20);
        assertThat(l.config().thresholds("elsewhere").get(UploadCandidates.THRESHOLDS).floorMinute()).isEqualTo(50L << 20);
        assertThat(l.config().thresholds("gp-surgery-east").get(DnsTunnelDetector.THRESHOLDS).resolvers()).containsExactly("10.20.0.53/32");
        assertThat(l.config().defaults().get(BruteForceDetector.THRESHOLDS).maxServerBytes()).as("a size without a unit is bytes").isEqualTo(20_000);
        assertThat(l.config().defaults().get(BeaconCandidates.THRESHOLDS).maxBytes()).isEqualTo(64 * 1024);
        assertThat(l.config().thresholds("gp-surgery-east").get(BeaconCandidates.THRESHOLDS)).isEqualTo(l.config().defaults().get(BeaconCandidates.THRESHOLDS));
        assertThat(l.config().allowlist().suppresses(AlertType.PORT_SCAN, "any", "192.0.2.10", null)).isTrue();
        assertThat(l.config().allowlist().suppresses(AlertType.PORT_SCAN, "any", "192.0.2.11", null)).isFalse();
        assertThat(l.effective().get("sites").get("gp-surgery-east").get("capacity").get("upload").asText())
                .isEqualTo("20000000bit");
        assertThat(RunningCluster.of(dir.resolve("detector.yaml"), null, "unused").capacities())
                .containsEntry("gp-surgery-east", new WeeklySummary.Capacity(20_000_000, 80_000_000));

        ConfigTree bad = ConfigTree.load(Files.writeString(dir.resolve("bad.yaml"),
                "sites: {a: {capacity: {upload: 20Mbit}}, b: {capacity: {upload: fast, download: 1Gbit}}}\n"), Map.of());
        assertThat(DetectorSettings.read(bad, DetectorSettings.sites(bad)).problems()).containsExactly(
                dir.resolve("bad.yaml") + ": sites.a.capacity: give both upload and download",
                dir.resolve("bad.yaml") + ": sites.b.capacity: 'fast' is not a rate (like 20Mbit, 1Gbit)");
    }

    @Test
    void aNonLoopbackMetricsEndpointNeedsTls() {
        ConfigTree t = ConfigTree.load(null, Map.of());
        t.set("site", "s");
        t.set("capture.interface", "eth0");
        t.set("metrics.bind", "0.0.0.0");
        assertThat(CollectorSettings.read(t).problems())
                .containsExactly("metrics.bind: 0.0.0.0 is not loopback; set metrics.tls-keystore (PKCS12) so the endpoint speaks TLS");
    }

    @Test
    void checkRunsTheChecksTheStartRunsAndNamesTheFileAndTheKey() throws Exception {
        Path key = Files.write(dir.resolve("pseudo.key"), new byte[32]);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path c = Files.writeString(dir.resolve("c.yaml"), "site: s\ncapture: {interface: lo}\npseudonymise: {key-file: " + key
                + "}\n");
        CliRun check = CliRun.of("collector", "--config", c.toString(), "--check");
        assertThat(check.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(check.err().strip()).isEqualTo("vigil collector: " + c + ": pseudonymise.key-file: " + key
                + ": pseudonymisation key file is readable by others; chmod 600 it");

        Path d = Files.writeString(dir.resolve("d.yaml"), "allow:\n  - {types: [port_scan, nonsense], src: [10.0.0.0/33, "
                + "banana], dst: [10.0.0.1], reason: test}\n  - {src: [192.0.2.10]}\n");
        CliRun allow = CliRun.of("detector", "--config", d.toString(), "--check");
        assertThat(allow.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(allow.err().lines().toList()).containsExactly(
                "vigil detector: " + d + ": allow.0.types: alert type 'nonsense' is unknown",
                "vigil detector: " + d + ": allow.0.src.0: '10.0.0.0/33': prefix length must be 0..32",
                "vigil detector: " + d + ": allow.0.src.1: 'banana' is not a CIDR block (expected e.g. 10.0.0.0/8 or fd00::/8)",
                "vigil detector: " + d + ": allow.1.reason: a reason is required");

        Path ranges = Files.writeString(dir.resolve("ranges.yaml"), "thresholds:\n  host-sweep: {hosts: 1}\nsites:\n  a:\n"
                + "    thresholds:\n      beaconing: {max-jitter: 2}\n");
        CliRun range = CliRun.of("detector", "--config", ranges.toString(), "--check");
        assertThat(range.err().lines().toList()).as("a site's inherited mistake is not said twice").containsExactly(
                "vigil detector: " + ranges + ": thresholds.host-sweep.hosts: must be at least 2",
                "vigil detector: " + ranges + ": sites.a.thresholds.beaconing.max-jitter: must be in (0, 1]");

        Path twice = Files.writeString(dir.resolve("twice.yaml"), "thresholds:\n  port-scan: {ports: 10}\n  port-scan: {ports: 20}\n");
        CliRun dup = CliRun.of("detector", "--config", twice.toString(), "--check");
        assertThat(dup.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(dup.err().strip()).isEqualTo("vigil: " + twice + ":3: key 'port-scan' is written twice");
    }
}
