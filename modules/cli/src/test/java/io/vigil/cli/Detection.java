package io.vigil.cli;

import io.vigil.collector.CaptureReplay;
import io.vigil.collector.CaptureStats;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.collector.publish.KafkaFlowPublisher;
import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.detector.DetectorTopology;
import io.vigil.model.Alert;
import io.vigil.model.CidrSet;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.simulator.Traffic;
import io.vigil.simulator.packet.Framing;
import io.vigil.runtime.pcap.LinkType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Test harness: simulated packets through the real collector (decoder, flow table) into the
 * production detector topology under TopologyTestDriver, in the order the collector exports
 * flows, then the end-of-input marker. Returns each alert in its final state.
 */
final class Detection implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, FlowRecord> flows;
    private final TestOutputTopic<String, Alert> alerts;
    private final FlowTable table;
    private final CaptureReplay replay;
    private final Framing framing = new Framing(LinkType.ETHERNET, 0);
    private final Map<String, Alert> latest = new LinkedHashMap<>();
    private final List<Alert> all = new ArrayList<>();
    private long flowCount;

    Detection(DetectorConfig config, String site, List<String> internal) {
        driver = new TopologyTestDriver(DetectorTopology.build(config),
                Detector.streamsProperties(config, Map.of("bootstrap.servers", "unused:9092")));
        flows = driver.createInputTopic(config.topics().flows(), new StringSerializer(), JsonSerde.flows());
        alerts = driver.createOutputTopic(config.topics().alerts(), new StringDeserializer(), JsonSerde.alerts());
        table = new FlowTable(FlowTableConfig.defaults(), new FlowRecordFactory(site, "sim", CidrSet.of(internal),
                AddressMapper.IDENTITY), this::send, new FlowStats());
        replay = new CaptureReplay(table, new CaptureStats());
        try {
            replay.begin("simulation", LinkType.ETHERNET.number);
        } catch (CaptureInputException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Alert> run(DetectorConfig config, String site, List<String> internal, Consumer<Consumer<Traffic.Packet>> packets) {
        try (Detection d = new Detection(config, site, internal)) {
            packets.accept(d::packet);
            return d.finish(site);
        }
    }

    /** Flow records made elsewhere (from flow exports), in the order given, then the end-of-input marker. */
    static List<Alert> runRecords(DetectorConfig config, String site, List<String> internal, List<FlowRecord> records) {
        try (Detection d = new Detection(config, site, internal)) {
            long last = 0;
            for (FlowRecord f : records) {
                d.send(f);
                last = Math.max(last, f.end());
            }
            d.flows.pipeInput("eoi", FlowRecord.endOfInput(site, "sim", last, new FlowRecord.EndOfInput("run", 0, 1)), last);
            d.drain();
            return new ArrayList<>(d.latest.values());
        }
    }

    void packet(Traffic.Packet p) {
        byte[] frame = framing.frame(p.ip());
        replay.packet(p.tsNanos(), frame, 0, frame.length, frame.length + p.wireExtra());
    }

    private void send(FlowRecord f) {
        flowCount++;
        flows.pipeInput(KafkaFlowPublisher.keyOf(f), f, f.end());
        if ((flowCount & 1023) == 0) drain();
    }

    private void drain() {
        for (Alert a : alerts.readValuesToList()) {
            latest.put(a.id(), a);
            all.add(a);
        }
    }

    List<Alert> finish(String site) {
        table.flush("end_of_input");
        long ts = table.clockNanos() / 1_000_000;
        flows.pipeInput("eoi", FlowRecord.endOfInput(site, "sim", ts, new FlowRecord.EndOfInput("run", 0, 1)), ts);
        drain();
        return new ArrayList<>(latest.values());
    }

    /** Every alert record emitted, updates included. */
    List<Alert> records() {
        return all;
    }

    long flows() {
        return flowCount;
    }

    @Override
    public void close() {
        driver.close();
    }

    static Path tmp() {
        try {
            return Files.createTempDirectory("vigil-detection-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
