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
 * An indicator that cannot be read is counted and named in a log line (at most one a minute),
 * and the rest go on: a global thread has no dead-letter topic to write to.
 */
public final class IndicatorUpdater implements Processor<String, byte[], Void, Void> {

    public static final String STORE = "indicators";
    private static final Logger log = LoggerFactory.getLogger(IndicatorUpdater.class);
    private static final JsonSerde<Indicator> SERDE = JsonSerde.indicators();

    private final IndicatorIndex index;
    private KeyValueStore<String, byte[]> store;
    private long lastLog;

    public IndicatorUpdater(IndicatorIndex index) {
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                Indicator i = read(kv.key, kv.value);
                if (i != null) index.add(i);
            }
        }
        log.info("threat indicators loaded {}", index.sizes());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            refuse("(no key)", "a record without a key");
            return;
        }
        if (record.value() == null) { // a tombstone: the source withdrew it or it expired
            store.delete(key);
            index.remove(key);
            return;
        }
        Indicator i = read(key, record.value());
        if (i == null) return;
        index.remove(key);
        store.put(key, record.value());
        index.add(i);
    }

    /** The indicator in {@code bytes}; null (counted and said) when it is not one. */
    private Indicator read(String key, byte[] bytes) {
        try {
            Indicator i = SERDE.deserialize("the indicators topic", bytes);
            List<String> p = i == null ? List.of("empty") : i.problems();
            if (!p.isEmpty()) return refuse(key, String.join("; ", p));
            if (!key.equals(i.key())) return refuse(key, "the key does not match the indicator " + i.key());
            return i;
        } catch (RuntimeException e) {
            return refuse(key, e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private Indicator refuse(String key, String why) {
        long n = index.refused();
        long now = System.currentTimeMillis();
        if (now - lastLog > 60_000) {
            lastLog = now;
            log.warn("threat indicator refused key={} reason=\"{}\" refused_so_far={}", key, why, n);
        }
        return null;
    }
}
