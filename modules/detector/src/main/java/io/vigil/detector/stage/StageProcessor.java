package io.vigil.detector.stage;

import io.vigil.detector.episode.Episodes;
import io.vigil.detector.message.Emitted;
import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.EndOfInputAck;
import io.vigil.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What every detecting stage of the topology has: each site's thresholds, the allowlist, its
 * context once Streams hands it over, its alert episodes and its tracker of end-of-input
 * markers (each on a store of the stage's own). A stage opens its other stores in {@link #open}.
 *
 * @param <V> what the stage reads (flows, peer events, heartbeats)
 */
public abstract class StageProcessor<V> implements Processor<String, V, String, Emitted> {

    protected final Function<String, Thresholds> thresholds;
    protected final Allowlist allowlist;
    protected ProcessorContext<String, Emitted> context;
    protected Episodes episodes;
    /** Null for a stage that reads no file sources (heartbeats). */
    protected EndOfInputTracker markers;
    private final String stage;
    private final boolean readsMarkers;
    private final boolean afterRepartition;

    /**
     * @param stage the stage's name, which names its stores ({@link #stores})
     * @param readsMarkers true for a stage that reads file sources' end-of-input markers
     * @param afterRepartition true for a stage behind a repartition topic ({@link EndOfInputTracker})
     */
    protected StageProcessor(Function<String, Thresholds> thresholds, Allowlist allowlist, String stage, boolean readsMarkers,
            boolean afterRepartition) {
        this.thresholds = thresholds;
        this.allowlist = allowlist;
        this.stage = stage;
        this.readsMarkers = readsMarkers;
        this.afterRepartition = afterRepartition;
    }

    /** The stores of a stage named {@code stage}: its episodes, its markers if it reads them, and {@code own}. */
    protected static List<Store<?>> stores(String stage, boolean readsMarkers, Store<?>... own) {
        List<Store<?>> all = new ArrayList<>(List.of(own));
        all.add(Store.episodes(stage));
        if (readsMarkers) all.add(Store.markers(stage));
        return List.copyOf(all);
    }

    @Override
    public final void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.episodes = new Episodes(Store.episodes(stage).open(context), context, allowlist, thresholds);
        if (readsMarkers) this.markers = new EndOfInputTracker(Store.markers(stage).open(context), afterRepartition);
        open(context);
    }

    /** Opens the stage's stores and detectors. */
    protected abstract void open(ProcessorContext<String, Emitted> context);

    /** The input partition of the record in hand (0 where a test driver does not say). */
    protected int partition() {
        return context.recordMetadata().map(m -> m.partition()).orElse(0);
    }

    /** Says that this stage ({@code stage}) has all of run {@code eoi} from {@code partition}. */
    protected void acknowledge(String stage, FlowRecord.EndOfInput eoi, int partition, long time) {
        EndOfInputAck ack = new EndOfInputAck(EndOfInputAck.VERSION, eoi.run(),
                stage, partition, eoi.partitions());
        context.forward(new Record<>(eoi.run(), Emitted.of(ack), time));
    }
}
