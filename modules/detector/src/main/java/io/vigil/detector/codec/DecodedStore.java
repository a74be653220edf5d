package io.vigil.detector.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A state store with the decoded values of its most recently used keys kept in memory.
 *
 * <p>Why: a processor reads and writes the same keys flow after flow (a scanner's state, an
 * open episode), and decoding the value from the store each time was the largest cost in the
 * detector. Writes go through to the store at once, so the store (and its changelog) stays
 * the truth and a restart or rebalance loses nothing; the cache belongs to one processor
 * instance (one task, one thread), and a new instance starts empty. Values read through
 * {@link #all()} come from the store: write back what you change with {@link #put}.
 */
public final class DecodedStore<V> {

    private final KeyValueStore<String, V> store;
    private final Map<String, V> cache;

    public DecodedStore(KeyValueStore<String, V> store, int entries) {
        this.store = store;
        this.cache = new LinkedHashMap<>(Math.min(entries, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > entries;
            }
        };
    }

    public V get(String key) {
        V v = cache.get(key);
        if (v == null) {
            v = store.get(key);
            if (v != null) cache.put(key, v);
        }
        return v;
    }

    public void put(String key, V value) {
        store.put(key, value);
        cache.put(key, value);
    }

    public void delete(String key) {
        store.delete(key);
        cache.remove(key);
    }

    /** Every entry, decoded from the store (not the cache). */
    public KeyValueIterator<String, V> all() {
        return store.all();
    }
}
