package io.vigil.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * softflowd (Debian's), the real flow exporter of the NetFlow trials: reads a capture and
 * exports its flows to a port on loopback, dating them by the capture ({@code -a}: NetFlow's
 * 32-bit uptimes could not say a month-old capture's times otherwise).
 */
public final class Softflowd {

    public static final Path BINARY = Path.of("/usr/sbin/softflowd");

    private Softflowd() {}

    /** Exports {@code capture} as NetFlow {@code version} (5, 9, or 10 for IPFIX) to 127.0.0.1:{@code port}, and waits. */
    public static void export(Path capture, int port, int version, Path log) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) throw new IllegalStateException(BINARY + " is missing: apt-get install -y softflowd");
        // Its own pid and control files would make it wait after the capture (seen with -p/-c): defaults it is.
        Process p = new ProcessBuilder(BINARY.toString(), "-d", "-r", capture.toString(), "-n", "127.0.0.1:" + port,
                "-v", String.valueOf(version), "-a")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("softflowd did not finish reading " + capture + " in 60 s");
        }
    }
}
