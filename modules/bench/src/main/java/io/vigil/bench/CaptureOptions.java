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

    @Option(names = "--capture", paramLabel = "FILE", defaultValue = "target/bench/bench.pcap",
            description = "capture to read; made by the simulator if missing (default: ${DEFAULT-VALUE})")
    Path capture;

    @Option(names = "--flows", defaultValue = "210000", description = "flows in a generated capture (default: ${DEFAULT-VALUE})")
    int flows;

    /** The capture, written first if it is not there. */
    Path ensure() throws IOException {
        if (!Files.exists(capture)) {
            Files.createDirectories(capture.toAbsolutePath().getParent());
            System.err.println("bench: writing " + capture + " (" + flows + " flows) ...");
            long packets = BenchCapture.write(capture, flows, 42, null);
            System.err.printf("bench: %,d packets, %.0f MB%n", packets, Files.size(capture) / 1e6);
        }
        return capture;
    }
}
