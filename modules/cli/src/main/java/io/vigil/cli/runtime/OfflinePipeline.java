package io.vigil.cli.runtime;

import io.vigil.collector.CaptureReplay;
import io.vigil.collector.CaptureStats;
import io.vigil.collector.FileReplay;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.publish.KafkaFlowPublisher;
import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.detector.DetectorTopology;
import io.vigil.model.Alert;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.Indicator;
import io.vigil.model.JsonSerde;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.SiteTraffic;
import io.vigil.model.Topic;
import io.vigil.model.Topics;
import io.vigil.notifier.AuditTrail;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.NotifierConfig;
import io.vigil.notifier.channel.Channel;
import io.vigil.runtime.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The offline contract: capture files → collector → Kafka → detector (→ notifier), as one
 * event-time stream. The collector publishes an end-of-input marker to every partition when
 * the files are done; the run is over when every detector stage has acknowledged the markers
 * of every partition, at which point every alert of the run is committed and can be read.
 */
public final class OfflinePipeline {

    /** {@code notifier} carries routes and retry settings for {@code channels} (topics and group are the run's). */
    /** {@code indicators}: threat indicators the run's detector matches against, published before it starts. */
    public record Settings(List<Path> files, String site, List<String> internal, int partitions, boolean quiet,
                    Duration timeout, List<Channel> channels, NotifierConfig notifier, boolean readAudit,
                    boolean readTraffic, List<Indicator> indicators) {
        public Settings(List<Path> files, String site, List<String> internal, int partitions, boolean quiet,
                        Duration timeout, List<Channel> channels) {
            this(files, site, internal, partitions, quiet, timeout, channels, NotifierConfig.defaults(), false, false, List.of());
        }
    }

    /** {@code audit}: the run's notification attempts (empty without channels or {@code readAudit}). */
    public record Result(List<Alert> alerts, int alertRecords, CaptureReplay.Outcome outcome, long flows,
                  CaptureStats capture, long readMillis, long detectMillis, long notified,
                  List<NotificationAttempt> audit, List<SiteTraffic> traffic) {}

    private OfflinePipeline() {}

