package io.vigil.detector;

import io.vigil.detector.internal.Emitted;
import io.vigil.detector.internal.MarkerPartitioner;
import io.vigil.detector.scan.PortScanProcessor;
import io.vigil.detector.scan.ScanState;
import io.vigil.model.Alert;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the detector topology:
 * <pre>
 * flows ─┬─ probes + markers ─▶ rekey by site|source ─▶ repartition ─▶ port_scan ─┬─▶ alerts
 *        │                                                                        └─▶ control (end-of-input acks)
 * </pre>
 * Only failed probes cross the repartition topic, so benign traffic (nearly all of it)
 * costs one deserialisation and a filter.
 */
public final class DetectorTopology {

    private DetectorTopology() {}

    /** The stages that acknowledge end of input, one ack per partition each. */
    public static List<String> endOfInputStages() {
        return List.of(PortScanProcessor.STAGE);
    }

    public static Topology build(DetectorConfig config) {
        Topics topics = config.topics();
        JsonSerde<FlowRecord> flowSerde = JsonSerde.flows();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PortScanProcessor.STORE),
                Serdes.String(), new JsonSerde<>(ScanState.class, s -> List.of())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PortScanProcessor.EOI_STORE),
                Serdes.String(), Serdes.ByteArray()));

        KStream<String, FlowRecord> flows = builder.stream(topics.flows(),
                Consumed.with(Serdes.String(), flowSerde).withTimestampExtractor(new FlowTimestampExtractor())
                        .withName("flows"));

        KStream<String, Emitted> scans = flows
                .filter((k, f) -> f.isMarker() || PortScanProcessor.isProbe(f), Named.as("probes"))
                .selectKey((k, f) -> f.isMarker() ? k : f.site() + "|" + f.srcIp(), Named.as("by-source"))
                .repartition(Repartitioned.<String, FlowRecord>as("probes-by-source")
                        .withKeySerde(Serdes.String()).withValueSerde(flowSerde)
                        .withStreamPartitioner(new MarkerPartitioner()))
                .process(() -> new PortScanProcessor(config.portScan()), Named.as("port-scan"),
                        PortScanProcessor.STORE, PortScanProcessor.EOI_STORE);

        sinks(scans, topics, "port-scan");
        return builder.build();
    }

    private static void sinks(KStream<String, Emitted> out, Topics topics, String name) {
        out.filter((k, e) -> e.alert() != null, Named.as(name + "-alerts"))
                .mapValues(Emitted::alert, Named.as(name + "-alert-values"))
                .to(topics.alerts(), Produced.<String, Alert>with(Serdes.String(), JsonSerde.alerts())
                        .withName(name + "-alerts-sink"));
        out.filter((k, e) -> e.ack() != null, Named.as(name + "-acks"))
                .mapValues(Emitted::ack, Named.as(name + "-ack-values"))
                .to(topics.control(), Produced.<String, EndOfInputAck>with(Serdes.String(), JsonSerde.acks())
                        .withName(name + "-acks-sink"));
    }
}
