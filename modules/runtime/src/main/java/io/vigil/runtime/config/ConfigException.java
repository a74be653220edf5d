package io.vigil.runtime.config;

/** A configuration file the user must fix: missing, not YAML, a key written twice. One line, no stack trace. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
