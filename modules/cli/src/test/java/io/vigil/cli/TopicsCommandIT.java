package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil topics} on a real broker: apply makes every topic as declared, check finds a
 * setting someone changed and a partition count declared higher, apply mends both; a role on
 * that cluster whose topics are missing stops at start naming the topic and the command.
 */
class TopicsCommandIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void applyMakesCheckFindsApplyMends() throws Exception {
        String ns = "tc" + System.nanoTime();
        Path cluster = Files.writeString(dir.resolve("cluster.yaml"), String.join("\n", "namespace: " + ns,
                "partitions: 3", "replication-factor: 1", "min-insync-replicas: 1", "retention: 2d",
                "kafka: {bootstrap.servers: '" + kafka.bootstrap() + "'}", ""));
        CliRun first = CliRun.of("topics", "apply", "--config", cluster.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains(ns + ".flows.v1: created", ns + ".alerts.v1: created");
        assertThat(CliRun.of("topics", "check", "--config", cluster.toString()).exit()).isZero();

        try (Admin admin = Admin.create(kafka.clientProps())) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, ns + ".alerts.v1"),
                    List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
            // the broker takes the change from its metadata log a moment after the request returns
            ConfigResource alerts = new ConfigResource(ConfigResource.Type.TOPIC, ns + ".alerts.v1");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"delete".equals(admin.describeConfigs(List.of(alerts)).all().get(30, TimeUnit.SECONDS).get(alerts)
                    .get("cleanup.policy").value()) && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            Files.writeString(cluster, Files.readString(cluster).replace("partitions: 3", "partitions: 4"));
            CliRun check = CliRun.of("topics", "check", "--config", cluster.toString());
            assertThat(check.exit()).isEqualTo(ExitCodes.FAILURE);
            assertThat(check.out()).contains(ns + ".alerts.v1: cleanup.policy delete, declared compact,delete (apply mends it)",
                    ns + ".flows.v1: partitions 3, declared 4 (apply mends it)");
            CliRun mend = CliRun.of("topics", "apply", "--config", cluster.toString());
            assertThat(mend.exit()).as(mend.err() + mend.out()).isZero();
            assertThat(admin.describeTopics(List.of(ns + ".flows.v1")).allTopicNames().get().get(ns + ".flows.v1")
                    .partitions()).hasSize(4);
            assertThat(CliRun.of("topics", "check", "--config", cluster.toString()).exit()).isZero();
            Files.writeString(cluster, Files.readString(cluster).replace("partitions: 4", "partitions: 2"));
            CliRun fewer = CliRun.of("topics", "check", "--config", cluster.toString());
            assertThat(fewer.out()).contains("Kafka cannot remove partitions");
        }
    }

    @Test
    void aRoleOnAClusterWithoutItsTopicsStopsNamingThem() throws Exception {
        Path det = Files.writeString(dir.resolve("detector.yaml"), String.join("\n", "namespace: missing" + System.nanoTime(),
                "state-dir: " + dir.resolve("state"), "metrics: {port: 0}",
                "kafka: {bootstrap.servers: '" + kafka.bootstrap() + "'}", ""));
        CliRun r = CliRun.of("detector", "--config", det.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).matches("(?s)vigil: topic missing\\d+\\.flows\\.v1 does not exist; an administrator makes it with "
                + "`vigil topics apply --config FILE` \\(and \\d+ more: .*\\)\\s*");
    }
}
