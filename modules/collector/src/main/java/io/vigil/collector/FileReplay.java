package io.vigil.collector;

import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowSink;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.model.CidrSet;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The one entry point for "replay these capture files into this sink": the collector's flow
 * table with its default timeouts and a record factory for the site, fed by the capture
 * reader. {@code vigil analyze} and {@code vigil flows} use it (the role itself builds its
 * table from its settings).
 */
public final class FileReplay {

    /** What a replay read and made; {@code lastEventMs} is the newest packet time (or now when there was none). */
    public record Replayed(CaptureReplay.Outcome outcome, FlowStats flows, CaptureStats capture, long lastEventMs) {}

    /** Told now and then how far the replay is: bytes of the files read, frames and flows so far. */
    @FunctionalInterface
    public interface Progress {
        void at(long bytes, long frames, long flows);
    }

    private FileReplay() {}

    /**
     * @param internal the site's internal networks (CIDRs), which decide each flow's direction
     * @param stop     asked now and then: true ends the replay early (a signal to stop)
     */
    public static Replayed run(List<Path> files, String site, String collector, List<String> internal, FlowSink sink,
                               CaptureReplay.Reader reader, BooleanSupplier stop, Progress progress)
            throws CaptureInputException {
        FlowStats flows = new FlowStats();
        CaptureStats capture = new CaptureStats();
        FlowTable table = new FlowTable(FlowTableConfig.defaults(),
                new FlowRecordFactory(site, collector, CidrSet.of(internal), AddressMapper.IDENTITY), sink, flows);
        CaptureReplay.Outcome outcome = new CaptureReplay(table, capture, reader).stoppingWhen(stop).run(files,
                bytes -> progress.at(bytes, capture.frames.get(), flows.flowsCreated.get()));
        long clock = table.clockNanos();
        long last = clock == Long.MIN_VALUE ? System.currentTimeMillis() : clock / 1_000_000;
        return new Replayed(outcome, flows, capture, last);
    }
}
