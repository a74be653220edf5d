package io.vigil.cli.runtime;

import io.vigil.cli.UserException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.AccessDeniedException;

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
        } catch (NoSuchFileException e) {
            throw new UserException(out + ": cannot write: its directory does not exist (--out)");
        } catch (AccessDeniedException e) {
            throw new UserException(out + ": cannot write: permission denied (--out)");
        } catch (IOException e) {
            throw new UserException(out + ": cannot write: " + e.getMessage() + " (--out)");
        }
    }
}
