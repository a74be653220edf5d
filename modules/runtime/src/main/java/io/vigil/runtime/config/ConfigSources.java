package io.vigil.runtime.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.runtime.FileProblem;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Setting;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Where settings come from before flags: the YAML file, said wrong in one line, and {@code VIGIL_*} variables. */
final class ConfigSources {

    /** The launchers' own variables, not settings. */
    private static final Set<String> LAUNCHER = Set.of("VIGIL_DEBUG", "VIGIL_JAVA_OPTS", "VIGIL_JAR", "VIGIL_CLUSTER_ID");

    private ConfigSources() {}

    /** The file's settings (empty without a file); a file that is missing or not YAML is the user's mistake. */
    static ObjectNode read(Path file) {
        if (file == null) return JsonNodeFactory.instance.objectNode();
        try {
            JsonNode n = ConfigTree.YAML.readTree(Files.readString(file));
            if (n == null || n.isMissingNode() || n.isNull()) return JsonNodeFactory.instance.objectNode();
            if (!n.isObject()) throw new ConfigException(file + ": not a YAML mapping of settings");
            return (ObjectNode) n;
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw new ConfigException(FileProblem.of(file, e) + " (--config)");
        } catch (JsonParseException e) {
            String m = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage().lines().findFirst().orElse("");
            String line = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            if (m.startsWith("Duplicate field")) {
                throw new ConfigException(file + line + ": " + m.replace("Duplicate field", "key") + " is written twice");
            }
            throw new ConfigException(file + line + ": not valid YAML: " + m);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigException(file + ": not valid YAML: " + m);
        }
    }

    /**
     * The key a {@code VIGIL_*} variable sets, split at its levels, or null for a variable that
     * is not a setting: levels joined by {@code __}, {@code _} for {@code -}, and under
     * {@code kafka} for a dot ({@link Setting#env()} is the same rule the other way).
     */
    static String[] envPath(String var) {
        if (!var.startsWith("VIGIL_") || var.startsWith("VIGIL_LOG") || LAUNCHER.contains(var)) return null;
        String[] parts = var.substring(6).toLowerCase(Locale.ROOT).split("__");
        boolean kafka = parts[0].equals("kafka");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = kafka && i > 0 ? parts[i].replace('_', '.') : parts[i].replace('_', '-');
        }
        return parts;
    }
}
