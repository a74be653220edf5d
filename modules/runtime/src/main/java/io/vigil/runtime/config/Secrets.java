package io.vigil.runtime.config;

import io.vigil.runtime.FileProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A secret kept in a file of its own (a token, a password), never on the command line or in the settings file. */
public final class Secrets {

    private Secrets() {}

    /**
     * The file's content without surrounding blanks; null for no file.
     *
     * @param option the setting or flag that named it, said in the problem
     * @throws ConfigException when it cannot be read
     */
    public static String read(String option, Path file) {
        if (file == null) return null;
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new ConfigException(option + ": " + FileProblem.of(file, e));
        }
    }
}
