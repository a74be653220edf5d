package io.vigil.detector.intel;

import io.vigil.model.Indicator;
import io.vigil.model.JsonSerde;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global indicator store and the in-memory {@link IndicatorIndex} in step with the
 * compacted indicators topic, on the global stream thread: a new list takes effect within a
 * poll, with no restart. The store holds the topic's bytes, so that a restore that bypasses
 * this processor writes the same thing; at {@link #init} the index is rebuilt from the store.
 * An indicator that cannot be read is counted, named in a log line (at most one a minute) and
 * handed to {@link DeadLetters} with the reason; the rest go on.
 */
public final class IndicatorUpdater implements Processor<String, byte[], Void, Void> {

    public static final String STORE = "indicators";
    private static final Logger log = LoggerFactory.getLogger(IndicatorUpdater.class);
    private static final JsonSerde<Indicator> SERDE = JsonSerde.indicators();

    /** Where a record that cannot be read goes: the dead-letter topic, with the reason. */
    @FunctionalInterface
    public interface DeadLetters {
        void refused(String key, byte[] value, String topic, int partition, long offset, String reason);
    }

    private final IndicatorIndex index;
    private final DeadLetters deadLetters;
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;
    private long lastLog;

    public IndicatorUpdater(IndicatorIndex index, DeadLetters deadLetters) {
        this.index = index;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(STORE);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                Indicator i = read(kv.key, kv.value, new String[1]);
                if (i != null) index.add(i);
            }
        }
        log.info("threat indicators loaded {}", index.sizes());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            deadLetter(null, record.value(), refuse("(no key)", "a record without a key"));
            return;
        }
        if (record.value() == null) { // a tombstone: the source withdrew it or it expired
            store.delete(key);
            index.remove(key);
            return;
        }
        String[] why = new String[1];
        Indicator i = read(key, record.value(), why);
        if (i == null) {
            deadLetter(key, record.value(), why[0]);
            return;
        }
        index.remove(key);
        store.put(key, record.value());
        index.add(i);
    }

    /** The indicator in {@code bytes}; null (counted and said, the reason in {@code why[0]}) when it is not one. */
    private Indicator read(String key, byte[] bytes, String[] why) {
        try {
            Indicator i = SERDE.deserialize("the indicators topic", bytes);
            List<String> p = i == null ? List.of("empty") : i.problems();
            if (!p.isEmpty()) why[0] = refuse(key, String.join("; ", p));
            else if (!key.equals(i.key())) why[0] = refuse(key, "the key does not match the indicator " + i.key());
            else return i;
        } catch (RuntimeException e) {
            why[0] = refuse(key, e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
        }
        return null;
    }

    /** A live record that cannot be used goes to the dead-letter topic (at start, the store's copy is only counted). */
    private void deadLetter(String key, byte[] value, String why) {
        var m = context.recordMetadata();
        deadLetters.refused(key, value, m.map(x -> x.topic()).orElse(null), m.map(x -> x.partition()).orElse(-1),
                m.map(x -> x.offset()).orElse(-1L), why);
    }

    /** Counts and (once a minute) logs a refusal; returns the reason. */
    private String refuse(String key, String why) {
        long n = index.refused();
        long now = System.currentTimeMillis();
        if (now - lastLog > 60_000) {
            lastLog = now;
            log.warn("threat indicator refused key={} reason=\"{}\" refused_so_far={}", key, why, n);
        }
        return why;
    }
}
