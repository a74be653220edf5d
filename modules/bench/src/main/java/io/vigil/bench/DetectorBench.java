package io.vigil.bench;

import io.vigil.cli.ExitCodes;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OfflinePipeline;
import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.detector.DetectorTopology;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.FlowRecord;
import io.vigil.model.Indicator;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench detector}: flows per second through the whole detector topology on the
 * in-process broker. The flows are produced first (and that rate reported), then the
 * detector starts on them from the beginning; the clock stops when every stage has
 * acknowledged the end-of-input markers, i.e. everything is processed and committed.
 */
@Command(name = "detector", mixinStandardHelpOptions = true,
        description = "Flows/s through the detector topology on the in-process broker (all detectors, exactly-once).")
final class DetectorBench implements Callable<Integer> {

    @Option(names = "--flows", defaultValue = "1000000", description = "flows to push through (default: ${DEFAULT-VALUE})")
    int flows;

    @Option(names = "--threads", defaultValue = "2", description = "stream threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Mixin
    EstateOptions load;

    @Mixin
    StateMemoryOption stateMemory;

    @Option(names = "--commit-ms", defaultValue = "1000",
            description = "the detector's and the pass-through's commit interval; the detector's own default is 100 "
                    + "(default: ${DEFAULT-VALUE})")
    int commitMs;

    @Option(names = "--ceiling", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "first measure Kafka Streams' pass-through on the same flows, broker, partitions and threads "
                    + "(default: on; --no-ceiling skips it)")
    boolean ceiling;

    @Option(names = "--encoding", defaultValue = "json",
            description = "how the flow records are written: json (the contract every reader knows) or binary "
                    + "(the compact encoding, kafka.flow-encoding: binary) (default: ${DEFAULT-VALUE})")
    FlowEncoding encoding;

    /** The two encodings of flow records on the flows topic. */
    enum FlowEncoding { json, binary }

    @Option(names = "--indicators", defaultValue = "0",
            description = "threat indicators on the indicators topic (a third each addresses, blocks, domains; two of "
                    + "them match the estate's traffic) (default: ${DEFAULT-VALUE})")
    int indicators;

    @Override
    public Integer call() throws Exception {
        Path state = Files.createTempDirectory("vigil-bench-state-");
        try (KafkaEndpoint kafka = KafkaEndpoint.embedded(Map.of())) {
            Topics topics = new Topics("bench");
            kafka.ensureTopics(topics, load.partitions, Duration.ofDays(1).toMillis());
            Map<String, Object> props = kafka.clientProps();
            long t0 = System.nanoTime();
            long lastTs = produce(props, topics);
            double produceSeconds = (System.nanoTime() - t0) / 1e9;
            System.err.printf(Locale.ROOT, "bench: produced %,d flows in %.1f s (%,.0f/s)%n", flows, produceSeconds,
                    flows / produceSeconds);
            if (indicators > 0) indicate(props, topics);
            String run = UUID.randomUUID().toString();
            try (KafkaProducer<String, FlowRecord> p = topics.flowRecords().producer(props)) {
                for (int i = 0; i < load.partitions; i++) {
                    p.send(new ProducerRecord<>(topics.flows(), i, lastTs, "eoi", FlowRecord.endOfInput("bench", "bench",
                            lastTs, new FlowRecord.EndOfInput(run, i, load.partitions))));
                }
            }
            DetectorConfig config = DetectorConfig.defaults(state).withTopics(topics).withApplicationId("bench-" + run);
            config = stateMemory.apply(config.withRuntime(state, threads, commitMs));
            System.err.printf(Locale.ROOT, "bench: RocksDB memory %s%n", config.stateMemoryBytes() == 0
                    ? "as Kafka Streams sets it (a cache per store)" : (config.stateMemoryBytes() >> 20) + " MB, shared");
            StreamsCeiling.Result ceiling = null;
            if (this.ceiling) {
                DetectorConfig cc = config.withApplicationId("ceiling-" + run).withRuntime(state.resolve("ceiling"), threads, commitMs);
                ceiling = StreamsCeiling.run(props, cc, topics.flows(), load.partitions, flows);
                System.out.printf(Locale.ROOT, "streams pass-through: %,d records in %.1f s = %,.0f records/s; start-up %.1f s, "
                                + "then %,.0f records/s; second half %,.0f records/s; by quarter %s (same broker, "
                                + "partitions, threads, exactly-once, commit %d ms)%n",
                        flows, ceiling.seconds(), flows / ceiling.seconds(), ceiling.startup(),
                        flows / Math.max(0.001, ceiling.seconds() - ceiling.startup()), ceiling.secondHalf(),
                        ceiling.quarters(), commitMs);
            }
            Map<String, Object> dp = new HashMap<>(props);
            dp.put("main.consumer.heartbeat.interval.ms", 200);
            long start = System.nanoTime();
            long[] running = {0};
            double secondHalf;
            String quarters;
            try (GroupProgress progress = GroupProgress.watch(props, config.applicationId(), topics.flows());
                 Detector d = new Detector(config, dp).start()) {
                // When every task runs, start-up (internal topics, assignment, restore) is over.
                Thread watch = new Thread(() -> {
                    while (running[0] == 0 && !Thread.currentThread().isInterrupted()) {
                        if (d.state() == KafkaStreams.State.RUNNING) running[0] = System.nanoTime();
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "bench-watch");
                watch.setDaemon(true);
                watch.start();
                awaitAcks(props, topics, run);
                watch.interrupt();
                secondHalf = progress.rate(0.5, 1.0, flows);
                quarters = progress.quarters(flows);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double startup = running[0] == 0 ? 0 : (running[0] - start) / 1e9;
            System.out.printf(Locale.ROOT, "detector: %,d %s flows (%,d hosts, %,d flows per event-second) in %.1f s = "
                            + "%,.0f flows/s (%d partitions, %d stream threads, exactly-once, commit %d ms; broker in the "
                            + "same JVM; start-up and rebalance included); start-up %.1f s, then %,.0f flows/s; "
                            + "%,d threat indicators%n",
                    flows, encoding, load.hosts, load.rate, seconds, flows / seconds, load.partitions, threads, commitMs, startup,
                    flows / Math.max(0.001, seconds - startup), indicators);
            System.out.printf(Locale.ROOT, "detector, second half of the flows: %,.0f flows/s; by quarter %s (the first "
                    + "stage's commits on the flows topic, sampled every 200 ms)%n", secondHalf, quarters);
            if (ceiling != null) {
                double steady = flows / Math.max(0.001, seconds - startup);
                double ceilingSteady = flows / Math.max(0.001, ceiling.seconds() - ceiling.startup());
                System.out.printf(Locale.ROOT, "detector against the pass-through: %.2fx overall, %.2fx after start-up, "
                                + "%.2fx over the second half%n", (flows / seconds) / (flows / ceiling.seconds()),
                        steady / ceilingSteady, secondHalf / Math.max(1, ceiling.secondHalf()));
            }
            disk(kafka, topics, state);
            System.out.printf(Locale.ROOT, "memory: resident %,d MB at the end, %,d MB at most; old generation after GC %,d MB%n",
                    Measure.rss() >> 20, Measure.peakRss() >> 20, Measure.oldGenAfterGc() >> 20);
        } finally {
            OfflinePipeline.deleteTree(state);
        }
        return ExitCodes.OK;
    }

    /**
     * What the run left on disk, for sizing: the flows topic per record (lz4 batches as the
     * collector writes them), the changelogs and the local state per monitored host.
     */
    private void disk(KafkaEndpoint kafka, Topics topics, Path state) throws Exception {
        long flowsBytes, changelogBytes;
        Map<String, Long> writes;
        try (Admin admin = Admin.create(kafka.clientProps())) {
            flowsBytes = Measure.topicBytes(admin, topics.flows()::equals);
            changelogBytes = Measure.topicBytes(admin, t -> t.endsWith("-changelog"));
            writes = Measure.topicOffsets(admin, t -> t.startsWith("bench-") && (t.endsWith("-changelog")
                    || t.endsWith("-repartition")));
        }
        // what each flow costs in sends from the detector: its changelogs and repartition topics
        System.out.println("writes per flow: " + writes.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey().replaceFirst("^bench-[0-9a-f-]{36}-", ""),
                        (double) e.getValue() / flows))
                .collect(Collectors.joining(", ")) + String.format(Locale.ROOT, "; in all %.2f (offsets, commit markers "
                + "included)", writes.values().stream().mapToLong(Long::longValue).sum() / (double) flows));
        long local = Measure.fileBytes(state);
        System.out.printf(Locale.ROOT, "disk: flows topic %,d bytes = %.0f bytes per flow record; changelogs %,d bytes = "
                        + "%,.0f bytes per monitored host; local state (RocksDB) %,d bytes = %,.0f bytes per monitored host%n",
                flowsBytes, (double) flowsBytes / flows, changelogBytes, (double) changelogBytes / load.hosts, local,
                (double) local / load.hosts);
    }

    /**
     * {@code indicators} indicators that the estate never touches (addresses and blocks of
     * 100.64.0.0/10 with prefixes /16, /20 and /24, names under example.net), and two it does:
     * one browsing peer and one name its hosts look up, so the matching path runs too.
     */
    private void indicate(Map<String, Object> props, Topics topics) {
        Instant from = Instant.parse("2026-11-01T00:00:00Z");
        try (KafkaProducer<String, Indicator> p = topics.indicatorRecords().producer(props)) {
            for (int i = 0; i < indicators; i++) {
                int a = 64 + (i >> 16) % 64, b = (i >> 8) & 255, c = i & 255;
                String v = switch (i % 3) {
                    case 0 -> "100." + a + "." + b + "." + c;
                    case 1 -> "100." + a + "." + b + ".0/" + List.of(24, 20, 16).get(i % 9 / 3);
                    default -> "bad" + i + ".example.net";
                };
                if (i == 0) v = "198.51.100.77";
                if (i == 2) v = "host42.example.org";
                Indicator ind = Indicator.of(v, "bench", 60, from, null, null, null, List.of());
                p.send(new ProducerRecord<>(topics.indicators(), ind.key(), ind));
            }
        }
        System.err.printf(Locale.ROOT, "bench: %,d threat indicators on %s%n", indicators, topics.indicators());
    }

    /** The estate's flows at {@code rate} a second of event time. */
    private long produce(Map<String, Object> props, Topics topics) {
        Random r = new Random(7);
        long t0 = 1_793_610_000_000L;
        long t = t0;
        BenchEstate estate = new BenchEstate(load.hosts, "bench");
        Map<String, Object> p = Measure.flowProducer(props);
        JsonSerde<FlowRecord> serde = encoding == FlowEncoding.binary ? JsonSerde.binaryFlows() : JsonSerde.flows();
        try (KafkaProducer<String, FlowRecord> producer = new KafkaProducer<>(p, new StringSerializer(), serde)) {
            for (int i = 0; i < flows; i++) {
                t = t0 + (long) i * 1000 / load.rate;
                FlowRecord f = estate.flow(r, t, i);
                producer.send(new ProducerRecord<>(topics.flows(), null, t, BenchEstate.key(f), f));
            }
        }
        return t;
    }

    /** Committed offset against end offset of every partition the detector reads, for diagnosis. */
    private String lag(Map<String, Object> props) {
        try (Admin admin = Admin.create(props)) {
            String group = admin.listGroups().all().get().stream().map(g -> g.groupId())
                    .filter(g -> g.startsWith("bench-")).findFirst().orElse(null);
            if (group == null) return "no group";
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
            committed.keySet().forEach(tp -> spec.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(spec).all().get();
            return committed.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(Object::toString)))
                    .map(e -> e.getKey().topic().replaceAll(".*-(by-source-repartition)", "$1") + "-" + e.getKey().partition() + "="
                            + e.getValue().offset() + "/" + ends.get(e.getKey()).offset())
                    .collect(Collectors.joining(" "));
        } catch (Exception e) {
            return "lag unknown: " + e;
        }
    }

    private void awaitAcks(Map<String, Object> props, Topics topics, String run) {
        Set<String> expected = new HashSet<>();
        for (String stage : DetectorTopology.endOfInputStages()) {
            for (int p = 0; p < load.partitions; p++) expected.add(stage + "/" + p);
        }
        Map<String, Object> c = new HashMap<>(props);
        c.put("isolation.level", "read_committed");
        try (var consumer = topics.controlRecords().consumer(c)) {
            List<TopicPartition> tps = consumer.partitionsFor(topics.control()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            long report = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!expected.isEmpty() && System.nanoTime() < deadline) {
                if (System.nanoTime() > report) {
                    System.err.println("bench: still waiting for " + new TreeSet<>(expected) + "; " + lag(props));
                    report = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                }
                for (ConsumerRecord<String, EndOfInputAck> r : consumer.poll(Duration.ofMillis(100))) {
                    if (run.equals(r.value().run())) expected.remove(r.value().stage() + "/" + r.value().partition());
                }
            }
        }
        if (!expected.isEmpty()) throw new IllegalStateException("detector did not finish: " + expected);
    }
}
