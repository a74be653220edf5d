/**
 * Plumbing shared by the detectors: deterministic alert ids, the partitioner that
 * broadcasts end-of-input markers to every partition of a repartition topic, and the
 * tracker that knows when every upstream partition's marker has arrived.
 */
package io.vigil.detector.internal;
