package io.vigil.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.collector.CaptureReplay;
import io.vigil.collector.CaptureStats;
import io.vigil.collector.Replays;
import io.vigil.collector.capture.PcapFileReader;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.collector.spool.Spool;
import io.vigil.model.CidrSet;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.simulator.Traffic;
import io.vigil.simulator.packet.Framing;
import io.vigil.runtime.pcap.LinkType;
import io.vigil.runtime.pcap.PcapWriter;
import io.vigil.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Takes the broker away in the middle of a capture replay and brings it back: every flow
 * must reach Kafka exactly once, through the spool.
 */
class BrokerOutageIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void everyFlowArrivesExactlyOnceAcrossABrokerOutage() throws Exception {
        // given ten minutes of traffic cut into three files
        Scenario s = Scenarios.benign(11, 600);
        List<Traffic.Packet> packets = s.traffic().sorted();
        long t0 = packets.get(0).tsNanos();
        long third = (packets.get(packets.size() - 1).tsNanos() - t0) / 3;
        Path a = write(packets, dir.resolve("a.pcap"), t0, t0 + third);
        Path b = write(packets, dir.resolve("b.pcap"), t0 + third, t0 + 2 * third);
        Path c = write(packets, dir.resolve("c.pcap"), t0 + 2 * third, Long.MAX_VALUE);
        List<FlowRecord> expected = Replays.replay(List.of(a, b, c), FlowTableConfig.defaults());
        Topics topics = kafka.freshTopics(2);
        Map<String, Object> props = kafka.clientProps();
        // a small producer buffer, so the outage spills to the spool rather than to memory
        props.put("buffer.memory", 32 * 1024);
        props.put("batch.size", 8 * 1024);

        // when the broker goes away after the first file and comes back after the second
        long spooled;
        try (KafkaFlowPublisher publisher = new KafkaFlowPublisher(props, topics.flows(),
                new Spool(dir.resolve("spool"), 256L << 20, 1 << 20), true)) {
            FlowTable table = new FlowTable(FlowTableConfig.defaults(), new FlowRecordFactory("test", "c1",
                    CidrSet.of(List.of("10.0.0.0/8", "fd00::/8")), AddressMapper.IDENTITY), publisher, new FlowStats());
            CaptureReplay replay = new CaptureReplay(table, new CaptureStats());
            PcapFileReader.read(a, replay, null);
            assertThat(publisher.drain(Duration.ofSeconds(30))).isTrue();
            kafka.embedded().stopBroker();
            PcapFileReader.read(b, replay, null);
            Thread.sleep(2_000);
            assertThat(publisher.degraded()).as("publisher noticed the outage").isTrue();
            assertThat(publisher.spoolDepth()).as("flows waiting on disk").isPositive();
            kafka.embedded().restartBroker();
            PcapFileReader.read(c, replay, null);
            table.flush("end_of_input");
            assertThat(publisher.drain(Duration.ofSeconds(60))).as("spool drained").isTrue();
            spooled = publisher.spooled();
            assertThat(publisher.dropped()).isZero();
        }

        // then the topic holds every flow record exactly once
        List<ConsumerRecord<String, FlowRecord>> got = kafka.consume(topics.flows(), JsonSerde.flows(),
                l -> l.size() >= expected.size(), Duration.ofSeconds(60));
        Map<String, Long> counts = got.stream()
                .collect(Collectors.groupingBy(r -> r.value().flowId() + "/" + r.value().seq(), Collectors.counting()));
        assertThat(spooled).as("records went through the spool").isPositive();
        assertThat(counts.values()).as("no duplicates").allMatch(n -> n == 1);
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(
                expected.stream().map(f -> f.flowId() + "/" + f.seq()).collect(Collectors.toList()));
        Map<String, FlowRecord> byId = got.stream().map(ConsumerRecord::value)
                .collect(Collectors.toMap(f -> f.flowId() + "/" + f.seq(), Function.identity()));
        assertThat(expected).allSatisfy(f -> assertThat(byId.get(f.flowId() + "/" + f.seq())).isEqualTo(f));
    }

    private static Path write(List<Traffic.Packet> packets, Path file, long from, long to) throws Exception {
        Framing framing = new Framing(LinkType.ETHERNET, 0);
        try (PcapWriter w = PcapWriter.open(file, LinkType.ETHERNET)) {
            for (Traffic.Packet p : packets) {
                if (p.tsNanos() >= from && p.tsNanos() < to) w.write(p.tsNanos(), framing.frame(p.ip()));
            }
        }
        return file;
    }
}
