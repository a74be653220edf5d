package io.vigil.cli.runtime;

import io.vigil.cli.UserException;
import io.vigil.runtime.FileProblem;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens {@code --out FILE}, or stdout when none is given. */
public final class Outputs {

    private Outputs() {}

    public static OutputStream open(Path out) {
        if (out == null || out.toString().equals("-")) {
            // Closing the wrapper must not close stdout.
            return new BufferedOutputStream(new FilterOutputStream(System.out) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            }, 1 << 16);
        }
        try {
            return new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
        } catch (IOException e) {
            throw new UserException(FileProblem.writing(out, e) + " (--out)");
        }
    }
}
