package io.vigil.detector.stage;

import io.vigil.model.FlowRecord;
import java.util.Arrays;
import java.util.BitSet;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts end-of-input markers per run in a store, so that a stage acts only once the markers
 * of every upstream partition have arrived: only then has it seen every flow of the run
 * (each upstream task writes its marker after its flows). Kept in a store so a restart in
 * between forgets nothing.
 */
public final class EndOfInputTracker {

    private final KeyValueStore<String, byte[]> store;
    private final boolean afterRepartition;

    /**
     * @param afterRepartition true for a stage behind a repartition topic (it must hear from
     *     every upstream partition); false for a stage on the flows topic itself (each task
     *     reads one partition, whose marker is all it will get)
     */
    public EndOfInputTracker(KeyValueStore<String, byte[]> store, boolean afterRepartition) {
        this.store = store;
        this.afterRepartition = afterRepartition;
    }

    /**
     * Records a marker read from input partition {@code partition}; true when it completes
     * its run for this task.
     */
    public boolean complete(FlowRecord marker, int partition) {
        return complete(marker.site(), marker.endOfInput(), partition);
    }

    /** As {@link #complete(FlowRecord, int)}, for a marker carried by something other than a flow record. */
    public boolean complete(String site, FlowRecord.EndOfInput eoi, int partition) {
        if (!afterRepartition) return eoi.partition() == partition;
        String key = site + "|" + eoi.run();
        byte[] bits = store.get(key);
        BitSet seen = bits == null ? new BitSet(eoi.partitions()) : BitSet.valueOf(bits);
        seen.set(eoi.partition());
        if (seen.cardinality() >= eoi.partitions()) {
            store.delete(key);
            return true;
        }
        byte[] out = seen.toByteArray();
        store.put(key, Arrays.copyOf(out, Math.max(out.length, 1)));
        return false;
    }
}
