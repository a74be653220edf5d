package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.testkit.WebhookReceiver;
import java.util.function.Supplier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where one machine is not enough: three Kafka brokers as separate processes ({@code vigil
 * broker}, KRaft, replication factor 3, {@code min.insync.replicas} 2), then two detector
 * instances, a notifier and a collector, each a {@code vigil} process. As the collector starts
 * its replay, one broker and one detector are killed with SIGKILL: the other detector takes
 * over the partitions, and every alert event reaches the webhook exactly once.
 */
class ScaleOutIT {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aKilledBrokerAndAKilledDetectorLoseNoAlertAndDoubleNone() throws Exception {
        int[] p = VigilJar.freePorts(9);
        String bootstrap = "127.0.0.1:" + p[0] + ",127.0.0.1:" + p[2] + ",127.0.0.1:" + p[4];
        String voters = "1@127.0.0.1:" + p[1] + ",2@127.0.0.1:" + p[3] + ",3@127.0.0.1:" + p[5];
        String clusterId = Uuid.randomUuid().toString();
        Process[] brokers = new Process[3];
        for (int n = 1; n <= 3; n++) brokers[n - 1] = start("broker-" + n, "broker", "--config",
                brokerProps(n, p[2 * (n - 1)], p[2 * (n - 1) + 1], voters).toString(), "--cluster-id", clusterId);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            waitFor("three brokers", () -> brokers(admin) == 3, 120);

            WebhookReceiver hook = WebhookReceiver.start();
            // event|id|type|last_seen of each delivery
            Supplier<List<String>> events = () -> hook.received().stream().map(b -> b.path("event").asText() + "|"
                    + b.path("alert").path("id").asText() + "|" + b.path("alert").path("type").asText() + "|"
                    + b.path("alert").path("last_seen").asText()).toList();
            try {
                String kafka = "kafka: {bootstrap.servers: '" + bootstrap + "', security.protocol: PLAINTEXT, "
                        + "session.timeout.ms: 10000}";
                Path det = Files.writeString(dir.resolve("detector.yaml"), String.join("\n",
                        "application-id: scale-out", "threads: 1", kafka, ""));
                Process d1 = start("detector-1", "detector", "--config", det.toString(), "--state-dir",
                        dir.resolve("state-1").toString(), "--metrics-port", String.valueOf(p[6]));
                start("detector-2", "detector", "--config", det.toString(), "--state-dir", dir.resolve("state-2").toString(),
                        "--metrics-port", String.valueOf(p[7]));
                Path not = Files.writeString(dir.resolve("notifier.yaml"), String.join("\n",
                        "kafka: {bootstrap.servers: '" + bootstrap + "', security.protocol: PLAINTEXT}",
                        "channels:",
                        "  hook: {type: webhook, url: '" + hook.url("/") + "', allow-http: true}",
                        "metrics: {port: " + p[8] + "}", ""));
                start("notifier", "notifier", "--config", not.toString());
                waitFor("both detectors in the group", () -> members(admin, "scale-out") == 2, 180);

                Scenario scenario = Scenarios.demo(3);
                Path capture = scenario.traffic().write(dir.resolve("demo.pcap"));
                List<String> collector = new ArrayList<>(List.of("collector", "--site", "lab", "--read", capture.toString(),
                        "--bootstrap", bootstrap, "--spool-dir", dir.resolve("spool").toString(), "--metrics-port", "0",
                        "-q"));
                scenario.internal().forEach(c -> collector.addAll(List.of("--internal", c)));
                start("collector", collector.toArray(String[]::new));
                // as the replay starts: a broker and a detector die without a word
                brokers[1].destroyForcibly();
                d1.destroyForcibly();
                long killed = System.nanoTime();
                waitFor("the surviving detector alone in the group", () -> members(admin, "scale-out") == 1, 120);
                double takeover = (System.nanoTime() - killed) / 1e9;
                waitFor("the port scan at the webhook", () -> events.get().stream().anyMatch(r -> r.contains("|port_scan|")), 180);
                double firstAlert = (System.nanoTime() - killed) / 1e9;
                VigilJar.settle(() -> hook.requests().size(), 10);
                List<String> received = events.get();
                System.out.printf("scale-out: takeover %.1f s after SIGKILL, first alert at the webhook %.1f s; "
                        + "%d webhook deliveries: %s%n", takeover, firstAlert, received.size(), received);
                Set<String> distinct = new HashSet<>(received);
                assertThat(received).as("every alert event exactly once").hasSize(distinct.size());
                assertThat(received).anyMatch(r -> r.startsWith("raised|") && r.contains("|port_scan|"));
            } finally {
                hook.close();
            }
        }
    }

    private Path brokerProps(int node, int port, int controllerPort, String voters) throws Exception {
        return Files.writeString(dir.resolve("broker-" + node + ".properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node,
                "controller.quorum.voters=" + voters,
                "listeners=BROKER://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=BROKER://127.0.0.1:" + port,
                "listener.security.protocol.map=BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=BROKER",
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + dir.resolve("kafka-" + node),
                "default.replication.factor=3",
                "min.insync.replicas=2",
                "offsets.topic.replication.factor=3",
                "transaction.state.log.replication.factor=3",
                "transaction.state.log.min.isr=2",
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=2097152",
                ""));
    }

    private Process start(String name, String... args) throws Exception {
        Process p = VigilJar.command(List.of("-Xmx384m"), args).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private static int brokers(Admin admin) {
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
