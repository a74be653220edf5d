package io.vigil.detector.stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A stage's store with its values held decoded in memory between commits: a put only marks the
 * key, and each key changed since the last commit is encoded and written once — to RocksDB and
 * the changelog — when Streams flushes the task's caches just before it commits. Reads of a held
 * key cost a hash lookup.
 *
 * <p>Why: the detector touches a host's few records again and again, flow after flow. Through
 * Streams' own record cache every get decoded the value and searched an ordered map of byte
 * keys, every put encoded it, and the cache was searched again at each commit — together about
 * half of the detector's time (the profile of issue 25, docs in BENCHMARKS.md). What reaches the
 * changelog is the same: the value of each key as of the commit, inside the same transaction,
 * before the input offsets are committed, so exactly-once and restores are as before.
 *
 * <p>The hook is Streams' {@code CachedStateStore#flushCache}, called for every registered store
 * before the task's records are flushed and its transaction committed ({@code StreamTask#flush},
 * Kafka Streams 4.3); {@link #clearCache()} drops what a dirty close must not keep. Iterators and
 * counts first write what is held, so a scan sees every put. Values are shared with the caller:
 * change one only to {@link #put} it back (every stage does).
 */
final class HeldStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V> implements KeyValueStore<String, V> {

    /**
     * Clean values kept per store and task, least recently used first out. More than a task's
     * hosts in a large trust (10 000 hosts over four partitions): a key dropped and read again
     * costs a decode, and a cycle through more keys than are kept would miss every time.
     */
    static final int KEEP = 32_768;

    /** A held value; changed since the last commit while {@code dirty}. */
    private static final class Held<V> {
        final String key;
        V value;
        boolean dirty;

        Held(String key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    /** The changed values, in the order first changed since the last commit. */
    private final List<Held<V>> changed = new ArrayList<>();
    /** In access order: trimmed to {@link #KEEP}, least recently used first, once each commit has written them. */
    private final Map<String, Held<V>> held = new LinkedHashMap<>(256, 0.75f, true);

    HeldStore(KeyValueStore<String, V> inner) {
        super(inner);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forget();
        super.init(context, root);
    }

    @Override
    public V get(String key) {
        Held<V> h = held.get(key);
        if (h != null) return h.value;
        V v = wrapped().get(key);
        if (v != null) held.put(key, new Held<>(key, v));
        return v;
    }

    @Override
    public void put(String key, V value) {
        if (value == null) {
            delete(key);
            return;
        }
        Held<V> h = held.get(key);
        if (h == null) {
            h = new Held<>(key, value);
            held.put(key, h);
        } else {
            h.value = value;
        }
        if (!h.dirty) {
            h.dirty = true;
            changed.add(h);
        }
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V v = get(key);
        if (v == null) put(key, value);
        return v;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        for (KeyValue<String, V> e : entries) put(e.key, e.value);
    }

    @Override
    public V delete(String key) {
        Held<V> was = held.remove(key);
        if (was != null) was.dirty = false; // left in the list, skipped when written
        V stored = wrapped().delete(key);
        return was != null ? was.value : stored;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        write();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        write();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        write();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        write();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
        write();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        write();
        return wrapped().approximateNumEntries();
    }

    @Override
    public void flushCache() {
        write();
        if (held.size() > KEEP) {
            var it = held.entrySet().iterator();
            for (int extra = held.size() - KEEP; extra > 0 && it.hasNext(); extra--) {
                it.next();
                it.remove();
            }
        }
        super.flushCache();
    }

    @Override
    public void clearCache() {
        forget();
        super.clearCache();
    }

    @Override
    public void close() {
        forget();
        super.close();
    }

    /** Writes each changed value once, in the order first changed. */
    private void write() {
        if (changed.isEmpty()) return;
        KeyValueStore<String, V> inner = wrapped();
        for (Held<V> h : changed) {
            if (!h.dirty) continue;
            inner.put(h.key, h.value);
            h.dirty = false;
        }
        changed.clear();
    }

    private void forget() {
        held.clear();
        changed.clear();
    }

    /** Builds the inner store as {@code inner} says, without Streams' record cache, and holds it. */
    static <V> StoreBuilder<KeyValueStore<String, V>> builder(StoreBuilder<KeyValueStore<String, V>> inner) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
                inner.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
                inner.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<String, V> build() {
                return new HeldStore<>(inner.withCachingDisabled().build());
            }

            @Override
            public Map<String, String> logConfig() {
                return inner.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return inner.loggingEnabled();
            }

            @Override
            public String name() {
                return inner.name();
            }
        };
    }
}
