package io.vigil.detector;

import io.vigil.detector.host.HostProcessor;
import io.vigil.detector.intel.IndicatorIndex;
import io.vigil.detector.intel.IndicatorUpdater;
import io.vigil.detector.intel.IntelProcessor;
import io.vigil.detector.message.Emitted;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.message.PeerEventCodec;
import io.vigil.detector.message.SitePartial;
import io.vigil.detector.peer.PeerProcessor;
import io.vigil.detector.scan.SourceProcessor;
import io.vigil.detector.site.SilenceProcessor;
import io.vigil.detector.site.SiteProcessor;
import io.vigil.detector.stage.EdgeChecks;
import io.vigil.detector.stage.MarkerPartitioner;
import io.vigil.detector.stage.Store;
import io.vigil.model.Alert;
import io.vigil.model.EvidenceRequest;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topic;
import io.vigil.model.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
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
 * flows ─┬─ probes, auth sessions, markers ─▶ rekey site|source ─▶ repartition ─▶ source: port_scan, host_sweep, brute_force ─┐
 *        └─ every flow (keyed site/host) ────────────────────────────────────────▶ host: volume_anomaly, syn_flood,           │
 *                                                                                      dns_tunnel (domains), insecure_protocol├─▶ alerts
 *              contacts, beacon / upload / DNS-server candidates ◀────────────────────┤                                       │   control (end-of-input acks)
 *              ─▶ repartition by site|peer network ─▶ peer: prevalence; beaconing, exfiltration, dns_tunnel (direct) ────────┤
 *              site shares of each minute ◀────────────────────────────────────────────┘ ─▶ by site ─▶ site: volume_anomaly ──┤
 *        └─ every flow (keyed site/host) ─▶ intel: threat_intel (outside address, DNS names) ◀── indicators (global) ───────┤
 * heartbeats ─────────────────────────────────────────────────────────────────────▶ silence: collector_silent ───────────────┘
 * </pre>
 * Only probes and authentication sessions cross the first repartition topic; the host stage reads
 * the flows topic as it is, because the collector already keys it by site and internal host.
 * The peer stage sees a host's first contact with each peer each day and the rare candidates,
 * never every flow, so the site-wide view of who uses which peer costs little.
 */
public final class DetectorTopology {

    private DetectorTopology() {}

    /** Every store of every stage, for tests that look inside them. */
    public static List<Store<?>> stores() {
        List<Store<?>> all = new ArrayList<>();
        all.addAll(SourceProcessor.stores());
        all.addAll(HostProcessor.stores());
        all.addAll(PeerProcessor.stores());
        all.addAll(SiteProcessor.stores());
        all.addAll(SilenceProcessor.stores());
        all.addAll(IntelProcessor.stores());
        return all;
    }

    /** The stages that acknowledge end of input, one ack per partition each. */
    public static List<String> endOfInputStages() {
        return List.of(SourceProcessor.STAGE, HostProcessor.STAGE, PeerProcessor.STAGE, SiteProcessor.STAGE,
                IntelProcessor.STAGE);
    }

    /** The topology with an index of its own; an unreadable indicator is only counted and logged. */
    public static Topology build(DetectorConfig config) {
        return build(config, new IndicatorIndex(), (key, value, topic, partition, offset, reason) -> { });
    }

    /**
     * @param indicators  filled from the indicators topic by the global thread, read by the intel stage
     * @param deadLetters where the global thread sends an indicator record it cannot read
     */
    public static Topology build(DetectorConfig config, IndicatorIndex indicators, IndicatorUpdater.DeadLetters deadLetters) {
        Topics topics = config.topics();
        JsonSerde<FlowRecord> flowSerde = JsonSerde.flows();
        StreamsBuilder builder = new StreamsBuilder();
        // Global stores take their contents from the topic itself: no changelog of their own.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IndicatorUpdater.STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(), topics.indicators(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("indicators"),
                () -> new IndicatorUpdater(indicators, deadLetters));

        Clock clock = Clock.systemUTC();
        Serde<FlowRecord> checkedFlows = Serdes.serdeFrom(flowSerde,
                EdgeChecks.refusing(flowSerde, EdgeChecks.flows(clock), "flow record"));
        KStream<String, FlowRecord> flows = builder.stream(topics.flows(),
                Consumed.with(Serdes.String(), checkedFlows).withTimestampExtractor(new FlowTimestampExtractor())
                        .withName("flows"));

        KStream<String, Emitted> sources = flows
                .filter((k, f) -> SourceProcessor.wanted(f, config.thresholds(f.site())), Named.as("source-flows"))
                .selectKey((k, f) -> f.isMarker() ? k : f.site() + "|" + f.srcIp(), Named.as("by-source"))
                .repartition(Repartitioned.<String, FlowRecord>as("by-source")
                        .withKeySerde(Serdes.String()).withValueSerde(flowSerde)
                        .withStreamPartitioner(MarkerPartitioner.broadcasting(FlowRecord::isMarker)))
                .process(Store.supplier(() -> new SourceProcessor(config::thresholds, config.allowlist()),
                        SourceProcessor.stores()), Named.as("source"));
        sinks(sources, topics, "source");

