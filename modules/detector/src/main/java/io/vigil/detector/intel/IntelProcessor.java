package io.vigil.detector.intel;

import io.vigil.detector.message.Emitted;
import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.FlowProcessor;
import io.vigil.detector.stage.Store;
import io.vigil.model.FlowRecord;
import io.vigil.model.Indicator;
import io.vigil.model.JsonSerde;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The indicator stage, on the flows topic as the collector keys it ({@code site/host}), beside
 * the host stage: each flow's outside address and DNS names are looked up in the
 * {@link IndicatorIndex} (no state touched unless one matches), and a match goes to
 * {@link ThreatIntelDetector}. The indicators come from the global store, so every instance
 * sees every indicator and a new list needs no restart.
 */
public final class IntelProcessor extends FlowProcessor {

    public static final String STAGE = "intel";
    private static final JsonSerde<Indicator> SERDE = JsonSerde.indicators();

    private final IndicatorIndex index;
    private ThreatIntelDetector detector;

    /** Every store the stage keeps (the indicators are a global store, the topology's). */
    public static List<Store<?>> stores() {
        return stores(STAGE, true);
    }

    public IntelProcessor(Function<String, Thresholds> thresholds, Allowlist allowlist, IndicatorIndex index) {
        super(thresholds, allowlist, STAGE, true, false);
        this.index = index;
    }

    @Override
    protected void open(ProcessorContext<String, Emitted> context) {
        KeyValueStore<String, byte[]> stored = context.getStateStore(IndicatorUpdater.STORE);
        this.detector = new ThreatIntelDetector(index, key -> read(stored, key), episodes, Clock.systemUTC());
        context.schedule(Duration.ofSeconds(30), PunctuationType.STREAM_TIME, episodes::sweep);
    }

    @Override
    protected void flow(String key, FlowRecord f) {
        if (index.isEmpty()) return;
        detector.flow(f, key.substring(key.indexOf('/') + 1), thresholds.apply(f.site()));
    }

    private static Indicator read(KeyValueStore<String, byte[]> stored, String key) {
        byte[] bytes = stored.get(key);
        try {
            return bytes == null ? null : SERDE.deserialize(null, bytes);
        } catch (RuntimeException e) {
            return null; // IndicatorUpdater refused and counted it; it was never indexed
        }
    }

    @Override
    protected void endOfInput(FlowRecord marker) {
        int partition = partition();
        if (!markers.complete(marker, partition)) return;
        episodes.endSite(marker.site());
        acknowledge(STAGE, marker.endOfInput(), partition, marker.end());
    }
}
