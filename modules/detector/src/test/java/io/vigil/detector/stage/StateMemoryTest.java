package io.vigil.detector.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.detector.DetectorConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class StateMemoryTest {

    static {
        RocksDB.loadLibrary();
    }

    /** Options as Kafka Streams hands them to a config setter: a block-based table already set. */
    private static Options streamsOptions() {
        Options o = new Options();
        o.setTableFormatConfig(new BlockBasedTableConfig());
        o.setCreateIfMissing(true);
        return o;
    }

    @Test
    void everyStoreSharesOneBoundWithIndexesInTheCache() {
        Map<String, Object> configs = Map.of(StateMemory.BYTES, String.valueOf(64L << 20));
        try (Options a = streamsOptions(); Options b = streamsOptions()) {
            new StateMemory().setConfig("host-state", a, configs);
            new StateMemory().setConfig("host-contacts", b, configs);
            assertThat(a.writeBufferManager()).isNotNull().isSameAs(b.writeBufferManager());
            assertThat(((BlockBasedTableConfig) a.tableFormatConfig()).cacheIndexAndFilterBlocks()).isTrue();
            assertThat(((BlockBasedTableConfig) a.tableFormatConfig()).pinTopLevelIndexAndFilter()).isTrue();
        }
    }

    @Test
    void withoutABoundStreamsDefaultsStay() {
        try (Options o = streamsOptions()) {
            new StateMemory().setConfig("host-state", o, Map.of(StateMemory.BYTES, "0"));
            new StateMemory().setConfig("host-state", o, Map.of());
            assertThat(o.writeBufferManager()).isNull();
            assertThat(((BlockBasedTableConfig) o.tableFormatConfig()).cacheIndexAndFilterBlocks()).isFalse();
        }
    }

    @Test
    void aStoreOpensWritesAndReadsUnderTheBound(@TempDir Path dir) throws Exception {
        try (Options o = streamsOptions()) {
            new StateMemory().setConfig("host-state", o, Map.of(StateMemory.BYTES, String.valueOf(32L << 20)));
            try (RocksDB db = RocksDB.open(o, dir.toString()); FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                for (int i = 0; i < 10_000; i++) db.put(("k" + i).getBytes(), ("v" + i).getBytes());
                db.flush(flush);
                assertThat(db.get("k9999".getBytes())).isEqualTo("v9999".getBytes());
            }
        }
    }

    @Test
    void aBoundTooSmallToHoldAnIndexIsRefused() {
        DetectorConfig c = DetectorConfig.defaults(Path.of("/tmp/x"));
        assertThat(c.stateMemoryBytes()).isEqualTo(512L << 20);
        assertThat(c.problems()).isEmpty();
        assertThat(c.withStateMemory(0).problems()).isEmpty();
        assertThat(c.withStateMemory(1 << 20).problems())
                .containsExactly("state-memory: must be at least 16MB (or 0 for Kafka Streams' defaults), got 1048576");
    }
}
