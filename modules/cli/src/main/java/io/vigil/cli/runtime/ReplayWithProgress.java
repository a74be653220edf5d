package io.vigil.cli.runtime;

import io.vigil.collector.CaptureReplay;
import io.vigil.collector.FileReplay;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.flow.FlowSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The collector's file replay with a progress bar on the terminal and the command's stop signal: for analyze and flows. */
public final class ReplayWithProgress {

    private ReplayWithProgress() {}

    public static FileReplay.Replayed run(List<Path> files, String site, String collector, List<String> internal,
                                                       FlowSink sink, boolean quiet) throws CaptureInputException {
        return run(files, site, collector, internal, sink, quiet, CaptureReplay.Reader.JAVA);
    }

    public static FileReplay.Replayed run(List<Path> files, String site, String collector, List<String> internal,
                                                       FlowSink sink, boolean quiet, CaptureReplay.Reader reader)
            throws CaptureInputException {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                // checked again, with a proper message, when the file is opened
            }
        }
        try (Progress progress = Progress.bytes("reading", total, quiet)) {
            return FileReplay.run(files, site, collector, internal, sink, reader, Shutdown.STOPPING::get,
                    (bytes, frames, flows) -> {
                        progress.to(bytes);
                        progress.message(String.format("%,d packets, %,d flows", frames, flows));
                    });
        }
    }
}
