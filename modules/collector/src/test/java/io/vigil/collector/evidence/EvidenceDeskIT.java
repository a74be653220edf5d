package io.vigil.collector.evidence;

import static io.vigil.collector.evidence.PacketRingTest.SECOND;
import static io.vigil.collector.evidence.PacketRingTest.T0;
import static io.vigil.collector.evidence.PacketRingTest.feed;
import static io.vigil.collector.evidence.PacketRingTest.times;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.model.Alert;
import io.vigil.model.DeadLetters;
import io.vigil.model.EvidenceChunk;
import io.vigil.model.EvidenceRequest;
import io.vigil.model.Json;
import io.vigil.model.Topics;
import io.vigil.runtime.EvidenceFetch;
import io.vigil.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's evidence desk on a real broker: a cut request keeps an alert's packets, and
 * after the ring has wrapped past them a fetch still gets them, in several chunks, byte for byte
 * as kept and checked by SHA-256; a window neither kept nor in the ring is "expired"; a request
 * about another site is answered by that site's collector only; a fetch made while the collector
 * is down is answered when it is back; a request that cannot be read is dead-lettered.
 */
class EvidenceDeskIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private PacketRing ring(String name, long maxBytes) throws Exception {
        PacketRing r = new PacketRing(new PacketRing.Settings(dir.resolve(name), maxBytes, Duration.ofDays(1), 128,
                1 << 20, Duration.ofMinutes(10)));
        r.begin("test", 1);
        open.add(r);
        return r;
    }

    private EvidenceDesk desk(PacketRing ring, String site, String collector, Topics topics) throws Exception {
        return desk(ring, site, collector, topics, Clock.systemUTC());
    }

    private EvidenceDesk desk(PacketRing ring, String site, String collector, Topics topics, Clock clock) throws Exception {
        EvidenceDesk d = new EvidenceDesk(ring, new KeptCuts(dir.resolve(collector + "-kept"), Duration.ofDays(30), 64L << 20),
                new EvidenceDesk.Settings(site, collector, topics, kafka.clientProps()), EvidenceCut.Naming.TEXT,
                clock).start();
        open.add(0, d);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!d.assigned() && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(d.assigned()).as("the desk joined its group").isTrue();
        return d;
    }

    private static EvidenceRequest request(String kind, String alertId, String site, long fromS, long toS, String... hosts) {
        return new EvidenceRequest(EvidenceRequest.VERSION, kind + "-" + alertId + "-" + System.nanoTime(), kind, alertId,
                Alert.ACTIVE, site, List.of(hosts), Instant.ofEpochSecond(0, T0 + fromS * SECOND),
                Instant.ofEpochSecond(0, T0 + toS * SECOND), "analyst@trust", Instant.now(), "cli");
    }

    private void send(Topics t, EvidenceRequest r) {
        kafka.produce(t.evidenceRequests(), t.evidenceRequestRecords().valueSerializer(),
                List.of(new ProducerRecord<>(t.evidenceRequests(), r.alertId(), r)));
    }

    /** 1 000 packets a second of the pair 10.0.0.1/10.0.0.2, and every tenth one of 10.0.0.3 to 10.0.0.4. */
    private static void traffic(PacketRing r, long fromS, long toS) {
        for (long ms = fromS * 1000; ms < toS * 1000; ms++) {
            feed(r, T0 + ms * 1_000_000L, ms % 2 == 0 ? 1 : 2, ms % 2 == 0 ? 2 : 1, 300);
            if (ms % 10 == 0) feed(r, T0 + ms * 1_000_000L + 1, 3, 4, 300);
        }
    }

    @Test
    void anAlertsKeptPacketsOutliveTheRingAndComeBackWholeInChunks() throws Exception {
        Topics topics = kafka.freshTopics(1);
        PacketRing ringA = ring("a", 16L << 20);
        EvidenceDesk deskA = desk(ringA, "site-a", "collector-a", topics);
        traffic(ringA, 0, 50);

        // the detector's cut when the alert is raised: window 10 s .. 40 s of the pair
        send(topics, request(EvidenceRequest.CUT, "alert-x", "site-a", 10, 40, "10.0.0.1", "10.0.0.2"));
        Path kept = dir.resolve("collector-a-kept").resolve("alert-x.pcap");
        waitFor(() -> Files.isRegularFile(kept), "the cut is kept");
        List<Long> keptTimes = times(kept);
        assertThat(keptTimes).hasSize(30_001).allMatch(t -> t >= T0 + 10 * SECOND && t <= T0 + 40 * SECOND);
        byte[] keptBytes = Files.readAllBytes(kept);

        // the ring wraps well past the window: it no longer holds it
        traffic(ringA, 50, 250);
        EvidenceFetch.Result fromRing = EvidenceFetch.fetch(kafka.clientProps(), topics,
                request(EvidenceRequest.FETCH, "alert-y", "site-a", 10, 40, "10.0.0.1", "10.0.0.2"), Duration.ofSeconds(30));
        assertThat(fromRing.status()).isEqualTo(EvidenceChunk.EXPIRED);
        assertThat(fromRing.pcap()).isNull();

        // the alert ends with a window the ring now holds only the end of: the whole cut of its start stays
        EvidenceRequest ended = request(EvidenceRequest.CUT, "alert-x", "site-a", 10, 240, "10.0.0.1", "10.0.0.2");
        send(topics, new EvidenceRequest(ended.v(), ended.id(), ended.kind(), ended.alertId(), Alert.ENDED, ended.site(),
                ended.hosts(), ended.from(), ended.to(), "detector", ended.at(), "detector"));
        EvidenceFetch.Result got = EvidenceFetch.fetch(kafka.clientProps(), topics,
                request(EvidenceRequest.FETCH, "alert-x", "site-a", 10, 40, "10.0.0.1", "10.0.0.2"), Duration.ofSeconds(30));
        assertThat(got.status()).isEqualTo(EvidenceChunk.OK);
        assertThat(got.collector()).isEqualTo("collector-a");
        assertThat(got.packets()).isEqualTo(30_001);
        assertThat(got.pcap()).isEqualTo(keptBytes);
        assertThat(keptBytes.length).as("more than one chunk").isGreaterThan(2 * EvidenceChunk.CHUNK_BYTES);
        Path fetched = Files.write(dir.resolve("fetched.pcap"), got.pcap());
        assertThat(times(fetched)).isEqualTo(keptTimes);

        List<ConsumerRecord<String, EvidenceChunk>> chunks = kafka.consume(topics.evidence(),
                topics.evidenceRecords().valueDeserializer(), l -> l.size() >= 13, Duration.ofSeconds(10));
        assertThat(chunks).filteredOn(r -> r.value().alertId().equals("alert-x"))
                .hasSizeGreaterThanOrEqualTo(3).allSatisfy(r -> assertThat(r.value().chunks()).isGreaterThanOrEqualTo(3));
        // who asked for which alert's packets stays on the requests topic
        assertThat(kafka.consume(topics.evidenceRequests(), topics.evidenceRequestRecords().valueDeserializer(),
                l -> l.size() >= 3, Duration.ofSeconds(10))).extracting(r -> r.value().by()).contains("analyst@trust");
        assertThat(deskA.failure()).isNull();
    }

    /** A clock the test moves: the capture's time, as on a live collector. */
    static final class Moving extends Clock {
        volatile Instant now;

        Moving(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aCutMadeAtTheRaiseIsCompletedWhenFetchedAfterItsWindowClosed() throws Exception {
        Topics topics = kafka.freshTopics(1);
        PacketRing ringA = ring("a", 64L << 20);
        Moving clock = new Moving(Instant.ofEpochSecond(0, T0 + 20 * SECOND));
        desk(ringA, "site-a", "collector-a", topics, clock);
        traffic(ringA, 0, 20);
        // raised at 20 s: the window runs to 40 s, the ring has only reached 20 s
        send(topics, request(EvidenceRequest.CUT, "alert-r", "site-a", 10, 40, "10.0.0.1", "10.0.0.2"));
        Path kept = dir.resolve("collector-a-kept").resolve("alert-r.pcap");
        waitFor(() -> Files.isRegularFile(kept), "the cut at the raise is kept");
        assertThat(times(kept)).hasSize(10_000);

        traffic(ringA, 20, 60);
        clock.now = Instant.ofEpochSecond(0, T0 + 60 * SECOND);
        EvidenceRequest fetch = request(EvidenceRequest.FETCH, "alert-r", "site-a", 10, 40, "10.0.0.1", "10.0.0.2");
        EvidenceFetch.Result got = EvidenceFetch.fetch(kafka.clientProps(), topics, new EvidenceRequest(fetch.v(), fetch.id(),
                fetch.kind(), fetch.alertId(), fetch.alertStatus(), fetch.site(), fetch.hosts(), fetch.from(), fetch.to(),
                fetch.by(), clock.now, fetch.via()), Duration.ofSeconds(30));
        assertThat(got.packets()).as("the whole window, cut again").isEqualTo(30_001);
        assertThat(times(kept)).as("and kept so").hasSize(30_001);
    }

    @Test
    void onlyTheAlertsSiteAnswersAndAFetchWaitsForItsCollectorToComeBack() throws Exception {
        Topics topics = kafka.freshTopics(1);
        PacketRing ringA = ring("a", 64L << 20), ringB = ring("b", 64L << 20);
        EvidenceDesk deskA = desk(ringA, "site-a", "collector-a", topics);
        desk(ringB, "site-b", "collector-b", topics);
        traffic(ringA, 0, 20);
        traffic(ringB, 0, 20);

        EvidenceFetch.Result b = EvidenceFetch.fetch(kafka.clientProps(), topics,
                request(EvidenceRequest.FETCH, "alert-b", "site-b", 0, 5, "10.0.0.3", "10.0.0.4"), Duration.ofSeconds(30));
        assertThat(b.status()).isEqualTo(EvidenceChunk.OK);
        assertThat(b.collector()).isEqualTo("collector-b");
        assertThat(b.packets()).isEqualTo(500);
        Thread.sleep(2_000);
        List<ConsumerRecord<String, EvidenceChunk>> answers = kafka.consume(topics.evidence(),
                topics.evidenceRecords().valueDeserializer(), l -> !l.isEmpty(), Duration.ofSeconds(10));
        assertThat(answers).isNotEmpty().allSatisfy(r -> assertThat(r.value().collector()).isEqualTo("collector-b"));
        assertThat(Files.exists(dir.resolve("collector-a-kept").resolve("alert-b.json"))).isFalse();

        // collector A goes away; a fetch made meanwhile is answered once it is back
        deskA.close();
        open.remove(deskA);
        CompletableFuture<EvidenceFetch.Result> waiting = CompletableFuture.supplyAsync(() -> EvidenceFetch.fetch(
                kafka.clientProps(), topics, request(EvidenceRequest.FETCH, "alert-a", "site-a", 0, 5, "10.0.0.1"),
                Duration.ofSeconds(90)));
        Thread.sleep(3_000);
        assertThat(waiting).isNotDone();
        desk(ringA, "site-a", "collector-a", topics);
        EvidenceFetch.Result a = waiting.get(90, TimeUnit.SECONDS);
        assertThat(a.status()).isEqualTo(EvidenceChunk.OK);
        assertThat(a.collector()).isEqualTo("collector-a");
        assertThat(a.packets()).isEqualTo(5_001);
    }

    @Test
    void aRequestThatCannotBeReadIsDeadLetteredAndTheNextIsAnswered() throws Exception {
        Topics topics = kafka.freshTopics(1);
        PacketRing ringA = ring("a", 64L << 20);
        desk(ringA, "site-a", "collector-a", topics);
        traffic(ringA, 0, 5);
        kafka.produce(topics.evidenceRequests(), new ByteArraySerializer(), List.of(new ProducerRecord<>(
                topics.evidenceRequests(), "alert-bad", Json.write(java.util.Map.of("v", 1, "kind", "steal",
                        "alert_id", "alert-bad")).getBytes(StandardCharsets.UTF_8))));
        EvidenceFetch.Result a = EvidenceFetch.fetch(kafka.clientProps(), topics,
                request(EvidenceRequest.FETCH, "alert-a", "site-a", 0, 2, "10.0.0.1", "10.0.0.2"), Duration.ofSeconds(30));
        assertThat(a.status()).isEqualTo(EvidenceChunk.OK);
        assertThat(a.packets()).isEqualTo(2_001);
        List<ConsumerRecord<String, byte[]>> dead = kafka.deadLetters(topics, 1);
        assertThat(dead).hasSize(1);
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON)).contains("kind 'steal' is not cut or fetch");
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.ROLE)).isEqualTo("collector");
    }

    @Test
    void whenKafkaComesBackAfterTheDeskLostItsGroupTheNextFetchIsAnswered() throws Exception {
        Topics topics = kafka.freshTopics(1);
        PacketRing ringA = ring("a", 64L << 20);
        java.util.Map<String, Object> props = kafka.clientProps();
        // the group forgets a member quiet this long: the outage below outlasts it
        props.put("session.timeout.ms", 6_000);
        props.put("heartbeat.interval.ms", 1_000);
        EvidenceDesk d = new EvidenceDesk(ringA, new KeptCuts(dir.resolve("outage-kept"), Duration.ofDays(30), 64L << 20),
                new EvidenceDesk.Settings("site-a", "collector-a", topics, props), EvidenceCut.Naming.TEXT,
                Clock.systemUTC()).start();
        open.add(0, d);
        waitFor(d::assigned, "the desk joined its group");
        traffic(ringA, 0, 5);
        assertThat(EvidenceFetch.fetch(kafka.clientProps(), topics, request(EvidenceRequest.FETCH, "alert-1", "site-a", 0, 2,
                "10.0.0.1", "10.0.0.2"), Duration.ofSeconds(30)).packets()).isEqualTo(2_001);

        kafka.embedded().stopBroker();
        Thread.sleep(15_000);
        kafka.embedded().restartBroker();

        EvidenceFetch.Result after = EvidenceFetch.fetch(kafka.clientProps(), topics, request(EvidenceRequest.FETCH, "alert-2",
                "site-a", 2, 4, "10.0.0.1", "10.0.0.2"), Duration.ofSeconds(90));
        assertThat(after.status()).as(String.valueOf(after.reason())).isEqualTo(EvidenceChunk.OK);
        assertThat(after.packets()).isEqualTo(2_001);
    }

    @Test
    void aCutLargerThanAFetchCarriesStaysOnTheCollectorAndTheAnswerSaysWhere() throws Exception {
        Topics topics = kafka.freshTopics(1);
        PacketRing ringA = ring("a", 64L << 20);
        EvidenceDesk d = new EvidenceDesk(ringA, new KeptCuts(dir.resolve("small-kept"), Duration.ofDays(30), 64L << 20),
                new EvidenceDesk.Settings("site-a", "collector-a", topics, kafka.clientProps(), 100_000),
                EvidenceCut.Naming.TEXT, Clock.systemUTC()).start();
        open.add(0, d);
        waitFor(d::assigned, "the desk joined its group");
        traffic(ringA, 0, 5);
        EvidenceFetch.Result r = EvidenceFetch.fetch(kafka.clientProps(), topics,
                request(EvidenceRequest.FETCH, "alert-big", "site-a", 0, 2, "10.0.0.1", "10.0.0.2"), Duration.ofSeconds(30));
        assertThat(r.status()).isEqualTo(EvidenceChunk.UNAVAILABLE);
        assertThat(r.pcap()).isNull();
        assertThat(r.reason()).contains("more than the 0 MB a fetch carries").contains("collector-a")
                .contains(dir.resolve("small-kept").resolve("alert-big.pcap").toString());
        assertThat(times(dir.resolve("small-kept").resolve("alert-big.pcap"))).hasSize(2_001);
    }

    private static void waitFor(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }
}
