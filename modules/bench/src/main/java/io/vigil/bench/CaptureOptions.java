package io.vigil.bench;

import io.vigil.simulator.BenchCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The large capture the collector and NetFlow benchmarks read (a picocli mixin): a file, made
 * by the simulator with a fixed seed when missing, so runs on different days read the same
 * packets.
 */
final class CaptureOptions {

    @Option(names = "--capture", paramLabel = "FILE",
            description = "capture to read; made by the simulator if missing (default: target/bench/bench.pcap, "
                    + "or target/bench/flow-heavy.pcap with --mix FLOW_HEAVY)")
    Path capture;

    @Option(names = "--mix", defaultValue = "STANDARD",
            description = "conversations in a generated capture: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    BenchCapture.Mix mix;

    @Option(names = "--flows", description = "flows in a generated capture (default: 210000, or 2000000 with --mix FLOW_HEAVY)")
    Integer flows;

    /** The capture, written first if it is not there. */
    Path ensure() throws IOException {
        boolean heavy = mix == BenchCapture.Mix.FLOW_HEAVY;
        if (capture == null) capture = Path.of(heavy ? "target/bench/flow-heavy.pcap" : "target/bench/bench.pcap");
        int n = flows != null ? flows : heavy ? 2_000_000 : 210_000;
        if (!Files.exists(capture)) {
            Files.createDirectories(capture.toAbsolutePath().getParent());
            System.err.println("bench: writing " + capture + " (" + n + " " + mix + " flows) ...");
            long packets = BenchCapture.write(capture, mix, n, 42, null);
            System.err.printf("bench: %,d packets, %.0f MB%n", packets, Files.size(capture) / 1e6);
        }
        return capture;
    }
}
