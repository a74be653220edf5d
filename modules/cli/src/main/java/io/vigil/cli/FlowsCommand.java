package io.vigil.cli;

import io.vigil.cli.runtime.CaptureInputs;
import io.vigil.cli.runtime.Outputs;
import io.vigil.cli.runtime.ReplayWithProgress;
import io.vigil.collector.CaptureReplay;
import io.vigil.collector.FileReplay;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.flow.AsyncFlowSink;
import io.vigil.collector.publish.JsonLinesFlowWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil flows}: the collector's flow records alone, one JSON object per line. */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = {"Write the flow records the collector builds from capture files, one JSON object per line.",
                "With --netflow, from what an exporter sends instead (NetFlow v5, v9, IPFIX over UDP), until "
                        + "interrupted or idle: to check an exporter without Kafka."})
final class FlowsCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Option(names = "--out", paramLabel = "FILE", description = "write flows here instead of stdout")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar or summary on stderr")
    boolean quiet;

    @Option(names = "--reader", defaultValue = "JAVA", paramLabel = "JAVA|PCAP4J",
            description = "file reader: JAVA (parsed in Java; fastest) or PCAP4J (libpcap, as live capture); "
                    + "default: ${DEFAULT-VALUE}")
    CaptureReplay.Reader reader;

    @Option(names = "--netflow", paramLabel = "[BIND:]PORT",
            description = "receive NetFlow v5/v9/IPFIX on this UDP port (all addresses unless BIND is given)")
    String netflow;

    @Option(names = "--idle", paramLabel = "SECONDS", defaultValue = "30",
            description = "with --netflow: stop after this long without an export packet (default: ${DEFAULT-VALUE}; 0: never)")
    int idle;

    @Parameters(paramLabel = "PCAP", arity = "0..*", description = "pcap or pcapng files, in time order")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        if (netflow != null) {
            if (files != null && !files.isEmpty()) throw new UserException("give capture files or --netflow, not both");
            return NetflowListen.run(netflow, idle, input, out, quiet);
        }
        if (files == null || files.isEmpty()) throw new UserException("give capture files (PCAP...) or --netflow PORT");
        CaptureInputs.preflight(files);
        long t0 = System.nanoTime();
        FileReplay.Replayed r;
        try (JsonLinesFlowWriter writer = new JsonLinesFlowWriter(Outputs.open(out));
             AsyncFlowSink async = new AsyncFlowSink(writer, "vigil-flow-writer")) {
            r = ReplayWithProgress.run(files, input.site(), "flows", input.internal(), async, quiet, reader);
        } catch (CaptureInputException e) {
            throw new UserException(e.getMessage());
        }
        CaptureReplay.Outcome outcome = r.outcome();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!quiet) {
            System.err.printf("vigil flows: %d packets, %d flow records in %.2f s (%.0f packets/s); "
                            + "%d malformed, %d not IP, %d evicted%n", outcome.packets(), r.flows().recordsExported.get(),
                    seconds, outcome.packets() / seconds, r.capture().malformed.get(), r.capture().notIp.get(),
                    r.flows().evicted.get());
        }
        return CaptureInputs.reportDamage(outcome.files());
    }
}
