package io.vigil.cli.runtime;

import io.vigil.cli.ExitCodes;
import io.vigil.cli.UserException;
import io.vigil.collector.capture.CaptureFiles;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.capture.ReadResult;
import java.nio.file.Path;
import java.util.List;

/** Capture files given on the command line: checked before anything starts, and their damage said after reading. */
public final class CaptureInputs {

    private CaptureInputs() {}

    /** Every file exists and is a capture file; otherwise one line about the first that is not. */
    public static void preflight(List<Path> files) {
        for (Path f : files) {
            try {
                CaptureFiles.check(f);
            } catch (CaptureInputException e) {
                throw new UserException(e.getMessage());
            }
        }
    }

    /** Says each file that was cut short or damaged; exit 3 if any was, else 0. */
    public static int reportDamage(List<ReadResult> results) {
        int code = ExitCodes.OK;
        for (ReadResult r : results) {
            if (!r.whole()) {
                System.err.println("vigil: " + r.damage());
                code = ExitCodes.DAMAGED_INPUT;
            }
        }
        return code;
    }
}
