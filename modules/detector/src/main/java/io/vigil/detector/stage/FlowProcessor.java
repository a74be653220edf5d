package io.vigil.detector.stage;

import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.model.FlowRecord;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A stage that reads flow records: an end-of-input marker goes to {@link #endOfInput}, every
 * flow to {@link #flow} with the key it came under.
 */
public abstract class FlowProcessor extends StageProcessor<FlowRecord> {

    protected FlowProcessor(Function<String, Thresholds> thresholds, Allowlist allowlist, String stage, boolean readsMarkers,
            boolean afterRepartition) {
        super(thresholds, allowlist, stage, readsMarkers, afterRepartition);
    }

    @Override
    public final void process(Record<String, FlowRecord> record) {
        FlowRecord f = record.value();
        if (f.isMarker()) endOfInput(f);
        else flow(record.key(), f);
    }

    /** One flow, under {@code key} (the collector's {@code site/host}, or the stage's own key). */
    protected abstract void flow(String key, FlowRecord f);

    /** A marker of the end of a file source, from the partition in hand. */
    protected abstract void endOfInput(FlowRecord marker);
}
