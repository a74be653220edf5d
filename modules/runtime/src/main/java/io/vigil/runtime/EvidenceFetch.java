package io.vigil.runtime;

import io.vigil.model.Alert;
import io.vigil.model.EvidenceChunk;
import io.vigil.model.EvidenceRequest;
import io.vigil.model.Topic;
import io.vigil.model.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Asks for the packets behind an alert and puts the answer together: the request goes on
 * {@code vigil.evidence-requests.v1} (which is also the record of who asked), the collector of
 * the alert's site answers on {@code vigil.evidence.v1} in chunks, and the pcap counts only when
 * every chunk is there and the whole has the length and SHA-256 the collector stated. For the
 * console and {@code vigil evidence get}; no consumer group, so nothing of a role is disturbed.
 */
public final class EvidenceFetch {

    /**
     * The answer: packets ({@code pcap}) when {@code status} is ok or partial; otherwise why not.
     * {@code status} {@code timeout}: no collector of the site answered in time.
     */
    public record Result(String status, String reason, String collector, long packets, byte[] pcap) {
        public static final String TIMEOUT = "timeout", DAMAGED = "damaged";

        public boolean hasPackets() {
            return pcap != null;
        }
    }

    /** After an answer without packets, how long another collector of the site may still send some. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private EvidenceFetch() {}

    /** The alert {@code id} as the alerts topic holds it now, read from the partition its key goes to. */
    public static Optional<Alert> findAlert(Map<String, Object> clientProps, Topics topics, String id, Duration timeout) {
        Topic<String, Alert> t = topics.alertRecords();
        try (KafkaConsumer<String, byte[]> c = consumer(clientProps)) {
            List<PartitionInfo> parts = c.partitionsFor(t.name(), timeout);
            if (parts == null || parts.isEmpty()) throw new IllegalStateException("topic " + t.name() + " does not exist");
            // where the default partitioner (the detector's) put that key
            int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % parts.size();
            TopicPartition tp = new TopicPartition(t.name(), p);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp), timeout).get(tp);
            Alert found = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (c.position(tp, timeout) < end) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("reading " + t.name() + " took over " + timeout.toSeconds() + " s");
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (!id.equals(r.key())) continue;
                    try {
                        found = r.value() == null ? null : t.value(r.value());
                    } catch (SerializationException e) {
                        // not a current value of that alert
                    }
                }
            }
            return Optional.ofNullable(found);
        }
    }

    /** Sends {@code request} and waits up to {@code timeout} for its answer. */
    public static Result fetch(Map<String, Object> clientProps, Topics topics, EvidenceRequest request, Duration timeout) {
        Topic<String, EvidenceChunk> answers = topics.evidenceRecords();
        try (KafkaConsumer<String, byte[]> c = consumer(clientProps)) {
            List<TopicPartition> parts = c.partitionsFor(answers.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToEnd(parts);
            for (TopicPartition tp : parts) c.position(tp, timeout); // fixed before the request goes
            send(clientProps, topics, request, timeout);
            Map<String, Assembly> byCollector = new LinkedHashMap<>();
            Result refusal = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (!request.id().equals(r.key()) || r.value() == null) continue;
                    EvidenceChunk ch;
                    try {
                        ch = answers.value(r.value());
                    } catch (SerializationException e) {
                        continue; // a damaged chunk leaves its answer incomplete: it is not taken
                    }
                    if (!ch.hasPackets()) {
                        if (refusal == null) {
                            refusal = new Result(ch.status(), ch.reason(), ch.collector(), 0, null);
                            deadline = Math.min(deadline, System.nanoTime() + GRACE.toNanos());
                        }
                        continue;
                    }
                    Assembly a = byCollector.computeIfAbsent(String.valueOf(ch.collector()), k -> new Assembly(ch));
                    Result done = a.add(ch);
                    if (done != null) return done;
                }
            }
            return refusal != null ? refusal : new Result(Result.TIMEOUT, "no collector of site " + request.site()
                    + " answered within " + timeout.toSeconds() + " s (is its packet ring on, and is it running?)", null, 0, null);
        }
    }

    private static void send(Map<String, Object> clientProps, Topics topics, EvidenceRequest request, Duration timeout) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        Topic<String, EvidenceRequest> t = topics.evidenceRequestRecords();
        try (KafkaProducer<String, EvidenceRequest> producer = t.producer(p)) {
            producer.send(new ProducerRecord<>(t.name(), request.alertId(), request)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the request: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> clientProps) {
        Map<String, Object> c = new HashMap<>(clientProps);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** One collector's chunks of one answer, put together when all are in. */
    private static final class Assembly {
        final byte[][] parts;
        final EvidenceChunk first;
        int have;

        Assembly(EvidenceChunk first) {
            this.first = first;
            this.parts = new byte[first.chunks()][];
        }

        /** The result once every chunk is in; null before. */
        Result add(EvidenceChunk ch) {
            if (ch.chunks() != parts.length || parts[ch.seq()] != null) return null; // a repeat, after a retry
            parts[ch.seq()] = ch.data();
            if (++have < parts.length) return null;
            ByteArrayOutputStream all = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, first.size()));
            for (byte[] p : parts) all.writeBytes(p);
            byte[] pcap = all.toByteArray();
            String sha = sha256(pcap);
            if (pcap.length != first.size() || !sha.equals(first.sha256())) {
                return new Result(Result.DAMAGED, "the answer of collector " + first.collector() + " has " + pcap.length
                        + " bytes with SHA-256 " + sha + "; it stated " + first.size() + " bytes with " + first.sha256(),
                        first.collector(), 0, null);
            }
            return new Result(first.status(), first.reason(), first.collector(), first.packets(), pcap);
        }
    }

    /** The SHA-256 of {@code file}'s bytes, hex, read as a stream. */
    public static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The SHA-256 of {@code b}, hex: what an evidence answer states and its requester checks. */
    public static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
