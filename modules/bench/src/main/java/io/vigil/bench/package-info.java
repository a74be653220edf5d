/**
 * {@code vigil bench}: the measurements behind BENCHMARKS.md — the collector against softflowd
 * and argus, the flow table's memory, the detector's throughput, the notifier against a bare
 * relay, and the soak of the whole pipeline — each printing the command's figures.
 */
package io.vigil.bench;
