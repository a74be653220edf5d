package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.collector.capture.JavaCaptureReader;
import io.vigil.collector.evidence.EvidenceCut;
import io.vigil.collector.evidence.EvidenceDesk;
import io.vigil.collector.evidence.KeptCuts;
import io.vigil.collector.evidence.PacketRing;
import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.Role;
import io.vigil.embedded.BrokerTls;
import io.vigil.model.Topics;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.testkit.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trust's own, locked-down Kafka: three {@code vigil broker} processes (KRaft, the
 * {@code StandardAuthorizer}, no access without an ACL, TLS on every listener: brokers and
 * controllers prove who they are with certificates, clients with a certificate or a SCRAM-SHA-512
 * password). An administrator makes the topics ({@code vigil topics apply}: replication 3,
 * {@code min.insync.replicas} 2) and each role's rights ({@code vigil acls --apply}, which also
 * sets the SCRAM passwords); the collector then proves itself with a certificate, the detectors
 * the notifier and the console with passwords, each a principal of its own with only its ACLs. A role
 * missing one ACL stops at start naming it; the collector cannot read alerts, yet its evidence desk
 * keeps the scan's packets on the detector's request and hands them to the console's principal
 * ({@code vigil evidence get}). As the collector
 * replays its capture, one broker and one of two detectors are killed with SIGKILL: every alert
 * event reaches the webhook, and none twice; the console, reading as its own principal, holds it.
 */
