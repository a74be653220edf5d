package io.vigil.runtime;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * What went wrong with a file, in the words a problem line uses ({@code no such file},
 * {@code permission denied}), not the exception's class or the path twice over: one sentence
 * for every file Vigil reads or writes, whichever role or command.
 */
public final class FileProblem {

    private FileProblem() {}

    /** {@code no such file}, {@code permission denied}, {@code is a directory}, or what the system said. */
    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NotDirectoryException) return "a part of the path is not a directory";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** {@code FILE: no such file} — the file, then what went wrong. */
    public static String of(Path file, IOException e) {
        return file + ": " + of(e);
    }

    /** {@code FILE: cannot write: its directory does not exist}. */
    public static String writing(Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "its directory does not exist" : of(e);
        return file + ": cannot write: " + why;
    }
}
