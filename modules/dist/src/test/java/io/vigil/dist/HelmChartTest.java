package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.vigil.cli.Vigil;
import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.Role;
import io.vigil.testkit.TlsFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart as Helm itself sees it (helm-java: lint, template) with the default values
 * and a production-like file, parsed into Kubernetes' model (fabric8) and held to what it
 * promises: the collector's two capabilities and host network, probes and resources on every
 * container, the detector's persistent state, secrets only by reference, and every container's
 * command a real {@code vigil} command that accepts the settings the chart renders for it.
 */
class HelmChartTest {

    static final Path CHART = Path.of("../../helm/vigil");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @TempDir
    Path dir;

    @Test
    void helmLintsTheChartStrictly() {
        LintResult r = new Helm(CHART).lint().strict().call();
        assertThat(r.isFailed()).as(String.join("\n", r.getMessages())).isFalse();
    }

    @Test
    void theDefaultInstallKeepsItsPromises() throws Exception {
        Map<String, List<JsonNode>> objects = render(null);
        checkEveryPromise(objects, false);
    }

    @Test
    void aProductionInstallKeepsItsPromisesAndNamesSecretsOnlyByReference() throws Exception {
        Map<String, List<JsonNode>> objects = render(CHART.resolve("ci/production-values.yaml"));
        checkEveryPromise(objects, true);
        assertThat(objects.get("ServiceMonitor")).hasSize(1);
        assertThat(objects.get("ServiceMonitor").get(0).at("/spec/endpoints/0/scheme").asText()).isEqualTo("https");
        StatefulSet detector = one(objects, "StatefulSet", StatefulSet.class);
        assertThat(detector.getSpec().getReplicas()).isEqualTo(3);
        assertThat(secretNames(detector.getSpec().getTemplate().getSpec()))
                .contains("vigil-kafka-ca", "vigil-kafka-detector", "vigil-metrics-tls")
                .as("each role holds its own Kafka identity only").doesNotContain("vigil-kafka-notifier", "vigil-kafka-collector");
        assertThat(one(objects, "ConfigMap", ConfigMap.class).getData().get("detector.yaml"))
                .contains("kafka-auth: {mechanism: scram-sha-512, username: \"detector\"");
        CronJob reports = cronJob(objects, "reporter");
        PodSpec reportPod = reports.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(reportPod.getContainers().get(0).getArgs()).as("the weekly reports are mailed, as the appliance's are")
                .containsSubsequence("--mail", "/etc/vigil/notifier.yaml", "--mail-channel", "managers");
        assertThat(secretNames(reportPod)).contains("vigil-kafka-reporter", "vigil-channels");
        Deployment notifier = deployment(objects, "notifier");
        assertThat(secretNames(notifier.getSpec().getTemplate().getSpec())).contains("vigil-channels");
        Deployment console = deployment(objects, "console");
        assertThat(secretNames(console.getSpec().getTemplate().getSpec())).contains("vigil-console-tls", "vigil-channels");
        assertThat(console.getSpec().getTemplate().getSpec().getContainers().get(0).getLivenessProbe().getHttpGet().getScheme())
                .isEqualTo("HTTPS");
        assertThat(objects.get("Service")).extracting(n -> n.at("/metadata/name").asText()).contains("vigil-console");
        assertThat(one(objects, "ConfigMap", ConfigMap.class).getData().get("notifier.yaml"))
                .as("notices link to the console").contains("url: \"https://vigil.example.org\"");
        assertThat(objects.get("NetworkPolicy")).hasSize(4);
        CronJob intel = cronJob(objects, "intel");
        Container loader = intel.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(loader.getArgs()).containsSubsequence("--source", "https://feeds.example.org/carecert/indicators.stix.json",
                "--source", "https://misp.example.org/events/restSearch/json", "--token-file", "/etc/vigil/secrets/feed-token");
        assertThat(secretNames(intel.getSpec().getJobTemplate().getSpec().getTemplate().getSpec())).contains("vigil-channels");
    }

    @Test
    void aServiceMonitorWithoutTlsOnTheMetricsIsRefusedWithTheReason() {
        Throwable t = Assertions.catchThrowable(() ->
                new Helm(CHART).template().withName("vigil").set("serviceMonitor.enabled", true).call());
        assertThat(t).hasMessageContaining("serviceMonitor.enabled needs metrics.tls.existingSecret");
    }

