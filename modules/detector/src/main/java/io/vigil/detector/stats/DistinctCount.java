package io.vigil.detector.stats;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * How many distinct things (spoofed sources of a flood, names asked of a domain) an episode
 * saw, in about 1 KB whatever the number: an Apache DataSketches HyperLogLog with 2^10
 * registers, within about 3% (one standard error) and near exact while small. Alerts that
 * show it say "about".
 */
public final class DistinctCount {

    private static final int LG_K = 10;

    private final HllSketch sketch;

    public DistinctCount() {
        this.sketch = new HllSketch(LG_K, TgtHllType.HLL_8);
    }

    private DistinctCount(HllSketch sketch) {
        this.sketch = sketch;
    }

    public void add(String item) {
        sketch.update(item);
    }

    public void add(long item) {
        sketch.update(item);
    }

    public long estimate() {
        return Math.round(sketch.getEstimate());
    }

    public byte[] toBytes() {
        return sketch.toCompactByteArray();
    }

    public static DistinctCount fromBytes(byte[] b) {
        return new DistinctCount(HllSketch.heapify(b));
    }
}
