package io.vigil.detector.stage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One bound on the memory RocksDB takes outside the heap, shared by every store of every task
 * in the process: a block cache of {@link #BYTES} that also holds the indexes and filters and is
 * charged for the write buffers (a quarter of it at most). Left to Kafka Streams' defaults each
 * store instance keeps a 50 MB cache and three 16 MB write buffers of its own — the detector has
 * 26 stores, so four partitions could take gigabytes as they warm, and resident memory crept for
 * weeks in {@code vigil bench week} with no sign of where it would stop.
 */
public final class StateMemory implements RocksDBConfigSetter {

    /** The Streams property carrying the bound in bytes; 0 or absent leaves Streams' defaults. */
    public static final String BYTES = "vigil.state.memory.bytes";

    private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

    // Per process and size, never closed: stores open and close as tasks move, the bound stays.
    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object v = configs.get(BYTES);
        long bytes = v == null ? 0 : Long.parseLong(v.toString());
        if (bytes <= 0) return;
        Shared s = SHARED.computeIfAbsent(bytes, b -> {
            // not strict: a strict cache fails reads when write buffers fill it; this one evicts instead
            Cache cache = new LRUCache(b, -1, false, 0.1);
            return new Shared(cache, new WriteBufferManager(b / 4, cache));
        });
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(s.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(s.writeBuffers());
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared: closed with the process
    }
}
