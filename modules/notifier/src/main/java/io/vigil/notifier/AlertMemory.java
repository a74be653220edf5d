package io.vigil.notifier;

import io.vigil.model.Alert;
import io.vigil.model.Lifecycle;
import io.vigil.model.NotificationAttempt;
import io.vigil.runtime.TopicReader;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the notifier knows of alerts, rebuilt from the audit trail at start and kept current by
 * following it: which alert ids reached someone (so a later record is {@code updated}, not
 * {@code raised} again), which record of an alert each channel delivered (so a record read
 * again after a crash is not sent twice), and who acknowledged what — also through another
 * instance. Alerts unheard of for a week are forgotten, hourly.
 */
final class AlertMemory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertMemory.class);
    static final Duration MEMORY = Duration.ofDays(7);

    private final Clock clock;
    /** Alert id to when it was last notified. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    /** Per alert, "channel|version" of every record a channel delivered. */
    private final Map<String, Set<String>> notified = new ConcurrentHashMap<>();
    /** Alert id to who acknowledged it. */
    private final Map<String, String> acks = new ConcurrentHashMap<>();
    /** The audit topic, followed after the rebuild (consumer thread only). */
    private volatile KafkaConsumer<String, NotificationAttempt> trail;
    private long lastForget;

    AlertMemory(Clock clock) {
        this.clock = clock;
    }

    /** The event a record of {@code a} is, and the alert is known from now on. */
    Lifecycle eventFor(Alert a) {
        Lifecycle e = Alert.ENDED.equals(a.status()) ? Lifecycle.ENDED
                : seen.containsKey(a.id()) ? Lifecycle.UPDATED : Lifecycle.RAISED;
        seen.put(a.id(), clock.millis());
        return e;
    }

    boolean known(String alertId) {
        return seen.containsKey(alertId);
    }

    /** Whether this very record of {@code a} already reached {@code channel}. */
    boolean delivered(Alert a, String channel) {
        Set<String> done = notified.get(a.id());
        return done != null && done.contains(channel + "|" + NotificationAttempt.versionOf(a));
    }

    void rememberDelivered(String alertId, String channel, String version) {
        if (version != null) notified.computeIfAbsent(alertId, k -> ConcurrentHashMap.newKeySet()).add(channel + "|" + version);
    }

    /** Records who acknowledged; the first acknowledgement stands. */
    void acknowledge(String alertId, String who) {
        acks.putIfAbsent(alertId, who);
    }

    boolean acknowledged(String alertId) {
        return acks.containsKey(alertId);
    }

    /** Forgets alerts not heard of for a week, at most hourly. */
    void forget() {
        long now = clock.millis();
        if (now - lastForget < 3_600_000L) return;
        lastForget = now;
        long horizon = now - MEMORY.toMillis();
        seen.values().removeIf(t -> t < horizon);
        acks.keySet().retainAll(seen.keySet());
        notified.keySet().retainAll(seen.keySet());
    }

    /** Reads the last week of the audit trail, then keeps the consumer to follow it. */
    void rebuild(Map<String, Object> clientProps, String topic, BooleanSupplier running) {
        Map<String, Object> p = TopicReader.readerProps(clientProps, "vigil-notifier-trail");
        KafkaConsumer<String, NotificationAttempt> c = new KafkaConsumer<>(p, new StringDeserializer(), AuditTrail.lenient());
        try {
            List<TopicPartition> tps = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (tps.isEmpty()) {
                c.close();
                return;
            }
            c.assign(tps);
            Map<TopicPartition, Long> since = new HashMap<>();
            long from = clock.millis() - MEMORY.toMillis();
            tps.forEach(tp -> since.put(tp, from));
            Map<TopicPartition, Long> ends = TopicReader.seekToTimes(c, since, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (running.getAsBoolean() && tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                learn(c.poll(Duration.ofMillis(200)));
            }
            if (!seen.isEmpty()) log.info("notifier remembers alerts={} acknowledged={}", seen.size(), acks.size());
            // Kept open and followed: an acknowledgement taken by another instance (behind a
            // load balancer) must stop this instance's escalation too.
            trail = c;
        } catch (RuntimeException e) {
            log.warn("cannot read the audit trail; every alert will count as new error={}", e.toString());
            c.close();
        }
    }

    /** New audit records from every instance, without waiting (consumer thread only). */
    void follow() {
        KafkaConsumer<String, NotificationAttempt> t = trail;
        if (t == null) return;
        try {
            learn(t.poll(Duration.ZERO));
        } catch (RuntimeException e) {
            log.warn("cannot follow the audit trail; acknowledgements taken by other instances are not seen error={}",
                    e.toString());
            t.close();
            trail = null;
        }
    }

    private void learn(Iterable<ConsumerRecord<String, NotificationAttempt>> records) {
        long horizon = clock.millis() - MEMORY.toMillis();
        for (ConsumerRecord<String, NotificationAttempt> r : records) {
            NotificationAttempt n = r.value();
            if (n == null) continue;
            if (n.sentAt() != null && n.sentAt().toEpochMilli() < horizon) continue; // forgotten already
            if (NotificationAttempt.ACKNOWLEDGED.equals(n.outcome())) {
                acks.putIfAbsent(n.alertId(), n.channel());
            } else if (!NotificationAttempt.FAILED.equals(n.outcome()) && !NotificationAttempt.SUPPRESSED.equals(n.outcome())) {
                // Only an alert that reached someone is known: one that merely failed, or was
                // suppressed, must come back as "raised", or channels for people would skip it.
                seen.put(n.alertId(), n.sentAt() == null ? clock.millis() : n.sentAt().toEpochMilli());
                if (NotificationAttempt.DELIVERED.equals(n.outcome())) rememberDelivered(n.alertId(), n.channel(), n.alertVersion());
            }
        }
    }

    @Override
    public void close() {
        KafkaConsumer<String, NotificationAttempt> t = trail;
        trail = null;
        if (t != null) t.close(Duration.ofSeconds(5));
    }
}
