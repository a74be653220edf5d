package io.vigil.console;

import io.vigil.model.ConsoleEvent;
import io.vigil.model.Suppression;
import io.vigil.model.Topics;
import io.vigil.model.TriageAction;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what people do in the console to Kafka: triage actions, suppressions and the console's
 * own audit. Idempotent with {@code acks=all}, and each write waits for Kafka's answer: the page
 * says "done" only for what Kafka has, and says plainly when it could not be saved. Audit events
 * are written the same way but a failed one does not stop the page (it is logged and counted).
 */
public final class Recorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Kafka did not take a write; the page says so and nothing is pretended. */
    public static final class NotSaved extends Exception {
        NotSaved(String what, Throwable cause) {
            super(what + " was not saved: Kafka did not take it (" + (cause.getMessage() == null ? cause : cause.getMessage())
                    + "); try again", cause);
        }
    }

    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong auditFailures = new AtomicLong();

    public Recorder(Map<String, Object> clientProps, Topics topics) {
        Map<String, Object> p = new HashMap<>(clientProps);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, WAIT.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis() - 1000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "vigil-console");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
    }

    /** Every action, or none reported as done: they are sent together and each is waited for. */
    public void triage(List<TriageAction> actions) throws NotSaved {
        List<Future<RecordMetadata>> sent = actions.stream().map(a -> send(new ProducerRecord<>(topics.triage(),
                a.alertId(), topics.triageRecords().valueSerializer().serialize(topics.triage(), a)))).toList();
        await(sent, actions.size() == 1 ? "the action" : "the actions");
    }

    public void suppression(Suppression s) throws NotSaved {
        await(List.of(send(new ProducerRecord<>(topics.suppressions(), s.id(),
                topics.suppressionRecords().valueSerializer().serialize(topics.suppressions(), s)))), "the suppression");
    }

    /** The console's own audit: waited for, but a failure is logged and counted rather than thrown. */
    public void audit(ConsoleEvent e) {
        try {
            await(List.of(send(new ProducerRecord<>(topics.consoleAudit(), e.user(),
                    topics.consoleAuditRecords().valueSerializer().serialize(topics.consoleAudit(), e)))), "the audit record");
        } catch (NotSaved x) {
            auditFailures.incrementAndGet();
            log.error("console audit record not written event={} user={} error={}", e.event(), e.user(), x.getMessage());
        }
    }

    public long auditFailures() {
        return auditFailures.get();
    }

    /** A send, its synchronous failures (no metadata in time, say) turned into a failed future. */
    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> r) {
        try {
            return producer.send(r);
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void await(List<Future<RecordMetadata>> sent, String what) throws NotSaved {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new NotSaved(what, e.getCause());
            } catch (TimeoutException e) {
                throw new NotSaved(what, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotSaved(what, e);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
