/**
 * Plumbing shared by the detectors: the base of every stage ({@link io.vigil.detector.internal.Stage},
 * with its episodes and end-of-input tracker), alert episodes and their deterministic ids, the
 * binary state codecs, the partitioner that broadcasts end-of-input markers to every partition
 * of a repartition topic, and the tracker that knows when every upstream partition's marker
 * has arrived.
 */
package io.vigil.detector.internal;
