package io.vigil.notifier.channel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One channel's settings as a channel type reads them, whatever holds them (the CLI's YAML,
 * environment and flags): keys are the channel's own ({@code url}, not
 * {@code channels.soc.url}); a problem is recorded under the key as written in the file;
 * {@link #show} is what {@code --check} prints back (and must read back as the same setting).
 */
public interface ChannelSettings {

    String string(String key, String def);

    int integer(String key, int def);

    boolean bool(String key, boolean def);

    Duration duration(String key, Duration def);

    Path path(String key, Path def);

    List<String> list(String key, List<String> def);

    /** A mistake in {@code key}'s value, said with the key as the file writes it. */
    void problem(String key, String what);

    /** A key and value for {@code --check}'s output, which is itself a valid configuration. */
    void show(String key, Object value);
}
