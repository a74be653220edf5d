package io.vigil.detector;

import io.vigil.detector.host.HostCodecs;
import io.vigil.detector.host.HostProcessor;
import io.vigil.detector.internal.Codec;
import io.vigil.detector.internal.EdgeChecks;
import io.vigil.detector.internal.Emitted;
import io.vigil.detector.internal.Episodes;
import io.vigil.detector.internal.MarkerPartitioner;
import io.vigil.detector.internal.PeerEvent;
import io.vigil.detector.internal.PeerEventCodec;
import io.vigil.detector.internal.SitePartial;
import io.vigil.detector.intel.IndicatorIndex;
import io.vigil.detector.intel.IndicatorUpdater;
import io.vigil.detector.intel.IntelProcessor;
import io.vigil.detector.peer.PeerCodecs;
import io.vigil.detector.peer.PeerProcessor;
import io.vigil.detector.scan.SourceCodecs;
import io.vigil.detector.scan.SourceProcessor;
import io.vigil.detector.site.SilenceProcessor;
import io.vigil.detector.site.SiteProcessor;
import io.vigil.model.Alert;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.FlowRecord;
import io.vigil.model.Heartbeat;
import io.vigil.model.JsonSerde;
import io.vigil.model.SiteTraffic;
import io.vigil.model.Topic;
import io.vigil.model.Topics;
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
        store(builder, SourceProcessor.STATE, SourceCodecs.STATE.serde("source"));
        store(builder, SourceProcessor.EPISODES, json(Episodes.State.class));
        store(builder, SourceProcessor.EOI, Serdes.ByteArray());
        store(builder, HostProcessor.STATE, HostCodecs.STATE.serde("host"));
        store(builder, HostProcessor.BASELINES, HostCodecs.BASELINES.serde("host baselines"));
        store(builder, HostProcessor.CONTACTS, HostCodecs.CONTACT.serde("host contact"));
        store(builder, HostProcessor.UPLOADS, HostCodecs.UPLOADS.serde("host uploads"));
        store(builder, HostProcessor.DNS, HostCodecs.DNS.serde("host dns"));
        store(builder, HostProcessor.FLOODS, HostCodecs.FLOODS.serde("host flood"));
        store(builder, HostProcessor.EPISODES, json(Episodes.State.class));
        store(builder, HostProcessor.EOI, Serdes.ByteArray());
        store(builder, HostProcessor.SITE_PARTIALS, LONGS.serde("site partial"));
        store(builder, PeerProcessor.PREVALENCE, PeerCodecs.SEEN.serde("peer prevalence"));
        store(builder, PeerProcessor.EPISODES, json(Episodes.State.class));
        store(builder, PeerProcessor.EOI, Serdes.ByteArray());
        store(builder, SiteProcessor.STATE, json(SiteProcessor.SiteState.class));
        store(builder, SiteProcessor.EPISODES, json(Episodes.State.class));
        store(builder, SiteProcessor.EOI, Serdes.ByteArray());
        store(builder, SilenceProcessor.STATE, json(SilenceProcessor.Seen.class));
        store(builder, SilenceProcessor.EPISODES, json(Episodes.State.class));
        store(builder, IntelProcessor.EPISODES, json(Episodes.State.class));
        store(builder, IntelProcessor.EOI, Serdes.ByteArray());
        // Global stores take their contents from the topic itself: no changelog of their own.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IndicatorUpdater.STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(), topics.indicators(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("indicators"),
                () -> new IndicatorUpdater(indicators, deadLetters));

        java.time.Clock clock = java.time.Clock.systemUTC();
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
                .process(() -> new SourceProcessor(config::thresholds, config.allowlist()), Named.as("source"),
                        SourceProcessor.STATE, SourceProcessor.EPISODES, SourceProcessor.EOI);
        sinks(sources, topics, "source");

        KStream<String, Emitted> hosts = flows.process(() -> new HostProcessor(config::thresholds, config.allowlist()),
                Named.as("host"), HostProcessor.STATE, HostProcessor.BASELINES, HostProcessor.CONTACTS,
                HostProcessor.UPLOADS, HostProcessor.DNS, HostProcessor.FLOODS, HostProcessor.EPISODES,
                HostProcessor.EOI, HostProcessor.SITE_PARTIALS);
        sinks(hosts, topics, "host");

        KStream<String, Emitted> intel = flows.process(() -> new IntelProcessor(config::thresholds, config.allowlist(),
                indicators), Named.as("intel"), IntelProcessor.EPISODES, IntelProcessor.EOI);
        sinks(intel, topics, "intel");

        KStream<String, Emitted> peers = hosts
                .filter((k, e) -> e.peer() != null, Named.as("peer-events"))
                .mapValues(Emitted::peer, Named.as("peer-event-values"))
                .repartition(Repartitioned.<String, PeerEvent>as("by-peer")
                        .withKeySerde(Serdes.String()).withValueSerde(PeerEventCodec.INSTANCE.serde("peer event"))
                        .withStreamPartitioner(MarkerPartitioner.broadcasting(PeerEvent::isMarker)))
                .process(() -> new PeerProcessor(config::thresholds, config.allowlist()), Named.as("peer"),
                        PeerProcessor.PREVALENCE, PeerProcessor.EPISODES, PeerProcessor.EOI);
        sinks(peers, topics, "peer");

        KStream<String, Emitted> sites = hosts
                .filter((k, e) -> e.partial() != null, Named.as("site-partials"))
                .mapValues(Emitted::partial, Named.as("site-partial-values"))
                .repartition(Repartitioned.<String, SitePartial>as("by-site")
                        .withKeySerde(Serdes.String()).withValueSerde(json(SitePartial.class))
                        .withStreamPartitioner(MarkerPartitioner.broadcasting(SitePartial::isMarker)))
                .process(() -> new SiteProcessor(config::thresholds, config.allowlist()), Named.as("site"),
                        SiteProcessor.STATE, SiteProcessor.EPISODES, SiteProcessor.EOI);
        sinks(sites, topics, "site");
        sites.filter((k, e) -> e.traffic() != null, Named.as("site-traffic"))
                .mapValues(Emitted::traffic, Named.as("site-traffic-values"))
                .to(topics.traffic(), produced(topics.trafficRecords()).withName("site-traffic-sink"));

        KStream<String, Emitted> silence = builder.stream(topics.heartbeats(),
                        Consumed.with(Serdes.String(), Serdes.serdeFrom(JsonSerde.heartbeats(), EdgeChecks.refusing(
                                JsonSerde.heartbeats(), EdgeChecks.heartbeats(), "heartbeat"))).withName("heartbeats"))
                .process(() -> new SilenceProcessor(config.collectorSilentAfter(), config.collectorNoTrafficAfter(), config.allowlist(),
                        config::thresholds),
                        Named.as("silence"), SilenceProcessor.STATE, SilenceProcessor.EPISODES);
        sinks(silence, topics, "silence");
        return builder.build();
    }

    /** A few longs, for the host stage's per-site running totals. */
    private static final Codec<long[]> LONGS = Codec.of(1, (long[] v, Codec.Out out) -> {
        out.putInt(v.length);
        for (long x : v) out.putLong(x);
    }, (in, version) -> {
        long[] v = new long[in.getCount(8)];
        for (int i = 0; i < v.length; i++) v[i] = in.getLong();
        return v;
    });

    private static <T> JsonSerde<T> json(Class<T> type) {
        return new JsonSerde<>(type, v -> List.of());
    }

    private static void store(StreamsBuilder b, String name, Serde<?> valueSerde) {
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde)
                .withCachingEnabled());
    }

    private static void sinks(KStream<String, Emitted> out, Topics topics, String name) {
        out.filter((k, e) -> e.alert() != null, Named.as(name + "-alerts"))
                .mapValues(Emitted::alert, Named.as(name + "-alert-values"))
                .to(topics.alerts(), produced(topics.alertRecords()).withName(name + "-alerts-sink"));
        out.filter((k, e) -> e.ack() != null, Named.as(name + "-acks"))
                .mapValues(Emitted::ack, Named.as(name + "-ack-values"))
                .to(topics.control(), produced(topics.controlRecords()).withName(name + "-acks-sink"));
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> t) {
        return Produced.with(t.keySerde(), t.valueSerde());
    }
}
