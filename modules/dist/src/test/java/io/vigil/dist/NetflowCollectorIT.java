package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.Softflowd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector role on a gateway where no agent may capture: {@code vigil collector --netflow}
 * as its own process receives softflowd's IPFIX export and publishes the flows to Kafka, marked
 * as an exporter's, with the exporter's counts among its metrics.
 */
class NetflowCollectorIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void anExportersFlowsReachKafkaThroughTheCollectorRole() throws Exception {
        Topics topics = kafka.freshTopics(2);
        Scenario s = Scenarios.demo(4);
        Path capture = s.traffic().write(dir.resolve("demo.pcap"));
        int[] ports = VigilJar.freePorts(2);
        Path config = Files.writeString(dir.resolve("collector.yaml"), String.join("\n",
                "site: gateway-7", "namespace: " + topics.namespace(),
                "internal: [" + String.join(", ", s.internal()) + "]",
                "capture: {netflow: '127.0.0.1:" + ports[0] + "'}",
                "kafka: {bootstrap.servers: '" + kafka.bootstrap() + "'}",
                "spool: {dir: " + dir.resolve("spool") + "}",
                "metrics: {port: " + ports[1] + "}", ""));
        Path log = dir.resolve("collector.log");
        Process c = VigilJar.command("collector", "--config", config.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.readString(log).contains("Ctrl-C to stop") && c.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(Files.readString(log)).contains("receiving flow exports on udp port " + ports[0]);
            Softflowd.export(capture, ports[0], 10, dir.resolve("softflowd.log"));
            List<FlowRecord> flows = new ArrayList<>();
            for (ConsumerRecord<String, FlowRecord> r : kafka.consume(topics.flows(), JsonSerde.flows(),
                    l -> l.size() >= 500, Duration.ofSeconds(60))) {
                flows.add(r.value());
            }
            assertThat(flows).as(Files.readString(log)).hasSizeGreaterThanOrEqualTo(500);
            assertThat(flows).allSatisfy(f -> {
                assertThat(f.source()).isEqualTo("netflow");
                assertThat(f.site()).isEqualTo("gateway-7");
            });
            assertThat(flows).anyMatch(f -> f.direction() == Direction.INBOUND && "198.51.100.23".equals(f.srcIp()));
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[1]
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("vigil_collector_netflow_flows_total{exporter=\"127.0.0.1\"}")
                    .contains("vigil_collector_netflow_malformed_total{exporter=\"127.0.0.1\"} 0.0");
        } finally {
            c.destroy();
            c.waitFor(60, TimeUnit.SECONDS);
            c.destroyForcibly();
        }
    }
}
