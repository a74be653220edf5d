package io.vigil.detector;

import static io.vigil.testkit.Flows.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Direction;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.testkit.Flows;
import io.vigil.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector is stopped and its local state deleted (a lost disk), then a new instance
 * restores from the changelog topics: the host's baseline is still there (an exfiltration
 * only a trusted baseline can see is raised) and the scan in progress is the same alert.
 */
class DetectorRestartIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    static final String HOST = "10.10.2.15";
    static final String SCANNER = "198.51.100.23";

    /**
     * Waits until the application has committed every record of the flows topic and of each of
     * its repartition topics (whose end offset may count one transaction marker more). Every
     * partition that holds records must have a committed offset: a stage that has not yet
     * committed anything has no offset to compare, and must not count as caught up.
     */
    static void awaitProcessed(KafkaBroker kafka, String appId, Topics topics) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProps())) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                var committed = admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
                Set<String> read = new HashSet<>();
                for (String t : admin.listTopics().names().get()) {
                    if (t.equals(topics.flows()) || t.startsWith(appId + "-") && t.endsWith("-repartition")) read.add(t);
                }
                Map<TopicPartition, OffsetSpec> latest =
                        new HashMap<>();
                for (var d : admin.describeTopics(read).allTopicNames().get().values()) {
                    d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()),
                            OffsetSpec.latest()));
                }
                var ends = admin.listOffsets(latest).all().get();
                boolean done = read.size() > 1 && ends.entrySet().stream().allMatch(e -> {
                    long end = e.getValue().offset() - (e.getKey().topic().endsWith("repartition") ? 1 : 0);
                    var c = committed.get(e.getKey());
                    return end <= 0 || c != null && c.offset() >= end;
                });
                if (done) return;
                Thread.sleep(200);
            }
            throw new AssertionError("detector did not catch up within 60 s");
        }
    }

    static FlowRecord upload(long at, long bytes) {
        return FlowRecord.builder().site(Flows.SITE).collector("c").flowId(Long.toHexString(at)).start(at).end(at + 500)
                .proto("tcp").src(HOST, 40000 + (int) (at / 1000 % 20000)).dst("198.51.100.80", 443)
                .out(20, bytes).in(20, 5000).tcpFlags(0x1b, 0x1b).tcpState("established").endReason("fin")
                .direction(Direction.OUTBOUND).build();
    }

    void produce(Topics topics, List<FlowRecord> flows) {
        List<ProducerRecord<String, FlowRecord>> records = new ArrayList<>();
        flows.sort(Comparator.comparingLong(FlowRecord::end));
        for (FlowRecord f : flows) records.add(new ProducerRecord<>(topics.flows(), null, f.end(), Flows.key(f), f));
        kafka.produce(topics.flows(), JsonSerde.flows(), records);
    }

    List<Alert> alertsUntil(Topics topics, Predicate<List<Alert>> done) {
        List<ConsumerRecord<String, Alert>> got = kafka.consume(topics.alerts(), JsonSerde.alerts(),
                l -> done.test(l.stream().map(ConsumerRecord::value).collect(Collectors.toList())), Duration.ofSeconds(90));
        return got.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }

    @Test
    void aRestartOnAnEmptyDiskKeepsBaselinesAndDoesNotRepeatAlerts() throws Exception {
        Topics topics = kafka.freshTopics(2);
        DetectorConfig base = DetectorConfig.defaults(dir.resolve("a")).withTopics(topics).withApplicationId("restart-test");

        // 70 minutes of a workstation's small uploads: its baseline; a scan starts at minute 65
        List<FlowRecord> first = new ArrayList<>();
        Random r = new Random(7);
        for (int m = 0; m < 70; m++) {
            // three uploads a minute at random moments (a fixed rhythm would be a beacon)
            for (int i = 0; i < 3; i++) first.add(upload(T0 + m * 60_000L + r.nextInt(59_000), 20_000 + r.nextInt(30_000)));
        }
        for (int p = 1; p <= 20; p++) first.add(Flows.rejected(SCANNER, "10.10.1.10", p, T0 + 65 * 60_000L + p * 100L));
        try (Detector unused = new Detector(base, kafka.clientProps()).start()) {
            produce(topics, first);
            awaitProcessed(kafka, base.applicationId(), topics);
        }
        assertThat(alertsUntil(topics, l -> l.stream().anyMatch(a -> a.type() == AlertType.PORT_SCAN)))
                .anyMatch(a -> a.type() == AlertType.PORT_SCAN);
        // the disk is lost
        deleteTree(dir.resolve("a"));

        DetectorConfig restored = base.withRuntime(dir.resolve("b"), base.threads(), base.commitIntervalMs());
        List<FlowRecord> second = new ArrayList<>();
        for (int p = 21; p <= 40; p++) second.add(Flows.rejected(SCANNER, "10.10.1.10", p, T0 + 70 * 60_000L + p * 100L));
        // 120 MB in one minute: over the 50 MB floor and far over this host's baseline, but under
        // the 500 MB a host without a trusted baseline would need.
        for (int i = 0; i < 12; i++) second.add(upload(T0 + 71 * 60_000L + i * 4_000L, 10L << 20));
        try (Detector unused = new Detector(restored, kafka.clientProps()).start()) {
            produce(topics, second);
            List<Alert> all = alertsUntil(topics, l -> l.stream().anyMatch(a -> a.type() == AlertType.EXFILTRATION)
                    && l.stream().anyMatch(a -> a.type() == AlertType.PORT_SCAN && a.observed() >= 30));

            Set<String> scanIds = all.stream().filter(a -> a.type() == AlertType.PORT_SCAN).map(Alert::id)
                    .collect(Collectors.toSet());
            assertThat(scanIds).as("the scan is one alert across the restart").hasSize(1);
            assertThat(all).as("nothing else").allMatch(a -> a.type() == AlertType.PORT_SCAN || a.type() == AlertType.EXFILTRATION);
            // 30 ports (updates go out at each doubling: 15, 30) needs the 20 ports seen before the restart
            assertThat(all).filteredOn(a -> a.type() == AlertType.PORT_SCAN).last()
                    .satisfies(a -> assertThat(a.observed()).isEqualTo(30));
            Alert exfil = all.stream().filter(a -> a.type() == AlertType.EXFILTRATION).findFirst().orElseThrow();
            assertThat(exfil.src()).isEqualTo(HOST);
            assertThat(((Number) exfil.evidence().get("history_minutes")).longValue()).as("baseline restored")
                    .isGreaterThanOrEqualTo(60);
        }
    }

    static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
        assertThat(p).doesNotExist();
    }
}
