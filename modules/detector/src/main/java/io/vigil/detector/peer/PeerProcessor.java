package io.vigil.detector.peer;

import io.vigil.detector.message.Emitted;
import io.vigil.detector.message.PeerEvent;
import io.vigil.detector.spi.Allowlist;
import io.vigil.detector.spi.Thresholds;
import io.vigil.detector.stage.StageProcessor;
import io.vigil.detector.stage.Store;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The peer stage, keyed {@code site|network}: learns the site's prevalence from the host
 * stage's contacts, and hands each candidate, with what the site knows of its peer, to
 * {@link BeaconingDetector}, {@link ExfiltrationDetector} or {@link DirectDnsDetector}.
 */
public final class PeerProcessor extends StageProcessor<PeerEvent> {

    public static final String STAGE = "peer";

    private Prevalence prevalence;
    private BeaconingDetector beaconing;
    private ExfiltrationDetector exfiltration;
    private DirectDnsDetector directDns;

    /** Every store the stage and its detectors keep. */
    public static List<Store<?>> stores() {
        return stores(STAGE, true, Prevalence.STORE);
    }

    public PeerProcessor(Function<String, Thresholds> thresholds, Allowlist allowlist) {
        super(thresholds, allowlist, STAGE, true, true);
    }

    @Override
    protected void open(ProcessorContext<String, Emitted> context) {
        this.prevalence = new Prevalence(Prevalence.STORE.open(context));
        this.beaconing = new BeaconingDetector(episodes);
        this.exfiltration = new ExfiltrationDetector(episodes);
        this.directDns = new DirectDnsDetector(episodes);
        context.schedule(Duration.ofSeconds(30), PunctuationType.STREAM_TIME, episodes::sweep);
        context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME,
                t -> prevalence.forget(t, site -> thresholds.apply(site).get(Prevalence.THRESHOLDS).window()));
    }

    @Override
    public void process(Record<String, PeerEvent> record) {
        PeerEvent e = record.value();
        if (e.isMarker()) {
            endOfInput(e);
            return;
        }
        Thresholds t = thresholds.apply(e.site());
        Duration window = t.get(Prevalence.THRESHOLDS).window();
        if (e.contacts() != null) {
            prevalence.contacts(e, window);
            return;
        }
        Prevalence.Use use = prevalence.use(e.site(), e.host(), e.peer(), e.time(), window);
        if (e.beacon() != null) beaconing.candidate(e, use, t);
        else if (e.upload() != null) exfiltration.candidate(e, use, t);
        else if (e.dnsServer() != null) directDns.candidate(e, use, t);
    }

    private void endOfInput(PeerEvent marker) {
        int partition = partition();
        if (!markers.complete(marker.site(), marker.endOfInput(), partition)) return;
        episodes.endSite(marker.site());
        acknowledge(STAGE, marker.endOfInput(), partition, marker.time());
    }
}
