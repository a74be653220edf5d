package io.vigil.detector.internal;

import io.vigil.detector.Allowlist;
import io.vigil.detector.Thresholds;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * What every detecting stage of the topology has: each site's thresholds, the allowlist, and
 * its context once Streams hands it over. A stage opens its stores in {@link #open}.
 *
 * @param <V> what the stage reads (flows, peer events, heartbeats)
 */
public abstract class Stage<V> implements Processor<String, V, String, Emitted> {

    protected final Function<String, Thresholds> thresholds;
    protected final Allowlist allowlist;
    protected ProcessorContext<String, Emitted> context;

    protected Stage(Function<String, Thresholds> thresholds, Allowlist allowlist) {
        this.thresholds = thresholds;
        this.allowlist = allowlist;
    }

    @Override
    public final void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        open(context);
    }

    /** Opens the stage's stores and detectors. */
    protected abstract void open(ProcessorContext<String, Emitted> context);
}
