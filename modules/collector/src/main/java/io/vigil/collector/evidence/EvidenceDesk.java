package io.vigil.collector.evidence;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.model.Alert;
import io.vigil.model.DeadLetters;
import io.vigil.model.EvidenceChunk;
import io.vigil.model.EvidenceRequest;
import io.vigil.model.Topic;
import io.vigil.model.Topics;
import io.vigil.runtime.EvidenceFetch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's evidence desk: it reads {@code vigil.evidence-requests.v1} (never the alerts),
 * and for each request about its own site cuts the alert's packets from the ring into
 * {@link KeptCuts} — once while the alert is active, again when it has ended — and answers a
 * {@code fetch} on {@code vigil.evidence.v1} in checksummed chunks. The gateway opens no port:
 * Kafka is the only way in. A request is committed only once its cut is kept and its answer is
 * acknowledged, so a collector killed half-way answers it again when it is back.
 */
public final class EvidenceDesk implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EvidenceDesk.class);
    /** A fetch older than this is cut and kept but not answered: its requester has given up. */
    static final Duration ANSWER_WITHIN = Duration.ofMinutes(10);

    /**
     * Whose requests it answers, on which cluster, and the largest pcap a fetch carries (a larger
     * cut stays on the collector, and the answer says where).
     */
    public record Settings(String site, String collectorId, Topics topics, Map<String, Object> kafka, long maxAnswerBytes) {
        /** 256 MB: what a console holds in memory for an hour, and well inside a day's evidence topic. */
        public static final long MAX_ANSWER = 256L << 20;

        public Settings(String site, String collectorId, Topics topics, Map<String, Object> kafka) {
            this(site, collectorId, topics, kafka, MAX_ANSWER);
        }
    }

    private final PacketRing ring;
    private final KeptCuts kept;
    private final Settings s;
    private final EvidenceCut.Naming naming;
    private final Clock clock;
    private final AtomicLong requests = new AtomicLong(), cuts = new AtomicLong(), answers = new AtomicLong(),
            refused = new AtomicLong(), failures = new AtomicLong();
    private final Topic<String, EvidenceRequest> in;
    private final Topic<String, EvidenceChunk> out;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Map<String, Object> consumerProps;
    private KafkaProducer<byte[], byte[]> producer;
    private Thread thread;
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile String stopped;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    public EvidenceDesk(PacketRing ring, KeptCuts kept, Settings s, EvidenceCut.Naming naming, Clock clock) {
        this.ring = ring;
        this.kept = kept;
        this.s = s;
        this.naming = naming;
        this.clock = clock;
        this.in = s.topics().evidenceRequestRecords();
        this.out = s.topics().evidenceRecords();
    }

    /** Starts reading requests on a thread of its own. */
    public EvidenceDesk start() {
        Map<String, Object> c = new HashMap<>(s.kafka());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, EvidenceRequest.GROUP_PREFIX + s.collectorId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a collector new to the cluster has no business with the requests of before it came
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vigil-evidence-" + s.collectorId());
        Map<String, Object> p = new HashMap<>(s.kafka());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigil-evidence-" + s.collectorId());
        consumerProps = c;
        consumer = newConsumer();
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        running = true;
        thread = new Thread(this::run, "vigil-evidence-desk");
        thread.setDaemon(true);
        thread.start();
        kept.prune(clock.instant());
        return this;
    }

    /**
     * Reads and answers until closed. Whatever stops a consumer (the group lost while Kafka was
     * away, a commit that timed out) is said in {@link #failure()}, and a new consumer takes up
     * from the last committed request ten seconds later: the desk never stays blind.
     */
    private void run() {
        while (running) {
            try {
                subscribeAndServe();
            } catch (WakeupException | InterruptException e) {
                return; // closing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                stopped = "the evidence desk's consumer failed: " + e.getMessage() + "; starting again";
                log.warn("evidence desk consumer failed, starting again in 10 s error={}", e.toString());
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
            for (int i = 0; i < 100 && running; i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (running) consumer = newConsumer();
        }
    }

    private void subscribeAndServe() throws InterruptedException {
        consumer.subscribe(List.of(in.name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> p) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> p) {
                assigned = true;
            }
        });
        while (running) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
            if (records.isEmpty()) continue;
            sent.clear();
            for (ConsumerRecord<String, byte[]> r : records) take(r);
            producer.flush();
            if (allSent()) {
                consumer.commitSync();
                stopped = null;
            } else {
                // Kafka did not take an answer: the batch is read and answered again
                for (TopicPartition tp : records.partitions()) consumer.seek(tp, records.records(tp).get(0).offset());
                Thread.sleep(5_000);
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** One request: read, judged, cut and answered; what cannot be read goes to the dead letters. */
    private void take(ConsumerRecord<String, byte[]> r) {
        EvidenceRequest req;
        try {
            req = r.value() == null ? null : in.value(r.value());
        } catch (SerializationException e) {
            refused.incrementAndGet();
            String reason = e.getMessage() + (e.getCause() != null ? ": " + e.getCause().getMessage() : "");
            log.warn("evidence request refused offset={} reason={}", r.offset(), DeadLetters.reason(reason));
            sent.add(producer.send(DeadLetters.of(s.topics().deadLetter(), r.key() == null ? null
                    : r.key().getBytes(StandardCharsets.UTF_8), r.value(), r.topic(), r.partition(), r.offset(), "collector", reason)));
            return;
        }
        if (req == null || !s.site().equals(req.site())) return;
        requests.incrementAndGet();
        try {
            handle(req);
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            log.warn("evidence request failed alert={} request={} error={}", req.alertId(), req.id(), e.toString());
            if (EvidenceRequest.FETCH.equals(req.kind())) {
                send(refusal(req, EvidenceChunk.UNAVAILABLE, "the collector could not cut the packets: " + e.getMessage()));
            }
        }
    }

    /**
     * Cuts when there is no cut yet, the alert has ended since, or a fetch finds the kept cut
     * shorter than what it asks (made before the window closed); answers a fetch.
     */
    void handle(EvidenceRequest req) throws IOException {
        KeptCuts.Cut had = kept.get(req.alertId()).orElse(null);
        boolean ended = Alert.ENDED.equals(req.alertStatus());
        boolean fetch = EvidenceRequest.FETCH.equals(req.kind());
        boolean recut = had == null || ended && !Alert.ENDED.equals(had.alertStatus())
                || EvidenceChunk.UNAVAILABLE.equals(had.status())
                // a cut made before its window closed (at the raise) lacks the rest: a fetch cuts afresh
                || fetch && (had.cutAt().isBefore(had.to()) || req.to().isAfter(had.to()) || req.from().isBefore(had.from()));
        KeptCuts.Cut now = recut ? cut(req, had) : had;
        if (!fetch) return;
        if (req.at() != null && req.at().isBefore(clock.instant().minus(ANSWER_WITHIN))) return;
        answer(req, now);
    }

    private KeptCuts.Cut cut(EvidenceRequest req, KeptCuts.Cut had) throws IOException {
        Path work = Files.createDirectories(kept.dir().resolve(".cutting"));
        PacketRing.Outcome o = req.empty() ? new PacketRing.Outcome(null, 0, PacketRing.Outcome.NONE, 0)
                : ring.cut(EvidenceScope.of(req), work, naming);
        String status = switch (o.status()) {
            case PacketRing.Outcome.OK -> EvidenceChunk.OK;
            case PacketRing.Outcome.PARTIAL -> EvidenceChunk.PARTIAL;
            case PacketRing.Outcome.EXPIRED -> EvidenceChunk.EXPIRED;
            case PacketRing.Outcome.UNAVAILABLE -> EvidenceChunk.UNAVAILABLE;
            default -> EvidenceChunk.NONE;
        };
        boolean packets = o.file() != null;
        boolean keptWhole = had != null && EvidenceChunk.OK.equals(had.status()) && Files.isRegularFile(kept.pcap(had.alertId()));
        if ((!packets || EvidenceChunk.PARTIAL.equals(status)) && keptWhole) {
            // the ring has moved on since the first cut: what was kept, with the attack's start, is still the evidence
            if (packets) Files.deleteIfExists(o.file());
            return had;
        }
        String reason = switch (status) {
            case EvidenceChunk.EXPIRED -> "the ring no longer holds " + req.from() + " to " + req.to();
            case EvidenceChunk.PARTIAL -> "the ring no longer holds the start of the window";
            case EvidenceChunk.UNAVAILABLE -> ring.unavailable() != null ? ring.unavailable() : "the ring is not writing";
            case EvidenceChunk.NONE -> req.empty() ? "the alert names no address" : "no packet of the alert's hosts in the window";
            default -> null;
        };
        KeptCuts.Cut c = new KeptCuts.Cut(req.alertId(), status, reason, o.packets(), req.from(), req.to(),
                req.alertStatus(), clock.instant(), o.damagedSegments());
        kept.put(c, o.file(), clock.instant());
        cuts.incrementAndGet();
        log.info("evidence cut alert={} status={} packets={} damaged_segments={}", req.alertId(), status, o.packets(),
                o.damagedSegments());
        return c;
    }

    /** Sends the kept pcap in chunks, each naming the whole file's length and SHA-256; or says why not. */
    private void answer(EvidenceRequest req, KeptCuts.Cut c) throws IOException {
        Path pcap = kept.pcap(req.alertId());
        boolean has = (EvidenceChunk.OK.equals(c.status()) || EvidenceChunk.PARTIAL.equals(c.status()))
                && Files.isRegularFile(pcap);
        if (!has) {
            send(refusal(req, EvidenceChunk.OK.equals(c.status()) ? EvidenceChunk.UNAVAILABLE : c.status(),
                    EvidenceChunk.OK.equals(c.status()) ? "the kept cut is gone" : c.reason()));
            return;
        }
        long size = Files.size(pcap);
        if (size > s.maxAnswerBytes()) {
            send(refusal(req, EvidenceChunk.UNAVAILABLE, String.format(Locale.ROOT, "the cut is %.1f MB, more than the "
                    + "%.0f MB a fetch carries: it is on the collector %s as %s", size / 1048576.0,
                    s.maxAnswerBytes() / 1048576.0, s.collectorId(), pcap)));
            return;
        }
        // read twice rather than held whole: once for the digest every chunk states, once to send
        String sha = EvidenceFetch.sha256(pcap);
        int chunks = (int) Math.max(1, (size + EvidenceChunk.CHUNK_BYTES - 1) / EvidenceChunk.CHUNK_BYTES);
        try (InputStream file = Files.newInputStream(pcap)) {
            for (int i = 0; i < chunks; i++) {
                send(new EvidenceChunk(EvidenceChunk.VERSION, req.id(), req.alertId(), s.site(), s.collectorId(), c.status(),
                        c.reason(), i, chunks, c.packets(), size, sha, file.readNBytes(EvidenceChunk.CHUNK_BYTES),
                        clock.instant()));
            }
        }
        answers.incrementAndGet();
        log.info("evidence sent alert={} request={} by={} bytes={} chunks={}", req.alertId(), req.id(), req.by(),
                size, chunks);
    }

    private EvidenceChunk refusal(EvidenceRequest req, String status, String reason) {
        answers.incrementAndGet();
        return new EvidenceChunk(EvidenceChunk.VERSION, req.id(), req.alertId(), s.site(), s.collectorId(), status,
                reason, 0, 0, 0, 0, null, null, clock.instant());
    }

    private void send(EvidenceChunk c) {
        sent.add(producer.send(new ProducerRecord<>(out.name(), c.requestId().getBytes(StandardCharsets.UTF_8),
                out.valueSerializer().serialize(out.name(), c))));
    }

    /** Whether Kafka took everything this batch sent (after a flush, the futures are done). */
    private boolean allSent() {
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException | InterruptedException e) {
                failures.incrementAndGet();
                stopped = "Kafka did not take an evidence answer: " + e.getMessage();
                log.warn("evidence answer not sent error={}", e.toString());
                return false;
            }
        }
        return true;
    }

    /** Null while the desk answers; otherwise why it does not. */
    public String failure() {
        return stopped;
    }

    /** Whether the desk has its share of the requests topic (tests wait for it). */
    public boolean assigned() {
        return assigned;
    }

    public void bindMetrics(MeterRegistry r) {
        String p = "vigil.collector.evidence.";
        FunctionCounter.builder(p + "requests", requests, AtomicLong::get).description("evidence requests about this site").register(r);
        FunctionCounter.builder(p + "cuts", cuts, AtomicLong::get).description("alerts' packets cut from the ring and kept").register(r);
        FunctionCounter.builder(p + "answers", answers, AtomicLong::get).description("fetches answered (packets or why not)").register(r);
        FunctionCounter.builder(p + "requests.refused", refused, AtomicLong::get).description("requests that could not be read, dead-lettered").register(r);
        FunctionCounter.builder(p + "request.failures", failures, AtomicLong::get).description("requests that failed (disk, ring)").register(r);
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) consumer.wakeup();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) producer.close(Duration.ofSeconds(5));
    }
}
