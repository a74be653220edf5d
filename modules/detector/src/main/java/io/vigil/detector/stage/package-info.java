/**
 * What every stage of the topology is built on: the processor bases ({@code StageProcessor},
 * {@code FlowProcessor}), the stores a stage declares and asks Streams for ({@code Store}; their
 * values held decoded between commits by {@code HeldStore}; RocksDB's memory bounded for all of
 * them by {@code StateMemory}), the
 * end-of-input protocol (markers broadcast to every partition, acknowledged per stage), the edge
 * checks and the dead-letter handler that keep a bad record from stopping the pipeline.
 */
package io.vigil.detector.stage;
