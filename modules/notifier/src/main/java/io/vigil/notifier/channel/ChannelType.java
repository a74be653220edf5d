package io.vigil.notifier.channel;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A kind of channel, by the name a config's {@code type:} gives it: it reads and checks its
 * own settings and says how to build the channel. The channel is built only once the whole
 * configuration is valid, so a type reports every mistake instead of throwing on the first.
 * Types register by name in {@link ChannelTypes}; each channel class reads its own settings
 * ({@code WebhookChannel.read}, …).
 */
@FunctionalInterface
public interface ChannelType {

    /** The settings every channel has: the time a delivery may take, the TLS trust, the console. */
    record Common(Duration timeout, Supplier<SSLContext> trust, boolean trustGiven, PrintStream console, boolean color) {}

    /** Reads and checks {@code s}; the supplier builds the channel {@code name}. */
    Supplier<Channel> read(String name, ChannelSettings s, Common common);
}