class LockedDownClusterIT {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private BrokerTls tls;
    private String brokers;
    private String clients;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) c.close();
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void eachRoleWithOnlyItsRightsRaisesAndDeliversOnceThroughABrokerAndADetectorKilled() throws Exception {
        int[] p = VigilJar.freePorts(14);
        brokers = "127.0.0.1:" + p[0] + ",127.0.0.1:" + p[3] + ",127.0.0.1:" + p[6];
        clients = "127.0.0.1:" + p[1] + ",127.0.0.1:" + p[4] + ",127.0.0.1:" + p[7];
        String voters = "1@127.0.0.1:" + p[2] + ",2@127.0.0.1:" + p[5] + ",3@127.0.0.1:" + p[8];
        tls = BrokerTls.inDirectory(dir.resolve("tls"));
        Path storePassword = dir.resolve("tls/store-password");
        String clusterId = Uuid.randomUuid().toString();
        Process[] nodes = new Process[3];
        for (int n = 1; n <= 3; n++) {
            int base = 3 * (n - 1);
            nodes[n - 1] = start("broker-" + n, "broker", "--config",
                    brokerProps(n, p[base], p[base + 1], p[base + 2], voters).toString(), "--cluster-id", clusterId);
        }
        try (Admin admin = Admin.create(adminProps())) {
            waitFor("three brokers", () -> brokerCount(admin) == 3, 120);

            // the administrator: topics and each role's rights, from one declaration
            Path cluster = write("cluster.yaml", "partitions: 6", "replication-factor: 3", "min-insync-replicas: 2",
                    "application-id: locked", kafka(brokers), "kafka-auth: {mechanism: mtls, keystore: '" + tls.keystore()
                            + "', keystore-password: '${file:" + storePassword + "}'}");
            assertThat(run("topics", "apply", "--config", cluster.toString())).startsWith("0|");
            assertThat(run("topics", "check", "--config", cluster.toString())).startsWith("0|")
                    .contains("every topic is as declared");
            assertThat(admin.describeTopics(List.of("vigil.flows.v1")).allTopicNames().get().get("vigil.flows.v1")
                    .partitions()).hasSize(6).allSatisfy(tp -> assertThat(tp.replicas()).hasSize(3));
            Path tlsKey = tls.clientKeystore("collector");
            assertThat(run("acls", "--config", cluster.toString(), "--role", "collector", "--principal", "User:collector",
                    "--apply")).startsWith("0|");
            for (String role : List.of("detector", "notifier", "console")) {
                Path pw = Files.writeString(dir.resolve(role + ".password"), "pw-" + role + "-" + Uuid.randomUuid());
                assertThat(run("acls", "--config", cluster.toString(), "--role", role, "--principal", "User:" + role,
                        "--apply", "--scram-password-file", pw.toString())).startsWith("0|");
            }

            Path collector = write("collector.yaml", kafka(brokers), "kafka-auth: {mechanism: mtls, keystore: '" + tlsKey
                    + "', keystore-password: '${file:" + storePassword + "}'}", "site: lab");
            String detectorAuth = scram("detector");
            Path det = write("detector.yaml", "application-id: locked", "threads: 1", kafka(clients), detectorAuth);

            WebhookReceiver hook = WebhookReceiver.start();
            try {
                Path not = write("notifier.yaml", kafka(clients), scram("notifier"), "channels:",
                        "  hook: {type: webhook, url: '" + hook.url("/") + "', allow-http: true}", "metrics: {port: " + p[11] + "}");

                // one ACL away: the notifier says which, and does not start
                AclBinding triage = admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).stream()
                        .filter(b -> b.entry().principal().equals("User:notifier") && b.pattern().name().equals("vigil.triage.v1")
                                && b.entry().operation() == AclOperation.READ).findFirst().orElseThrow();
                admin.deleteAcls(List.of(triage.toFilter())).all().get(30, TimeUnit.SECONDS);
                String refused = run("notifier", "--config", not.toString());
                assertThat(refused).startsWith("2|").contains("may not READ topic vigil.triage.v1")
                        .contains("vigil acls --role notifier");
                admin.createAcls(List.of(triage)).all().get(30, TimeUnit.SECONDS);

                // the collector may write flows, not read alerts
                assertThatThrownBy(() -> readAlertsAs(tlsKey)).isInstanceOf(TopicAuthorizationException.class);

                Process d1 = start("detector-1", "detector", "--config", det.toString(), "--state-dir",
                        dir.resolve("state-1").toString(), "--metrics-port", String.valueOf(p[9]));
                start("detector-2", "detector", "--config", det.toString(), "--state-dir", dir.resolve("state-2").toString(),
                        "--metrics-port", String.valueOf(p[10]));
                start("notifier", "notifier", "--config", not.toString());
                Path users = Files.writeString(dir.resolve("console-users"), LocalUsers.line("ana", Role.ANALYST,
                        "a password of some length".toCharArray()) + "\n");
                Path con = write("console.yaml", "bind: 127.0.0.1", "port: " + p[12], "tls-keystore: '" + tls.keystore() + "'",
                        "tls-keystore-password: '${file:" + storePassword + "}'", "users: '" + users + "'",
                        "metrics: {port: " + p[13] + "}", kafka(clients), scram("console"));
                start("console", "console", "--config", con.toString());
                waitFor("both detectors in the group", () -> members(admin, "locked") == 2, 180);

                Scenario scenario = Scenarios.demo(3);
                Path capture = scenario.traffic().write(dir.resolve("demo.pcap"));
                // the collector's evidence desk, with the collector's own certificate and nothing more: the capture
                // went through its ring; it reads the requests the detector writes and answers the console's
                PacketRing ring = new PacketRing(new PacketRing.Settings(dir.resolve("ring"), 256L << 20, Duration.ofDays(3650), 128));
                JavaCaptureReader.read(capture, ring, n -> { });
                KeptCuts kept = new KeptCuts(dir.resolve("kept"), Duration.ofDays(30), 64L << 20);
                EvidenceDesk desk = new EvidenceDesk(ring, kept, new EvidenceDesk.Settings("lab", "gw-locked", Topics.DEFAULT,
                        collectorProps(tlsKey)), EvidenceCut.Naming.TEXT, Clock.systemUTC()).start();
                closing.add(desk);
                closing.add(ring);
                waitFor("the evidence desk in its group", desk::assigned, 60);
                List<String> args = new ArrayList<>(List.of("collector", "--config", collector.toString(), "--read",
                        capture.toString(), "--spool-dir", dir.resolve("spool").toString(), "--metrics-port", "0", "-q"));
                scenario.internal().forEach(c -> args.addAll(List.of("--internal", c)));
                start("collector", args.toArray(String[]::new));
                // as the replay starts: a broker and a detector die without a word
                nodes[1].destroyForcibly();
                d1.destroyForcibly();
                long killed = System.nanoTime();
                waitFor("the surviving detector alone in the group", () -> members(admin, "locked") == 1, 120);
                double takeover = (System.nanoTime() - killed) / 1e9;
                // event|id|type|last_seen of each delivery
                Supplier<List<String>> events = () -> hook.received().stream().map(b -> b.path("event").asText() + "|"
                        + b.path("alert").path("id").asText() + "|" + b.path("alert").path("type").asText() + "|"
                        + b.path("alert").path("last_seen").asText()).toList();
                waitFor("the port scan at the webhook", () -> events.get().stream().anyMatch(r -> r.contains("|port_scan|")), 180);
                double firstAlert = (System.nanoTime() - killed) / 1e9;
                VigilJar.settle(() -> hook.requests().size(), 10);
                List<String> received = events.get();
                System.out.printf("locked-down cluster: takeover %.1f s after SIGKILL, first alert at the webhook %.1f s; "
                        + "%d webhook deliveries: %s%n", takeover, firstAlert, received.size(), received);
                assertThat(received).as("every alert event exactly once").hasSize(new HashSet<>(received).size());
                assertThat(received).anyMatch(r -> r.startsWith("raised|") && r.contains("|port_scan|"));
                Map<String, Long> raised = new HashMap<>();
                received.stream().filter(r -> r.startsWith("raised|")).forEach(r -> raised.merge(r.split("\\|")[1], 1L, Long::sum));
                assertThat(raised.values()).as("each alert raised once").containsOnly(1L);
                // the detector asked for the scan's packets (a transaction of its own principal); the collector kept them;
                // the console's principal fetches them
                String scanId = received.stream().filter(r -> r.contains("|port_scan|")).findFirst().orElseThrow().split("\\|")[1];
                waitFor("the scan's packets kept", () -> Files.isRegularFile(kept.pcap(scanId)), 60);
                Path pcap = dir.resolve("scan.pcap");
                assertThat(run("evidence", "get", scanId, "--out", pcap.toString(), "--config", con.toString(), "--by", "ana"))
                        .startsWith("0|").contains("from collector gw-locked");
                assertThat(Files.readAllBytes(pcap)).isEqualTo(Files.readAllBytes(kept.pcap(scanId)));
                assertThat(desk.failure()).isNull();
                // the console, its own principal too, reads what it shows
                waitFor("the console holding the alert", () -> metric(p[13], "vigil_console_alerts_in_view") >= 1, 60);
                for (String log : List.of("detector-2", "notifier", "console")) {
                    assertThat(Files.readString(dir.resolve(log + ".log"))).as(log).doesNotContain("AuthorizationException");
                }
            } finally {
                hook.close();
            }
        }
    }

    /** A gauge of a role's /metrics (plain HTTP on loopback), or -1 while it does not answer. */
    private static double metric(int port, String name) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            // not up yet
        }
        return -1;
    }

    /** The role's Kafka client: the cluster's address and CA; how it proves itself is its kafka-auth. */
    private String kafka(String bootstrap) {
        return "kafka: {bootstrap.servers: '" + bootstrap + "', ssl.truststore.location: '" + tls.truststore()
                + "', ssl.truststore.type: PKCS12, ssl.truststore.password: '${file:" + dir.resolve("tls/store-password")
                + "}', session.timeout.ms: 10000}";
    }

    private String scram(String role) {
        return "kafka-auth: {mechanism: scram-sha-512, username: " + role + ", password: '${file:"
                + dir.resolve(role + ".password") + "}'}";
    }

    private Path write(String name, String... lines) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    /** A client that proves itself with the collector's certificate. */
    private Map<String, Object> collectorProps(Path keystore) {
        Map<String, Object> props = new HashMap<>(clientTls());
        props.put("bootstrap.servers", brokers);
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", tls.password());
        props.put("ssl.keystore.type", "PKCS12");
        return props;
    }

    private void readAlertsAs(Path keystore) {
        Map<String, Object> props = collectorProps(keystore);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(new TopicPartition("vigil.alerts.v1", 0)));
            c.seekToBeginning(c.assignment());
            for (int i = 0; i < 20; i++) c.poll(Duration.ofMillis(500));
        }
    }

    private Map<String, Object> clientTls() {
        Map<String, Object> p = new HashMap<>(tls.clientProps());
        p.put("security.protocol", "SSL");
        return p;
    }

    /** The test's own administrator: the brokers' certificate, a super user. */
    private Map<String, Object> adminProps() {
        Map<String, Object> p = clientTls();
        p.put("bootstrap.servers", brokers);
        p.put("ssl.keystore.location", tls.keystore().toString());
        p.put("ssl.keystore.password", tls.password());
        p.put("ssl.keystore.type", "PKCS12");
        return p;
    }

    /** A node: certificates between brokers and controllers (a super user), SCRAM for clients, ACLs enforced. */
    private Path brokerProps(int node, int brokerPort, int clientPort, int controllerPort, String voters) throws Exception {
        return write("broker-" + node + ".properties",
                "process.roles=broker,controller",
                "node.id=" + node,
                "controller.quorum.voters=" + voters,
                "listeners=BROKER://127.0.0.1:" + brokerPort + ",CLIENT://127.0.0.1:" + clientPort
                        + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=BROKER://127.0.0.1:" + brokerPort + ",CLIENT://127.0.0.1:" + clientPort,
                "listener.security.protocol.map=BROKER:SSL,CLIENT:SASL_SSL,CONTROLLER:SSL",
                "inter.broker.listener.name=BROKER",
                "controller.listener.names=CONTROLLER",
                "ssl.keystore.location=" + tls.keystore(),
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.password=" + tls.password(),
                "ssl.key.password=" + tls.password(),
                "ssl.truststore.location=" + tls.truststore(),
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.password=" + tls.password(),
                "ssl.enabled.protocols=TLSv1.3,TLSv1.2",
                "ssl.client.auth=required",
                "ssl.principal.mapping.rules=RULE:^CN=([^,]*)$/$1/,DEFAULT",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "listener.name.client.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:localhost",
                "allow.everyone.if.no.acl.found=false",
                "log.dirs=" + dir.resolve("kafka-" + node),
                "default.replication.factor=3",
                "min.insync.replicas=2",
                "offsets.topic.replication.factor=3",
                "transaction.state.log.replication.factor=3",
                "transaction.state.log.min.isr=2",
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=2097152");
    }

    /** A one-shot vigil command: "exit|stdout and stderr". */
    private String run(String... args) throws Exception {
        Process p = VigilJar.command(List.of("-Xmx256m"), args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("vigil " + String.join(" ", args) + " ends").isTrue();
        System.out.println("$ vigil " + String.join(" ", args) + "\n" + out);
        return p.exitValue() + "|" + out;
    }

    private Process start(String name, String... args) throws Exception {
        Process p = VigilJar.command(List.of("-Xmx384m"), args).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private static int brokerCount(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
        } catch (Exception e) {
            return 0;
        }
    }

    private static int members(Admin admin, String group) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
            return d.members().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private void waitFor(String what, BooleanSupplier c, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                StringBuilder logs = new StringBuilder();
                try (var files = Files.list(dir)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                        String text = Files.readString(f);
                        logs.append("\n== ").append(f.getFileName()).append('\n')
                                .append(text.substring(Math.max(0, text.length() - 1500)));
                    }
                }
                throw new AssertionError("waited " + seconds + " s for " + what + logs);
            }
            Thread.sleep(250);
        }
    }
}
