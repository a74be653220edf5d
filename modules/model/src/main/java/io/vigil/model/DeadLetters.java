package io.vigil.model;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What every role puts on {@code vigil.deadletter.v1}: the original record's key and bytes,
 * and the same headers whoever wrote it, so one consumer (or an analyst with a console
 * consumer) can tell where a record came from and why it was set aside.
 */
public final class DeadLetters {

    public static final String SOURCE_TOPIC = "vigil.source.topic";
    public static final String SOURCE_PARTITION = "vigil.source.partition";
    public static final String SOURCE_OFFSET = "vigil.source.offset";
    public static final String ROLE = "vigil.role";
    public static final String REASON = "vigil.reason";

    /** Reasons are cut here: a record's own content may be in them, and a header is no place for a megabyte. */
    static final int MAX_REASON = 500;

    private DeadLetters() {}

    /** The dead letter of a record read from {@code topic}/{@code partition} at {@code offset} (-1 when unknown). */
    public static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, byte[] key, byte[] value, String topic,
                                                    int partition, long offset, String role, String reason) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(deadLetterTopic, null, null, key, value);
        Headers h = r.headers();
        h.add(SOURCE_TOPIC, utf8(topic == null ? "" : topic));
        h.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        h.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        h.add(ROLE, utf8(role));
        h.add(REASON, utf8(reason(reason)));
        return r;
    }

    /** The reason, on one line and at most {@link #MAX_REASON} characters. */
    public static String reason(String reason) {
        String r = reason == null ? "unknown" : oneLine(reason);
        return r.length() <= MAX_REASON ? r : r.substring(0, MAX_REASON) + "…";
    }

    /** Every control character (not only line breaks) as a space: a reason may quote a hostile record. */
    public static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}+", " ");
    }

    /** A header's value as text, or null when absent. */
    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
