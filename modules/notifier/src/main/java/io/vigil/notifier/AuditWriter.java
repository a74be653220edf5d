package io.vigil.notifier;

import io.vigil.model.Alert;
import io.vigil.model.DeadLetters;
import io.vigil.model.Json;
import io.vigil.model.JsonSerde;
import io.vigil.model.Lifecycle;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's one producer: a {@link NotificationAttempt} for every attempt, digest, dead
 * letter and acknowledgement on {@code vigil.notifications.v1}, and the dead letters
 * themselves. Idempotent with {@code acks=all}: the audit trail is the proof of notification.
 */
final class AuditWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

    private final Topics topics;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;

    AuditWriter(Map<String, Object> clientProps, Topics topics, Clock clock) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigil-notifier-audit");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.clock = clock;
    }

    /** An attempt to deliver {@code a}, stamped now, with the latency from its detection. */
    NotificationAttempt attempt(Alert a, String route, String channel, String event, int attempt, String outcome,
                                String error) {
        Instant sent = clock.instant();
        Instant detected = a.detectedAt();
        long latency;
        try {
            latency = detected == null ? 0 : Duration.between(detected, sent).toMillis();
        } catch (ArithmeticException e) {
            latency = -1; // a time no clock gives (the edge refuses those; this is the last guard)
        }
        return new NotificationAttempt(NotificationAttempt.VERSION, a.id(), a.type().wire(), a.severity().wire(), a.site(),
                route, channel, event, attempt, outcome, error, detected, sent, latency, NotificationAttempt.versionOf(a));
    }

    /** {@code a} was not sent, as {@code event}, because suppression {@code suppressionId} is in force. */
    NotificationAttempt suppressed(Alert a, String event, String suppressionId) {
        return new NotificationAttempt(NotificationAttempt.VERSION, a.id(), a.type().wire(), a.severity().wire(), a.site(),
                null, "-", event, 0, NotificationAttempt.SUPPRESSED, null, a.detectedAt(), clock.instant(), 0,
                NotificationAttempt.versionOf(a), suppressionId);
    }

    /** Someone acknowledged {@code alertId}: the channel is who, the event is how. */
    void acknowledgement(String alertId, String who) {
        write(new NotificationAttempt(NotificationAttempt.VERSION, alertId, null, null, null, null, "ack:" + who,
                Lifecycle.ACKNOWLEDGED.wire(), 0, NotificationAttempt.ACKNOWLEDGED, null, null, clock.instant(), 0));
    }

    void write(NotificationAttempt n) {
        producer.send(new ProducerRecord<>(topics.notifications(), n.alertId(),
                topics.notificationRecords().valueSerializer().serialize(topics.notifications(), n)), (md, e) -> {
                    if (e != null) log.warn("audit record not written alert={} error={}", n.alertId(), e.toString());
                });
    }

    /** {@code a} to the dead-letter topic with the notifier's headers and {@code reason}. */
    void deadLetter(Alert a, String reason) {
        ProducerRecord<byte[], byte[]> r = DeadLetters.of(topics.deadLetter(), utf8(a.id()), utf8(Json.write(a)),
                topics.alerts(), -1, -1, "notifier", reason);
        deadLetter(r);
    }

    /** A dead letter made elsewhere (a record that was not an alert), sent with this producer (its keys are text). */
    void deadLetter(ProducerRecord<byte[], byte[]> r) {
        producer.send(new ProducerRecord<>(r.topic(), null, null, r.key() == null ? null
                : new String(r.key(), StandardCharsets.UTF_8), r.value(), r.headers()));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
