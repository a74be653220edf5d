package io.vigil.detector.stage;

import io.vigil.model.DeadLetters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's answer to a record it cannot read, a processor that throws on one record, and
 * a write the broker refuses: the record goes to the dead-letter topic with Vigil's headers
 * (source topic, partition, offset, role, reason), it is counted, one line is logged, and
 * processing goes on. One bad record must never stop a stream thread: before this, a null
 * value killed the thread every 45 s forever and the sites of its partition got no alerts.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler,
        ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
    /** Counts per application id and kind (read, process, write), for the role's metrics. */
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private String topic;
    private String app;

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        topic = t == null ? "vigil.deadletter.v1" : t.toString();
        Object a = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        app = a == null ? "" : a.toString();
    }

    /** Records set aside by application {@code app} for {@code kind} (read, process or write). */
    public static long count(String app, String kind) {
        AtomicLong n = COUNTS.get(app + "|" + kind);
        return n == null ? 0 : n.get();
    }

    private void counted(String kind, String where, String reason) {
        long n = COUNTS.computeIfAbsent(app + "|" + kind, k -> new AtomicLong()).incrementAndGet();
        // One line per record at first, then one in a thousand: a flood of junk must not flood the log.
        if (n <= 100 || n % 1000 == 0) {
            log.warn("record dead-lettered kind={} {} count={} reason={}", kind, where, n, DeadLetters.reason(reason));
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record, Exception e) {
        String reason = message(e);
        counted("read", "topic=" + record.topic() + " partition=" + record.partition() + " offset=" + record.offset(), reason);
        return DeserializationExceptionHandler.Response.resume(List.of(DeadLetters.of(topic, record.key(), record.value(),
                record.topic(), record.partition(), record.offset(), "detector", reason)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
        String reason = "processor " + context.processorNodeId() + " failed: " + message(e);
        counted("process", "topic=" + context.topic() + " partition=" + context.partition() + " offset=" + context.offset(),
                reason);
        return ProcessingExceptionHandler.Response.resume(List.of(DeadLetters.of(topic, context.sourceRawKey(),
                context.sourceRawValue(), context.topic(), context.partition(), context.offset(), "detector", reason)));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record, Exception e) {
        String reason = "could not write to " + record.topic() + ": " + message(e);
        counted("write", "topic=" + record.topic(), reason);
        // A record too large for its topic is too large for the dead-letter topic too: its headers say what it was.
        byte[] value = e instanceof RecordTooLargeException ? null : record.value();
        byte[] key = e instanceof RecordTooLargeException ? null : record.key();
        return ProductionExceptionHandler.Response.resume(List.of(DeadLetters.of(topic, key, value, context.topic(),
                context.partition(), context.offset(), "detector", reason)));
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
                                                                        ProducerRecord record, Exception e,
                                                                        SerializationExceptionOrigin origin) {
        String reason = "could not serialise a record for " + record.topic() + " (" + origin + "): " + message(e);
        counted("write", "topic=" + record.topic(), reason);
        return ProductionExceptionHandler.Response.resume(List.of(DeadLetters.of(topic, context.sourceRawKey(),
                context.sourceRawValue(), context.topic(), context.partition(), context.offset(), "detector", reason)));
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
