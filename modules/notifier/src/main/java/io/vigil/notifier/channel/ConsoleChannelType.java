package io.vigil.notifier.channel;

import java.util.function.Supplier;

/** {@code type: console}: a line per notice on the command's stderr; nothing to set. */
final class ConsoleChannelType implements ChannelType {

    @Override
    public String type() {
        return "console";
    }

    @Override
    public Supplier<Channel> read(String name, ChannelSettings s, Common c) {
        return () -> new ConsoleChannel(name, c.console(), c.color());
    }
}
