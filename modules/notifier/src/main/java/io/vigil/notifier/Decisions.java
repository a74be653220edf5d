package io.vigil.notifier;

import io.vigil.model.Alert;
import io.vigil.model.DeadLetters;
import io.vigil.model.Suppression;
import io.vigil.model.Topics;
import io.vigil.model.TriageAction;
import io.vigil.runtime.TopicReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What people decided in the console, as the notifier must honour it: suppressions (an alert
 * one matches is not sent; the audit trail says so) from the compacted suppressions topic, and
 * triage (an alert acknowledged or closed is not escalated) from the triage topic. Read whole
 * at start, before the first alert is planned, then followed on the consumer thread, so a
 * suppression made or revoked applies within one poll, without a restart, on every instance.
 * A record that cannot be read is dead-lettered with the reason and counted; the notifier goes
 * on. Consumer thread only.
 */
final class Decisions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Decisions.class);

    private final Topics topics;
    private final Clock clock;
    private final AlertMemory memory;
    private final AuditWriter audit;
    private final AtomicLong invalid;
    private final SuppressionIndex index = new SuppressionIndex();
    private KafkaConsumer<String, byte[]> consumer;

    Decisions(Topics topics, Clock clock, AlertMemory memory, AuditWriter audit, AtomicLong invalid) {
        this.topics = topics;
        this.clock = clock;
        this.memory = memory;
        this.audit = audit;
        this.invalid = invalid;
    }

    /** Reads every suppression and the last week of triage, then keeps the consumer to follow both. */
    void open(Map<String, Object> clientProps, BooleanSupplier running) {
        Map<String, Object> p = TopicReader.readerProps(clientProps, "vigil-notifier-decisions");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> tps = new ArrayList<>();
            for (String t : List.of(topics.suppressions(), topics.triage())) {
                var infos = c.partitionsFor(t, Duration.ofSeconds(10));
                if (infos != null) infos.forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
            }
            if (tps.isEmpty()) {
                c.close();
                log.warn("no suppressions or triage topic; nothing is suppressed and console acknowledgements are not seen");
                return;
            }
            c.assign(tps);
            Map<TopicPartition, Long> since = new HashMap<>();
            long weekAgo = clock.millis() - AlertMemory.MEMORY.toMillis();
            for (TopicPartition tp : tps) since.put(tp, tp.topic().equals(topics.triage()) ? weekAgo : 0L);
            Map<TopicPartition, Long> ends = TopicReader.seekToTimes(c, since, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (running.getAsBoolean() && tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(this::apply);
            }
            log.info("notifier knows suppressions={} in_force={}", index.all().size(), inForce());
            consumer = c;
        } catch (RuntimeException e) {
            log.warn("cannot read suppressions and triage; nothing is suppressed error={}", e.toString());
            c.close();
        }
    }

    /** New decisions, without waiting (consumer thread only). */
    void follow() {
        KafkaConsumer<String, byte[]> c = consumer;
        if (c == null) return;
        try {
            c.poll(Duration.ZERO).forEach(this::apply);
        } catch (RuntimeException e) {
            log.warn("cannot follow suppressions and triage; new ones are not applied error={}", e.toString());
            c.close();
            consumer = null;
        }
    }

    /** The suppression in force that matches {@code a} now, or null. */
    Suppression suppressing(Alert a) {
        return index.match(a, clock.instant());
    }

    /** Suppressions (by id and expiry) already announced as ending: a renewal is a new expiry, announced again. */
    private final Set<String> announced = new HashSet<>();
    private long lastLook;

    /**
     * Suppressions in force that end within a day and have not been announced yet (looked for
     * at most once a minute): whoever relies on one can renew it before alerts come back.
     */
    List<Suppression> endingSoon() {
        long now = clock.millis();
        if (now - lastLook < 60_000) return List.of();
        lastLook = now;
        Instant t = clock.instant();
        List<Suppression> out = new ArrayList<>();
        for (Suppression s : index.all()) {
            if (s.activeAt(t) && s.expiresAt().isBefore(t.plus(Duration.ofDays(1)))
                    && announced.add(s.id() + "@" + s.expiresAt().toEpochMilli())) {
                out.add(s);
            }
        }
        return out;
    }

    /** Suppressions in force now. */
    long inForce() {
        Instant now = clock.instant();
        return index.all().stream().filter(s -> s.activeAt(now)).count();
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(topics.suppressions())) {
                suppression(r.key(), r.value() == null ? null : topics.suppressionRecords().value(r.value()));
            } else if (r.value() != null) {
                TriageAction t = topics.triageRecords().value(r.value());
                if (t.taken()) memory.acknowledge(t.alertId(), "console:" + t.by());
            }
        } catch (SerializationException e) {
            invalid.incrementAndGet();
            log.error("invalid record dead-lettered topic={} partition={} offset={} error={}", r.topic(), r.partition(),
                    r.offset(), e.getMessage());
            audit.deadLetter(DeadLetters.of(topics.deadLetter(), r.key() == null ? null : AuditWriter.utf8(r.key()), r.value(),
                    r.topic(), r.partition(), r.offset(), "notifier", String.valueOf(e.getMessage())));
        }
    }

    private void suppression(String key, Suppression s) {
        String id = key != null ? key : s == null ? null : s.id();
        if (id != null) index.put(id, s);
    }

    @Override
    public void close() {
        KafkaConsumer<String, byte[]> c = consumer;
        consumer = null;
        if (c != null) c.close(Duration.ofSeconds(5));
    }
}
