package io.vigil.runtime.config;

import io.vigil.runtime.FileProblem;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** A Java properties file (a Kafka client's or a broker node's settings), read or refused in one line. */
public final class PropertiesFile {

    private PropertiesFile() {}

    /**
     * The file's settings, in the order written.
     *
     * @param option the flag that named it ({@code --config}), said in the problem
     * @throws ConfigException when it cannot be read or is not a properties file
     */
    public static Map<String, String> read(Path file, String option) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        } catch (IOException e) {
            throw new ConfigException(FileProblem.of(file, e) + " (" + option + ")");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": not a properties file (" + e.getMessage() + ") (" + option + ")");
        }
        Map<String, String> m = new LinkedHashMap<>();
        props.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return m;
    }
}