    @Test
    void aConsoleWithoutACertificateOrAWayToSignInIsRefusedWithTheReason() {
        Throwable noTls = Assertions.catchThrowable(() ->
                new Helm(CHART).template().withName("vigil").set("console.enabled", true).call());
        assertThat(noTls).hasMessageContaining("console.enabled needs console.tls.existingSecret");
        Throwable nobody = Assertions.catchThrowable(() -> new Helm(CHART).template().withName("vigil")
                .set("console.enabled", true).set("console.tls.existingSecret", "vigil-console-tls").call());
        assertThat(nobody).hasMessageContaining("console.enabled needs console.usersSecretKey or console.oidc");
    }

    private void checkEveryPromise(Map<String, List<JsonNode>> objects, boolean production) throws Exception {
        DaemonSet collector = one(objects, "DaemonSet", DaemonSet.class);
        PodSpec cp = collector.getSpec().getTemplate().getSpec();
        assertThat(cp.getHostNetwork()).isTrue();
        assertThat(cp.getNodeSelector()).containsEntry("vigil.io/gateway", "true");
        Container cc = cp.getContainers().get(0);
        assertThat(cc.getSecurityContext().getCapabilities().getAdd()).containsExactlyInAnyOrder("NET_RAW", "NET_ADMIN");
        assertThat(cc.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(cc.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(cc.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();

        StatefulSet detector = one(objects, "StatefulSet", StatefulSet.class);
        assertThat(detector.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName()).containsExactly("state");
        assertThat(detector.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        Deployment notifier = deployment(objects, "notifier");
        CronJob reporter = cronJob(objects, "reporter");
        List<PodSpec> pods = new ArrayList<>(List.of(cp, detector.getSpec().getTemplate().getSpec(),
                notifier.getSpec().getTemplate().getSpec(), reporter.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
        if (production) {
            pods.add(cronJob(objects, "intel").getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
            pods.add(deployment(objects, "console").getSpec().getTemplate().getSpec());
        } else {
            assertThat(objects.get("Deployment")).as("no console unless asked for").hasSize(1);
        }
        for (PodSpec pod : pods) {
            for (Container c : pod.getContainers()) {
                assertThat(c.getResources().getRequests()).as(c.getName()).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(c.getName()).containsKey("memory");
                if (!c.getName().equals("reporter") && !c.getName().equals("intel")) { // jobs: nothing to probe
                    assertThat(c.getLivenessProbe()).as(c.getName() + " liveness").isNotNull();
                    assertThat(c.getReadinessProbe()).as(c.getName() + " readiness").isNotNull();
                }
                assertThat(c.getEnv()).as("no secret in an environment variable").allSatisfy(e -> {
                    assertThat(e.getValueFrom()).isNull();
                    assertThat(e.getName()).isEqualTo("VIGIL_JAVA_OPTS");
                });
            }
        }
        // The settings the chart renders, each checked by the command its container runs.
        ConfigMap config = one(objects, "ConfigMap", ConfigMap.class);
        assertThat(config.getData().values()).as("no secret written into a ConfigMap")
                .noneMatch(v -> v.matches("(?s).*(password|secret|token|jaas)[a-z.-]*: \"?(?!\\$\\{file:)[^\\s\"]{6,}.*"));
        for (PodSpec pod : pods) {
            for (Container c : pod.getContainers()) acceptsItsSettings(c, config, production);
        }
    }

    /** Runs the container's own command with --check on the settings rendered for it. */
    private void acceptsItsSettings(Container c, ConfigMap config, boolean production) throws Exception {
        List<String> args = new ArrayList<>(c.getArgs());
        int at = args.indexOf("--config");
        String file = Path.of(args.get(at + 1)).getFileName().toString();
        String text = config.getData().get(file);
        assertThat(text).as(c.getName() + " reads " + file).isNotNull();
        Path local = localFiles(production);
        Path written = Files.writeString(dir.resolve(c.getName() + "-" + file), text.replace("/etc/vigil/", local + "/"));
        List<String> check = new ArrayList<>(args.stream().map(a -> a.replace("/etc/vigil/", local + "/")).toList());
        check.set(at + 1, written.toString());
        if (args.get(0).equals("report")) {
            // the report has no --check: its file is the detector's, checked as the detector reads it
            check = new ArrayList<>(List.of("detector", "--config", written.toString()));
        }
        check.add("--check");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        System.setErr(new PrintStream(err, true));
        try {
            code = Vigil.execute(check.toArray(String[]::new));
        } finally {
            System.setErr(old);
        }
        assertThat(code).as("vigil " + String.join(" ", check) + "\n" + err + "\n" + text).isZero();
    }

    /** What the Secrets would hold, as files: a real keystore and truststore, and secrets long enough. */
    private Path localFiles(boolean production) throws Exception {
        Path local = dir.resolve("etc-vigil");
        if (Files.exists(local)) return local;
        TlsFixture tls = TlsFixture.create(Files.createDirectories(dir.resolve("tls")));
        Files.createDirectories(local.resolve("kafka-tls"));
        Files.copy(tls.truststore(), local.resolve("kafka-tls/truststore.p12"));
        Files.writeString(local.resolve("kafka-tls/truststore.password"), TlsFixture.PASSWORD);
        Files.createDirectories(local.resolve("kafka-auth"));
        Files.writeString(local.resolve("kafka-auth/password"), "a-scram-password-of-32-characters");
        Files.createDirectories(local.resolve("metrics-tls"));
        Files.copy(tls.keystore(), local.resolve("metrics-tls/keystore.p12"));
        Files.writeString(local.resolve("metrics-tls/keystore.password"), TlsFixture.PASSWORD);
        Files.createDirectories(local.resolve("secrets"));
        Files.writeString(local.resolve("secrets/webhook-secret"), "a-webhook-secret-of-32-characters!");
        Files.writeString(local.resolve("secrets/ack-token"), "an-ack-token-of-32-characters-long");
        Files.copy(tls.keystore(), local.resolve("secrets/ack.p12"));
        Files.writeString(local.resolve("secrets/ack.password"), TlsFixture.PASSWORD);
        Files.writeString(local.resolve("secrets/feed-token"), "a-feed-token-of-32-characters-long");
        Files.writeString(local.resolve("secrets/smtp-password"), "an-smtp-password-of-32-characters");
        Files.createDirectories(local.resolve("console-tls"));
        Files.copy(tls.keystore(), local.resolve("console-tls/keystore.p12"));
        Files.writeString(local.resolve("console-tls/keystore.password"), TlsFixture.PASSWORD);
        Files.writeString(local.resolve("secrets/console-users"), LocalUsers.line("ana",
                Role.ANALYST, "a password of some length".toCharArray()) + "\n");
        Files.write(local.resolve("secrets/console-session-key"), new byte[32]);
        Files.writeString(local.resolve("secrets/console-oidc-secret"), "a-client-secret-of-32-characters!");
        return local;
    }

    private Map<String, List<JsonNode>> render(Path values) throws Exception {
        var t = new Helm(CHART).template().withName("vigil").withNamespace("vigil");
        if (values != null) t = t.withValuesFile(values);
        String manifests = t.call();
        Map<String, List<JsonNode>> byKind = new LinkedHashMap<>();
        for (String doc : manifests.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) continue;
            JsonNode n = YAML.readTree(doc);
            if (n == null || !n.has("kind")) continue;
            byKind.computeIfAbsent(n.get("kind").asText(), k -> new ArrayList<>()).add(n);
        }
        return byKind;
    }

    private static <T> T one(Map<String, List<JsonNode>> objects, String kind, Class<T> type) throws Exception {
        List<JsonNode> found = objects.getOrDefault(kind, List.of());
        assertThat(found).as(kind).hasSize(1);
        return YAML.treeToValue(found.get(0), type);
    }

    /** The Deployment of {@code component}. */
    private static Deployment deployment(Map<String, List<JsonNode>> objects, String component) throws Exception {
        for (JsonNode n : objects.getOrDefault("Deployment", List.of())) {
            if (component.equals(n.at("/metadata/labels/app.kubernetes.io~1component").asText())) {
                return YAML.treeToValue(n, Deployment.class);
            }
        }
        throw new AssertionError("no Deployment for " + component);
    }

    /** The CronJob of {@code component} (the chart labels each with its component). */
    private static CronJob cronJob(Map<String, List<JsonNode>> objects, String component) throws Exception {
        for (JsonNode n : objects.getOrDefault("CronJob", List.of())) {
            if (component.equals(n.at("/metadata/labels/app.kubernetes.io~1component").asText())) {
                return YAML.treeToValue(n, CronJob.class);
            }
        }
        throw new AssertionError("no CronJob for " + component);
    }

    private static List<String> secretNames(PodSpec pod) {
        return pod.getVolumes().stream().map(Volume::getSecret).filter(Objects::nonNull)
                .map(s -> s.getSecretName()).toList();
    }
}
