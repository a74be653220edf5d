package io.vigil.detector.scan;

import io.vigil.detector.codec.DecodedStore;
import io.vigil.detector.episode.Episodes;
import io.vigil.detector.message.Emitted;
import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.FlowProcessor;
import io.vigil.detector.stage.Store;
import io.vigil.model.FlowRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The source stage, keyed {@code site|source}: hands each probe to {@link PortScanDetector}
 * and {@link HostSweepDetector}, each authentication session to {@link BruteForceDetector},
 * keeps the source's state, sweeps what expired, and acknowledges the end of input.
 */
public final class SourceProcessor extends FlowProcessor {

    public static final String STAGE = "source";
    static final Store<SourceState> STATE = Store.of("source-state", SourceState.CODEC);
    private static final Duration SWEEP = Duration.ofSeconds(30);

    /** A scanner's state is read and written on every probe: kept decoded. */
    private DecodedStore<SourceState> store;
    private PortScanDetector portScan;
    private HostSweepDetector hostSweep;
    private BruteForceDetector bruteForce;

    /** Every store the stage and its detectors keep. */
    public static List<Store<?>> stores() {
        return stores(STAGE, true, STATE);
    }

    public SourceProcessor(Function<String, Thresholds> thresholds, Allowlist allowlist) {
        super(thresholds, allowlist, STAGE, true, true);
    }

    @Override
    protected void open(ProcessorContext<String, Emitted> context) {
        this.store = new DecodedStore<>(STATE.open(context), 10_000);
        this.portScan = new PortScanDetector(episodes);
        this.hostSweep = new HostSweepDetector(episodes);
        this.bruteForce = new BruteForceDetector(episodes);
        context.schedule(SWEEP, PunctuationType.STREAM_TIME, this::sweep);
    }

    /** A failed probe: a SYN that never completed a handshake, or UDP nobody answered. */
    public static boolean isProbe(FlowRecord f) {
        if (f.isMarker()) return false;
        if (f.isTcp()) return (f.tcpFlagsOut() & FlowRecord.SYN) != 0 && !"established".equals(f.tcpState());
        return "udp".equals(f.proto()) && f.packetsIn() == 0 && f.dstPort() != 0;
    }

    /** What the source branch needs to see: probes, authentication sessions and markers. */
    public static boolean wanted(FlowRecord f, Thresholds t) {
        return f.isMarker() || isProbe(f) || BruteForceDetector.isAuthSession(f, t.get(BruteForceDetector.THRESHOLDS));
    }

    @Override
    protected void flow(String key, FlowRecord f) {
        Thresholds t = thresholds.apply(f.site());
        SourceState s = store.get(key);
        if (s == null) s = new SourceState();
        if (isProbe(f)) {
            portScan.probe(s, f, t);
            hostSweep.probe(s, f, t);
        } else if (BruteForceDetector.isAuthSession(f, t.get(BruteForceDetector.THRESHOLDS))) {
            bruteForce.session(s, f, t);
        } else {
            return;
        }
        store.put(key, s);
    }

    private void sweep(long streamTime) {
        episodes.sweep(streamTime);
        long now = streamTime - Episodes.LATENESS_MS;
        List<KeyValue<String, SourceState>> update = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        try (KeyValueIterator<String, SourceState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, SourceState> kv = it.next();
                String site = kv.key.substring(0, kv.key.indexOf('|'));
                String src = kv.key.substring(kv.key.indexOf('|') + 1);
                Thresholds t = thresholds.apply(site);
                boolean changed = portScan.expire(kv.value, t, now, site, src);
                changed |= hostSweep.expire(kv.value, t, now, site, src);
                changed |= bruteForce.expire(kv.value, t, now, site, src);
                if (kv.value.isEmpty()) delete.add(kv.key);
                else if (changed) update.add(kv);
            }
        }
        for (KeyValue<String, SourceState> kv : update) store.put(kv.key, kv.value);
        delete.forEach(store::delete);
    }

    /** Once every upstream partition's marker is in: end the site's episodes, then acknowledge. */
    @Override
    protected void endOfInput(FlowRecord marker) {
        int partition = partition();
        if (!markers.complete(marker, partition)) return;
        episodes.endSite(marker.site());
        List<String> delete = new ArrayList<>();
        try (KeyValueIterator<String, SourceState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, SourceState> kv = it.next();
                if (kv.key.startsWith(marker.site() + "|")) delete.add(kv.key);
            }
        }
        delete.forEach(store::delete);
        acknowledge(STAGE, marker.endOfInput(), partition, marker.end());
    }
}
