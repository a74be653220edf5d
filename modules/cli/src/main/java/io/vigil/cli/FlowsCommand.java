package io.vigil.cli;

import io.vigil.collector.CaptureReplay;
import io.vigil.collector.CaptureStats;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.flow.AddressMapper;
import io.vigil.collector.flow.FlowRecordFactory;
import io.vigil.collector.flow.FlowStats;
import io.vigil.collector.flow.FlowTable;
import io.vigil.collector.flow.FlowTableConfig;
import io.vigil.collector.publish.JsonLinesFlowWriter;
import io.vigil.model.CidrSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil flows}: the collector's flow records alone, one JSON object per line. */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "Write the flow records the collector builds from capture files, one JSON object per line.")
final class FlowsCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Option(names = "--out", paramLabel = "FILE", description = "write flows here instead of stdout")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar or summary on stderr")
    boolean quiet;

    @Parameters(paramLabel = "PCAP", arity = "1..*", description = "pcap or pcapng files, in time order")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        AnalyzeCommand.preflight(files);
        CaptureStats capture = new CaptureStats();
        FlowStats stats = new FlowStats();
        long t0 = System.nanoTime();
        CaptureReplay.Outcome outcome;
        try (JsonLinesFlowWriter writer = new JsonLinesFlowWriter(Outputs.open(out))) {
            FlowTable table = new FlowTable(FlowTableConfig.defaults(),
                    new FlowRecordFactory(input.site(), "flows", CidrSet.of(input.internal()), AddressMapper.IDENTITY),
                    writer, stats);
            long total = 0;
            for (Path f : files) total += Files.size(f);
            try (Progress progress = Progress.bytes("reading", total, quiet)) {
                outcome = new CaptureReplay(table, capture).run(files, progress::to);
            }
        } catch (CaptureInputException e) {
            throw new UserException(e.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!quiet) {
            System.err.printf("vigil flows: %d packets, %d flow records in %.2f s (%.0f packets/s); "
                            + "%d malformed, %d not IP, %d evicted%n", outcome.packets(), stats.recordsExported.get(),
                    seconds, outcome.packets() / seconds, capture.malformed.get(), capture.notIp.get(), stats.evicted.get());
        }
        return AnalyzeCommand.reportDamage(outcome.files());
    }
}