        KStream<String, Emitted> hosts = flows.process(Store.supplier(
                () -> new HostProcessor(config::thresholds, config.allowlist()), HostProcessor.stores()), Named.as("host"));
        sinks(hosts, topics, "host");

        KStream<String, Emitted> intel = flows.process(Store.supplier(
                () -> new IntelProcessor(config::thresholds, config.allowlist(), indicators), IntelProcessor.stores()),
                Named.as("intel"));
        sinks(intel, topics, "intel");

        KStream<String, Emitted> peers = hosts
                .filter((k, e) -> e.peer() != null, Named.as("peer-events"))
                .mapValues(Emitted::peer, Named.as("peer-event-values"))
                .repartition(Repartitioned.<String, PeerEvent>as("by-peer")
                        .withKeySerde(Serdes.String()).withValueSerde(PeerEventCodec.INSTANCE.serde("peer event"))
                        .withStreamPartitioner(MarkerPartitioner.broadcasting(PeerEvent::isMarker)))
                .process(Store.supplier(() -> new PeerProcessor(config::thresholds, config.allowlist()),
                        PeerProcessor.stores()), Named.as("peer"));
        sinks(peers, topics, "peer");

        KStream<String, Emitted> sites = hosts
                .filter((k, e) -> e.partial() != null, Named.as("site-partials"))
                .mapValues(Emitted::partial, Named.as("site-partial-values"))
                .repartition(Repartitioned.<String, SitePartial>as("by-site")
                        .withKeySerde(Serdes.String()).withValueSerde(json(SitePartial.class))
                        .withStreamPartitioner(MarkerPartitioner.broadcasting(SitePartial::isMarker)))
                .process(Store.supplier(() -> new SiteProcessor(config::thresholds, config.allowlist()),
                        SiteProcessor.stores()), Named.as("site"));
        sinks(sites, topics, "site");
        sites.filter((k, e) -> e.traffic() != null, Named.as("site-traffic"))
                .mapValues(Emitted::traffic, Named.as("site-traffic-values"))
                .to(topics.traffic(), produced(topics.trafficRecords()).withName("site-traffic-sink"));

        KStream<String, Emitted> silence = builder.stream(topics.heartbeats(),
                        Consumed.with(Serdes.String(), Serdes.serdeFrom(JsonSerde.heartbeats(), EdgeChecks.refusing(
                                JsonSerde.heartbeats(), EdgeChecks.heartbeats(), "heartbeat"))).withName("heartbeats"))
                .process(Store.supplier(() -> new SilenceProcessor(config.collectorSilentAfter(),
                        config.collectorNoTrafficAfter(), config.allowlist(), config::thresholds), SilenceProcessor.stores()),
                        Named.as("silence"));
        sinks(silence, topics, "silence");
        return builder.build();
    }

    private static <T> JsonSerde<T> json(Class<T> type) {
        return new JsonSerde<>(type, v -> List.of());
    }

    private static void sinks(KStream<String, Emitted> out, Topics topics, String name) {
        out.filter((k, e) -> e.alert() != null, Named.as(name + "-alerts"))
                .mapValues(Emitted::alert, Named.as(name + "-alert-values"))
                .to(topics.alerts(), produced(topics.alertRecords()).withName(name + "-alerts-sink"));
        // the collector of the alert's site keeps its packets before the ring wraps (docs/evidence.md)
        out.filter((k, e) -> e.alert() != null, Named.as(name + "-cuts"))
                .mapValues(e -> cutRequest(e.alert()), Named.as(name + "-cut-values"))
                .filter((k, r) -> !r.empty(), Named.as(name + "-cuts-with-hosts"))
                .selectKey((k, r) -> r.alertId(), Named.as(name + "-cuts-by-alert"))
                .to(topics.evidenceRequests(), produced(topics.evidenceRequestRecords()).withName(name + "-cuts-sink"));
        out.filter((k, e) -> e.ack() != null, Named.as(name + "-acks"))
                .mapValues(Emitted::ack, Named.as(name + "-ack-values"))
                .to(topics.control(), produced(topics.controlRecords()).withName(name + "-acks-sink"));
    }

    /** A cut of the packets behind {@code a}: named after the alert and its extent, so a replay repeats it. */
    static EvidenceRequest cutRequest(Alert a) {
        Instant at = a.detectedAt() != null ? a.detectedAt() : a.lastSeen();
        return EvidenceRequest.about(a, "cut-" + a.id() + "-" + a.status() + "-" + a.lastSeen().toEpochMilli(),
                EvidenceRequest.CUT, "detector", at, "detector");
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> t) {
        return Produced.with(t.keySerde(), t.valueSerde());
    }
}
