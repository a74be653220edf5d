package io.vigil.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.capture.LiveCapture;
import io.vigil.collector.evidence.EvidenceScope;
import io.vigil.collector.evidence.PacketRing;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.FlowRecord;
import io.vigil.model.Heartbeat;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.runtime.Role;
import io.vigil.testkit.KafkaBroker;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on the loopback interface, with a BPF filter on a port the test owns: a real
 * TCP conversation between two sockets of this JVM becomes a flow on Kafka. Needs the right
 * to capture (root or CAP_NET_RAW); CI runs as root.
 */
class LiveCaptureIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void aLoopbackConversationBecomesAFlowAndHeartbeatsFlow() throws Exception {
        Topics topics = kafka.freshTopics(1);
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            Map<String, String> props = new HashMap<>();
            props.put("bootstrap.servers", kafka.bootstrap());
            CollectorConfig c = new CollectorConfig("lab", "lo-test", List.of("127.0.0.0/8"),
                    new CollectorConfig.Capture("lo", List.of(), 2048, false, 4L << 20, "tcp port " + port),
                    FlowTableConfig.defaults(), topics.namespace(), props, dir.resolve("spool"), 16L << 20,
                    Duration.ofSeconds(1), null, List.of(),
                    new CollectorConfig.Evidence(dir.resolve("ring"), 64L << 20, Duration.ofHours(1), 128, false), true);
            assertThat(c.problems()).isEmpty();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Collector collector = new Collector(c);
            collector.bindMetrics(registry);
            try {
                collector.start();
            } catch (Role.Refused e) {
                Assumptions.abort("cannot capture on lo here: " + e.getMessage());
            }
            int clientPort;
            try {
                Thread.sleep(300); // the capture thread is dispatching
                Thread serverSide = new Thread(() -> {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        in.readNBytes(1000);
                        out.write(new byte[5000]);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                serverSide.start();
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    clientPort = client.getLocalPort();
                    client.getOutputStream().write(new byte[1000]);
                    client.getInputStream().readNBytes(5000);
                }
                serverSide.join(5000);
                Thread.sleep(2500); // let two heartbeats go and the FIN linger pass
                assertThat(collector.health().status()).isEqualTo("UP");
                assertThat(registry.get("vigil.collector.packets").functionCounter().count()).isPositive();
            } finally {
                collector.close();
            }
            // the same packets went to the evidence ring, and a window of the host's is cut from it
            double ringed = registry.get("vigil.collector.evidence.packets").functionCounter().count();
            assertThat(ringed).isPositive();
            PacketRing.Outcome cut = new PacketRing(new PacketRing.Settings(dir.resolve("ring"), 64L << 20, Duration.ofHours(1),
                    128)).cut(new EvidenceScope("lo-alert", Set.of("127.0.0.1"), 0, Long.MAX_VALUE), dir.resolve("cut"));
            assertThat(cut.status()).isEqualTo(PacketRing.Outcome.OK);
            assertThat(cut.packets()).isEqualTo((long) ringed);

            List<ConsumerRecord<String, FlowRecord>> flows = kafka.consume(topics.flows(), JsonSerde.flows(),
                    l -> !l.isEmpty(), Duration.ofSeconds(20));
            assertThat(flows).extracting(ConsumerRecord::value).filteredOn(f -> f.srcPort() == clientPort)
                    .singleElement().satisfies(f -> {
                        assertThat(f.srcIp()).isEqualTo("127.0.0.1");
                        assertThat(f.dstPort()).isEqualTo(port);
                        assertThat(f.tcpState()).isEqualTo("established");
                        assertThat(f.endReason()).isEqualTo("fin");
                        assertThat(f.bytesOut()).isGreaterThan(1000);
                        assertThat(f.bytesIn()).isGreaterThan(5000);
                        assertThat(f.site()).isEqualTo("lab");
                        assertThat(f.collector()).isEqualTo("lo-test");
                    });
            List<ConsumerRecord<String, Heartbeat>> beats = kafka.consume(topics.heartbeats(), JsonSerde.heartbeats(),
                    l -> l.size() >= 2, Duration.ofSeconds(20));
            assertThat(beats).hasSizeGreaterThanOrEqualTo(2);
            Heartbeat last = beats.get(beats.size() - 1).value();
            assertThat(last.collector()).isEqualTo("lo-test");
            assertThat(last.site()).isEqualTo("lab");
            assertThat(last.packets()).isPositive();
        }
    }

    @Test
    void aMissingInterfaceOrBadFilterIsOneClearLine() {
        CollectorConfig.Capture bad = new CollectorConfig.Capture("nosuch0", List.of(), 2048, false, 4L << 20, "");
        var e = Assertions.catchThrowable(() -> new LiveCapture(
                new LiveCapture.Settings(bad.iface(), 2048, false, 1 << 22, "")).open());
        assertThat(e).isInstanceOf(CaptureInputException.class).hasMessageStartingWith("interface nosuch0: no such interface (available: ");
        var f = Assertions.catchThrowable(() -> new LiveCapture(
                new LiveCapture.Settings("lo", 2048, false, 1 << 22, "tcp port banana")).open());
        if (f != null && f.getMessage().contains("permission denied")) return;
        assertThat(f).isInstanceOf(CaptureInputException.class).hasMessageStartingWith("interface lo: bad filter 'tcp port banana': ");
    }
}