    public static Result run(KafkaEndpoint kafka, Settings s) throws CaptureInputException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long runStart = System.currentTimeMillis();
        // A namespace of its own: on a shared cluster an offline run never mixes with live data.
        Topics topics = kafka.isEmbedded() ? Topics.DEFAULT : new Topics("vigil-analyze-" + run);
        String appId = "vigil-analyze-" + run;
        Path state = tempDir("vigil-state-");
        kafka.ensureTopics(topics, s.partitions(), Duration.ofDays(1).toMillis());
        Map<String, Object> props = kafka.clientProps();
        DetectorConfig dc = DetectorConfig.defaults(state).withTopics(topics).withApplicationId(appId);
        Notifier notifier = null;
        Map<String, Object> detectorProps = new HashMap<>(props);
        // Streams creates its repartition topic during the first rebalance, which forces a
        // second one; members learn of it at their next heartbeat (3 s by default). An
        // offline run is short and alone on its group: let them learn at once.
        detectorProps.put("main.consumer.heartbeat.interval.ms", 200);
        publishIndicators(props, topics, s.indicators());
        try (Detector detector = new Detector(dc, detectorProps)) {
          try {
            detector.start();
            if (!s.channels().isEmpty()) {
                notifier = new Notifier(s.notifier().withTopics(topics).withGroupId(appId + "-notifier"),
                        props, s.channels()).start();
            }
            long t0 = System.nanoTime();
            FileReplay.Replayed replayed;
            try (KafkaFlowPublisher publisher = new KafkaFlowPublisher(props, topics.flows(), null, true)) {
                replayed = ReplayWithProgress.run(s.files(), s.site(), "analyze", s.internal(), publisher, s.quiet());
                publisher.flush();
                if (publisher.failed() > 0) {
                    throw new IllegalStateException(publisher.failed() + " flow records could not be published: "
                            + publisher.firstError());
                }
                publisher.endOfInput(s.site(), "analyze", run, replayed.lastEventMs());
            }
            long t1 = System.nanoTime();
            if (Shutdown.STOPPING.get()) throw new IllegalStateException("stopped");
            awaitAcks(props, topics, run, s.partitions(), detector, s.timeout());
            List<ConsumerRecord<String, Alert>> records = readAll(props, topics.alertRecords());
            // The site stage's minutes are committed with its acknowledgement: all here now.
            List<SiteTraffic> traffic = !s.readTraffic() ? List.of() : TopicReader.readSince(props, topics.trafficRecords(),
                    Instant.ofEpochMilli(runStart), Duration.ofSeconds(30)).values();
            long t2 = System.nanoTime();
            long notified = 0;
            List<NotificationAttempt> audit = List.of();
            if (notifier != null) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (notifier.delivered() < records.size() && System.nanoTime() < deadline) sleep(20);
                notified = notifier.delivered();
                // Digests wait for their window to close; close now so the trail is complete.
                notifier.close();
                notifier = null;
                if (s.readAudit()) {
                    audit = AuditTrail.read(props, topics, Instant.ofEpochMilli(runStart), a -> true, Duration.ofSeconds(30));
                }
            }
            Map<String, Alert> latest = new LinkedHashMap<>();
            for (ConsumerRecord<String, Alert> r : records) latest.put(r.value().id(), r.value());
            List<Alert> alerts = latest.values().stream()
                    .sorted(Comparator.comparing(Alert::raisedAt).thenComparing(Alert::id)).collect(Collectors.toList());
            return new Result(alerts, records.size(), replayed.outcome(), replayed.flows().recordsExported.get(),
                    replayed.capture(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, notified, audit, traffic);
          } finally {
            Thread.interrupted(); // never close Kafka's clients with a stray interrupt set
          }
        } finally {
            if (notifier != null) notifier.close();
            deleteTree(state);
            if (!kafka.isEmbedded()) kafka.deleteTopicsWithPrefix(topics.namespace() + ".", appId + "-");
        }
    }

    /**
     * Writes the run's indicators before the detector starts: Streams fills global stores before
     * its stream threads take a record, so every flow is judged against all of them.
     */
    private static void publishIndicators(Map<String, Object> props, Topics topics, List<Indicator> all) {
        if (all.isEmpty()) return;
        Topic<String, Indicator> t = topics.indicatorRecords();
        try (var producer = t.producer(props)) {
            List<Future<?>> sent = new ArrayList<>();
            for (Indicator i : all) {
                sent.add(producer.send(new ProducerRecord<>(t.name(), i.key(), i)));
            }
            producer.flush();
            for (Future<?> f : sent) f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the indicators could not be published: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped");
        }
    }

    /** Waits until every stage has acknowledged end of input on every partition. */
    private static void awaitAcks(Map<String, Object> props, Topics topics, String run, int partitions,
                                  Detector detector, Duration timeout) {
        Set<String> expected = new HashSet<>();
        for (String stage : DetectorTopology.endOfInputStages()) {
            for (int p = 0; p < partitions; p++) expected.add(stage + "/" + p);
        }
        Map<String, Object> p = consumerProps(props);
        try (var consumer = topics.controlRecords().consumer(p)) {
            List<TopicPartition> tps = consumer.partitionsFor(topics.control()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!expected.isEmpty()) {
                if (Shutdown.STOPPING.get()) throw new IllegalStateException("stopped");
                if (detector.failure() != null) {
                    throw new IllegalStateException("detector failed: " + detector.failure());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("detector did not finish within " + timeout.toSeconds()
                            + " s; still waiting for " + expected);
                }
                for (ConsumerRecord<String, EndOfInputAck> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() != null && run.equals(r.value().run())) {
                        expected.remove(r.value().stage() + "/" + r.value().partition());
                    }
                }
            }
        }
    }

    /** Every committed record of {@code topic}, from the start to the current end. */
    static List<ConsumerRecord<String, Alert>> readAll(Map<String, Object> props, Topic<String, Alert> topic) {
        List<ConsumerRecord<String, Alert>> out = new ArrayList<>();
        try (var consumer = topic.consumer(consumerProps(props))) {
            List<TopicPartition> tps = consumer.partitionsFor(topic.name()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        out.sort(Comparator.comparingLong(ConsumerRecord::offset));
        return out;
    }

    private static Map<String, Object> consumerProps(Map<String, Object> props) {
        Map<String, Object> p = new HashMap<>(props);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", false);
        p.remove("group.id");
        return p;
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir left behind is not worth failing a finished run
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
