package io.vigil.collector;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.capture.LiveCapture;
import io.vigil.collector.capture.PacketListener;
import io.vigil.collector.evidence.EvidenceCut;
import io.vigil.collector.evidence.EvidenceDesk;
import io.vigil.collector.evidence.EvidenceTap;
import io.vigil.collector.evidence.KeptCuts;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.netflow.BiflowJoiner;
import io.vigil.collector.netflow.ExporterStats;
import io.vigil.collector.netflow.ListenAddress;
import io.vigil.collector.netflow.NetflowReceiver;
import io.vigil.collector.privacy.HmacPseudonymizer;
import io.vigil.collector.publish.KafkaFlowPublisher;
import io.vigil.collector.spool.Spool;
import io.vigil.model.CidrSet;
import io.vigil.model.Heartbeat;
import io.vigil.runtime.Health;
import io.vigil.runtime.Repeated;
import io.vigil.runtime.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector agent: capture → decode → flow table → Kafka (spooled when Kafka is away),
 * with a heartbeat and metrics. The constructor starts nothing. For a live interface or flow
 * exports, {@link #start()} opens it and runs on threads of its own until {@link #close()};
 * for files, {@link #replay(LongConsumer)} reads them on the caller's thread and ends with
 * the end-of-input marker.
 */
public final class Collector implements Role {

    private static final Logger log = LoggerFactory.getLogger(Collector.class);

    private final CollectorConfig config;
    private MeterRegistry registry;
    private final FlowStats flowStats = new FlowStats();
    private final CaptureStats captureStats = new CaptureStats();
    private final AtomicLong lastEventMs = new AtomicLong();
    private final AtomicReference<String> captureError = new AtomicReference<>();
    private KafkaFlowPublisher publisher;
    private FlowTable table;
    private LiveCapture live;
    private EvidenceTap evidence;
    private EvidenceDesk desk;
    private Thread captureThread;
    private ScheduledExecutorService heartbeats;
    /** Survives a failed send (the detector would otherwise report a capturing collector silent for good). */
    private final Repeated heartbeat = new Repeated("heartbeat", this::sendHeartbeat);
    private NetflowReceiver netflow;
    private ExporterStats netflowStats;
    private final Set<String> exportersBound = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public Collector(CollectorConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "collector";
    }

    /**
     * Starts what the settings ask: receiving flow exports ({@code capture.netflow}) or capturing
     * the live interface. An interface that cannot be opened or a port that cannot be bound is
     * {@link Role.Refused}.
     */
    @Override
    public synchronized Collector start() {
        try {
            if (!config.capture().files().isEmpty()) startReplay();
            else if (config.capture().netflow() != null) startNetflow(listenAddress());
            else startCapture();
        } catch (CaptureInputException | SocketException e) {
            throw new Role.Refused(e.getMessage(), e);
        }
        return this;
    }

    /** Where flow exports arrive; a mistake in it is what the machine refuses, in one line. */
    private InetSocketAddress listenAddress() {
        try {
            return ListenAddress.parse(config.capture().netflow());
        } catch (IllegalArgumentException e) {
            throw new Role.Refused(e.getMessage(), e);
        }
    }

    @Override
    public String running() {
        String on = netflow != null ? "receiving flow exports on udp port " + netflowPort()
                : live != null ? "capturing on " + config.capture().iface()
                : "replaying " + config.capture().files().size() + " capture file(s)";
        return on + " for site " + config.site();
    }

    /** Its meters on {@code r}: those of the pipeline now if it is open, else when it opens. */
    @Override
    public synchronized void bindMetrics(MeterRegistry r) {
        this.registry = r;
        if (publisher != null) bindPipelineMetrics();
        if (evidence != null) evidence.bindMetrics(r);
        if (desk != null) desk.bindMetrics(r);
    }

    private AddressMapper mapper() {
        return config.pseudonymiseKeyFile() == null ? AddressMapper.IDENTITY
                : HmacPseudonymizer.fromKeyFile(config.pseudonymiseKeyFile()).withInternalZones(config.internalZones());
    }

    private void openPipeline() {
        AddressMapper mapper = mapper();
        Map<String, Object> props = new HashMap<>(config.kafka());
        props.putIfAbsent("client.id", "vigil-collector-" + config.collectorId());
        publisher = new KafkaFlowPublisher(props, config.topics().flows(),
                new Spool(config.spoolDir(), config.spoolMaxBytes(), 64L << 20), config.binaryFlows());
        table = new FlowTable(config.flow(), new FlowRecordFactory(config.site(), config.collectorId(),
                CidrSet.of(config.internal()), mapper), publisher, flowStats);
        if (registry != null) bindPipelineMetrics();
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = config.heartbeatInterval().toMillis();
        heartbeats.scheduleAtFixedRate(heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Replays the configured files on a thread of its own, as a role beside others (the standalone box). */
    private void startReplay() {
        running = true;
        captureThread = new Thread(() -> {
            try {
                replay(bytes -> { });
            } catch (Throwable e) {
                captureError.set(e.getMessage() != null ? e.getMessage() : e.toString());
                log.error("replay stopped files={} error={}", config.capture().files(), e.toString());
            }
        }, "vigil-replay");
        captureThread.start();
    }

    private KeptCuts keptCuts() {
        try {
            return new KeptCuts(config.evidence().dir().resolve("kept"), config.evidence().keep(), config.evidence().keepBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("evidence.dir: cannot keep alerts' packets in " + config.evidence().dir(), e);
        }
    }

    /** Hosts in the ring as alerts name them: the pseudonym where flows carried one. */
    private EvidenceCut.Naming naming() {
        return EvidenceCut.Naming.of(mapper(), CidrSet.of(config.internal()));
    }

    /** Opens the live interface and starts capturing on a thread of its own. */
    private void startCapture() throws CaptureInputException {
        live = new LiveCapture(new LiveCapture.Settings(config.capture().iface(), config.capture().snaplen(),
                config.capture().promiscuous(), (int) Math.min(Integer.MAX_VALUE, config.capture().bufferBytes()),
                config.capture().bpf()));
        live.open();
        openPipeline();
        running = true;
        evidence = EvidenceTap.open(config.evidence());
        if (evidence != null) {
            desk = new EvidenceDesk(evidence.ring(), keptCuts(), new EvidenceDesk.Settings(config.site(), config.collectorId(),
                    config.topics(), new HashMap<>(config.kafka())), naming(), Clock.systemUTC()).start();
            if (registry != null) {
                evidence.bindMetrics(registry);
                desk.bindMetrics(registry);
            }
        }
        PacketListener flows = new CaptureReplay(table, captureStats);
        PacketListener listener = evidence == null ? flows : evidence.tee(flows);
        captureThread = new Thread(() -> {
            try {
                live.run(listener, this::idle, () -> running);
                // it returns by itself only when closed (or interrupted) under us: still a stop
                if (running) throw new IllegalStateException("capture ended while the collector was running");
            } catch (Throwable e) {
                // whatever stops capture, an Error included, makes health DOWN: never blind behind UP
                captureError.set(e.getMessage() != null ? e.getMessage() : e.toString());
                log.error("capture stopped interface={} error={}", config.capture().iface(), e.toString());
            }
        }, "vigil-capture");
        captureThread.start();
        log.info("collector capturing interface={} site={} collector={}", config.capture().iface(), config.site(),
                config.collectorId());
    }

    /**
     * Receives flow exports (NetFlow v5, v9, IPFIX) on {@code bind} instead of capturing: for a
     * gateway where no agent may run. The records go the same way as captured ones; what each
     * exporter sent and what could not be used is counted ({@code vigil_collector_netflow_*}).
     */
    private void startNetflow(InetSocketAddress bind) throws SocketException {
        openPipeline();
        netflowStats = new ExporterStats(this::bindExporterMetrics);
        BiflowJoiner joiner = new BiflowJoiner(config.site(),
                config.collectorId(), CidrSet.of(config.internal()), mapper(), r -> {
                    flowStats.packets.addAndGet(r.packetsOut() + r.packetsIn());
                    flowStats.bytes.addAndGet(r.bytesOut() + r.bytesIn());
                    flowStats.recordsExported.incrementAndGet();
                    lastEventMs.accumulateAndGet(r.end(), Math::max);
                    publisher.accept(r);
                }, 2_000);
        netflow = new NetflowReceiver(bind, joiner, netflowStats).start();
        log.info("collector receiving flow exports udp={} site={} collector={}", bind, config.site(), config.collectorId());
    }

    /** The UDP port flow exports arrive on, or -1 when not receiving them. */
    public int netflowPort() {
        return netflow == null ? -1 : netflow.port();
    }

    /** Registers an exporter's counters the first time it sends. */
    private void bindExporterMetrics(String exporter) {
        if (registry == null || !exportersBound.add(exporter)) return;
        for (ExporterStats.Kind k : ExporterStats.Kind.values()) {
            FunctionCounter.builder("vigil.collector.netflow." + k.name().toLowerCase(Locale.ROOT).replace('_', '.'),
                    this, c -> c.netflowStats.get(exporter, k)).tag("exporter", exporter)
                    .description("per exporter: export packets, flows, template misses, records lost, out of order, malformed, dropped")
                    .register(registry);
        }
    }

    /** Runs on the capture thread whenever the link is quiet: time moves on, idle flows leave. */
    private void idle() {
        long now = System.currentTimeMillis();
        table.advanceTo(now * 1_000_000L);
        lastEventMs.set(now);
    }

    /** Replays the configured files, then publishes the end-of-input marker. */
    public CaptureReplay.Outcome replay(LongConsumer progress) throws CaptureInputException {
        openPipeline();
        CaptureReplay.Outcome outcome = new CaptureReplay(table, captureStats).run(config.capture().files(), progress);
        long clock = table.clockNanos();
        long last = clock == Long.MIN_VALUE ? System.currentTimeMillis() : clock / 1_000_000;
        lastEventMs.set(last);
        heartbeat.run();
        publisher.endOfInput(config.site(), config.collectorId(), UUID.randomUUID().toString(), last);
        return outcome;
    }

    private void sendHeartbeat() {
        long clock = table.clockNanos();
        long ts = Math.max(clock == Long.MIN_VALUE ? 0 : clock / 1_000_000, lastEventMs.get());
        Heartbeat hb = new Heartbeat(Heartbeat.VERSION, config.collectorId(), config.site(),
                ts > 0 ? ts : System.currentTimeMillis(), System.currentTimeMillis(), flowStats.packets.get(),
                flowStats.bytes.get(), live == null ? 0 : live.dropped.get() + live.droppedByInterface.get(),
                flowStats.recordsExported.get(), flowStats.active.get(), publisher.spoolDepth(),
                captureStats.malformed.get());
        publisher.heartbeat(config.topics().heartbeats(), hb);
    }

    private void bindPipelineMetrics() {
        String p = "vigil.collector.";
        FunctionCounter.builder(p + "packets", flowStats.packets, AtomicLong::get).description("IP packets counted into flows").register(registry);
        FunctionCounter.builder(p + "bytes", flowStats.bytes, AtomicLong::get).baseUnit("bytes").description("IP bytes counted into flows").register(registry);
        FunctionCounter.builder(p + "frames.malformed", captureStats.malformed, AtomicLong::get).description("frames too short or inconsistent to decode, skipped").register(registry);
        FunctionCounter.builder(p + "frames.not.ip", captureStats.notIp, AtomicLong::get).description("frames carrying no IP (ARP, LLDP...)").register(registry);
        FunctionCounter.builder(p + "flows.created", flowStats.flowsCreated, AtomicLong::get).register(registry);
        FunctionCounter.builder(p + "flow.records", flowStats.recordsExported, AtomicLong::get).description("flow records exported").register(registry);
        FunctionCounter.builder(p + "flows.evicted", flowStats.evicted, AtomicLong::get).description("flows exported early because the table was full").register(registry);
        Gauge.builder(p + "flows.active", flowStats.active, AtomicLong::get).register(registry);
        FunctionCounter.builder(p + "heartbeat.failures", this, c -> c.heartbeat.failures() + c.publisher.heartbeatsLost())
                .description("heartbeats that could not be made or that Kafka did not take").register(registry);
        FunctionCounter.builder(p + "kafka.sent", publisher, KafkaFlowPublisher::sent).description("flow records acknowledged by Kafka").register(registry);
        FunctionCounter.builder(p + "spool.written", publisher, KafkaFlowPublisher::spooled).description("flow records written to the spool").register(registry);
        FunctionCounter.builder(p + "spool.dropped", publisher, KafkaFlowPublisher::dropped).description("flow records lost because the spool was full").register(registry);
        Gauge.builder(p + "spool.depth", publisher, KafkaFlowPublisher::spoolDepth).description("flow records waiting in the spool").register(registry);
        Gauge.builder(p + "kafka.degraded", publisher, x -> x.degraded() ? 1 : 0).description("1 while Kafka is not taking records").register(registry);
        Gauge.builder(p + "event.lag.seconds", lastEventMs, v -> v.get() == 0 ? 0 : (System.currentTimeMillis() - v.get()) / 1000.0).register(registry);
        if (live != null) {
            FunctionCounter.builder(p + "capture.received", live.received, AtomicLong::get).description("packets libpcap received").register(registry);
            FunctionCounter.builder(p + "capture.dropped", live.dropped, AtomicLong::get).description("packets the kernel dropped (buffer full)").register(registry);
            FunctionCounter.builder(p + "capture.dropped.interface", live.droppedByInterface, AtomicLong::get).description("packets the interface dropped").register(registry);
            FunctionCounter.builder(p + "capture.callback.errors", live.callbackErrors, AtomicLong::get).description("packets lost to an error between libpcap and the flow table").register(registry);
        }
    }

    /** UP; DEGRADED while Kafka is away (spooling); DOWN when capture or the exports stopped. */
    @Override
    public Health health() {
        Map<String, Object> d = new HashMap<>();
        d.put("site", config.site());
        d.put("collector", config.collectorId());
        d.put("packets", flowStats.packets.get());
        d.put("active_flows", flowStats.active.get());
        d.put("spool_depth", publisher == null ? 0 : publisher.spoolDepth());
        if (live != null) d.put("dropped", live.dropped.get() + live.droppedByInterface.get());
        String err = captureError.get();
        if (err == null && netflow != null) err = netflow.failure();
        if (err == null && publisher != null) err = publisher.failure();
        if (err != null) {
            d.put("error", err);
            return new Health(Health.DOWN, List.of(err), d);
        }
        if (publisher != null && publisher.degraded()) {
            return new Health(Health.DEGRADED, List.of("Kafka is not taking records: spooling"), d);
        }
        if (evidence != null && evidence.unavailable() != null) {
            // flows go on; what is missing is the packets behind alerts
            return new Health(Health.DEGRADED, List.of("evidence unavailable: " + evidence.unavailable()), d);
        }
        if (desk != null && desk.failure() != null) {
            return new Health(Health.DEGRADED, List.of("evidence requests unanswered: " + desk.failure()), d);
        }
        return new Health(Health.UP, List.of(), d);
    }

    public FlowStats flowStats() {
        return flowStats;
    }

    public CaptureStats captureStats() {
        return captureStats;
    }

    public KafkaFlowPublisher publisher() {
        return publisher;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (captureThread != null) {
            try {
                // a replay is read to its end (its marker says the input is whole); live capture stops at once
                captureThread.join(live == null ? 0 : 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (live != null) live.close();
        if (desk != null) desk.close();
        if (evidence != null) evidence.close();
        if (netflow != null) netflow.close(); // what waits for its other direction goes out now
        if (table != null && live != null) table.flush("end_of_input");
        if (heartbeats != null) heartbeats.shutdownNow();
        if (publisher != null) {
            publisher.drain(Duration.ofSeconds(10));
            publisher.close();
        }
    }
}
