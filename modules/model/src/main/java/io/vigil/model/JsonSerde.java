package io.vigil.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one record type in the shared JSON dialect. Deserialisation validates the
 * record and throws {@link SerializationException} with the reason, so a bad record is routed
 * to the dead-letter topic with a message a person can act on, never half-processed.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    /** Bytes to a record; may throw Jackson's exceptions, which become a {@link SerializationException}. */
    @FunctionalInterface
    private interface Read<T> {
        T read(byte[] data) throws IOException;
    }

    /** A record to bytes. */
    @FunctionalInterface
    private interface Write<T> {
        byte[] write(T value) throws IOException;
    }

    private final Class<T> type;
    private final Read<T> read;
    private final Write<T> write;
    private final Function<T, List<String>> validator;

    /**
     * A serde bound by Jackson's data binding. The binding is made on first use, not here: the
     * processors declare their stores' serdes as constants, and every command (even
     * {@code --version}) loads those classes for their declared settings — building Jackson's
     * mapper and readers there cost half a second of each command's start.
     */
    public JsonSerde(Class<T> type, Function<T, List<String>> validator) {
        Bound<T> bound = new Bound<>(type);
        this.type = type;
        this.read = data -> bound.reader().readValue(data);
        this.write = value -> bound.writer().writeValueAsBytes(value);
        this.validator = validator;
    }

    /** Jackson's reader and writer for one type, made once on first use (a race makes them twice, harmlessly). */
    private static final class Bound<T> {
        private final Class<T> type;
        private volatile ObjectReader reader;
        private volatile ObjectWriter writer;

        Bound(Class<T> type) {
            this.type = type;
        }

        ObjectReader reader() {
            ObjectReader r = reader;
            if (r == null) reader = r = Json.MAPPER.readerFor(type);
            return r;
        }

        ObjectWriter writer() {
            ObjectWriter w = writer;
            if (w == null) writer = w = Json.MAPPER.writerFor(type);
            return w;
        }
    }

    private JsonSerde(Class<T> type, Function<T, List<String>> validator, Read<T> read, Write<T> write) {
        this.type = type;
        this.read = read;
        this.write = write;
        this.validator = validator;
    }

    /**
     * Flow records, the bulk of the traffic, skip data binding both ways: {@link FlowRecordJson}
     * writes them, {@link FlowRecordReader} reads them (the same dialect, several times faster).
     */
    public static JsonSerde<FlowRecord> flows() {
        ThreadLocal<FlowRecordJson> json = ThreadLocal.withInitial(FlowRecordJson::new);
        return new JsonSerde<>(FlowRecord.class, FlowRecord::problems, FlowRecordReader::read, f -> json.get().toBytes(f));
    }

    /**
     * Flow records written in {@link FlowRecordBinary}'s compact encoding; read in either, like
     * {@link #flows()} (a reader tells them apart by the first byte).
     */
    public static JsonSerde<FlowRecord> binaryFlows() {
        return new JsonSerde<>(FlowRecord.class, FlowRecord::problems, FlowRecordReader::read, FlowRecordBinary::write);
    }

    public static JsonSerde<Alert> alerts() {
        return new JsonSerde<>(Alert.class, Alert::problems);
    }

    public static JsonSerde<Heartbeat> heartbeats() {
        return new JsonSerde<>(Heartbeat.class, Heartbeat::problems);
    }

    public static JsonSerde<NotificationAttempt> notifications() {
        return new JsonSerde<>(NotificationAttempt.class, NotificationAttempt::problems);
    }

    public static JsonSerde<SiteTraffic> traffic() {
        return new JsonSerde<>(SiteTraffic.class, SiteTraffic::problems);
    }

    public static JsonSerde<Indicator> indicators() {
        return new JsonSerde<>(Indicator.class, Indicator::problems);
    }

    public static JsonSerde<TriageAction> triage() {
        return new JsonSerde<>(TriageAction.class, TriageAction::problems);
    }

    public static JsonSerde<Suppression> suppressions() {
        return new JsonSerde<>(Suppression.class, Suppression::problems);
    }

    public static JsonSerde<ConsoleEvent> consoleEvents() {
        return new JsonSerde<>(ConsoleEvent.class, ConsoleEvent::problems);
    }

    public static JsonSerde<EvidenceRequest> evidenceRequests() {
        return new JsonSerde<>(EvidenceRequest.class, EvidenceRequest::problems);
    }

    public static JsonSerde<EvidenceChunk> evidenceChunks() {
        return new JsonSerde<>(EvidenceChunk.class, EvidenceChunk::problems);
    }

    public static JsonSerde<EndOfInputAck> acks() {
        return new JsonSerde<>(EndOfInputAck.class, EndOfInputAck::problems);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) return null;
        try {
            return write.write(data);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " for topic " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) return null;
        T value;
        try {
            value = read.read(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException(DeadLetters.oneLine("not a valid " + type.getSimpleName() + " on " + topic + ": "
                    + e.getOriginalMessage() + locationOf(e)));
        } catch (FlowRecordBinary.Malformed e) {
            throw new SerializationException(DeadLetters.oneLine("not a valid " + type.getSimpleName() + " on " + topic + ": "
                    + e.getMessage()));
        } catch (IOException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " on " + topic, e);
        }
        if (value == null) throw new SerializationException("empty " + type.getSimpleName() + " on " + topic);
        List<String> problems = validator.apply(value);
        if (!problems.isEmpty()) {
            throw new SerializationException(DeadLetters.oneLine("invalid " + type.getSimpleName() + " on " + topic + ": "
                    + String.join("; ", problems)));
        }
        return value;
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (at column " + e.getLocation().getColumnNr() + ")";
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
}
