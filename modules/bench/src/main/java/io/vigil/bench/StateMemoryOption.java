package io.vigil.bench;

import io.vigil.detector.DetectorConfig;
import picocli.CommandLine.Option;

/** The detector benchmarks' bound on RocksDB's memory (a picocli mixin): the product's unless given. */
final class StateMemoryOption {

    @Option(names = "--state-memory-mb",
            description = "RocksDB's block cache and write buffers shared by every store, MB (default: the detector's "
                    + "state-memory; 0: Kafka Streams' defaults, a cache per store)")
    Integer megabytes;

    DetectorConfig apply(DetectorConfig c) {
        return megabytes == null ? c : c.withStateMemory((long) megabytes << 20);
    }
}
