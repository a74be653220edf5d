package io.vigil.notifier.channel;

import java.util.function.Supplier;

/** {@code type: syslog}: host, port (6514); always TLS (RFC 5425), CEF in the message. */
final class SyslogChannelType implements ChannelType {

    @Override
    public String type() {
        return "syslog";
    }

    @Override
    public Supplier<Channel> read(String name, ChannelSettings s, Common c) {
        String host = s.string("host", null);
        int port = s.integer("port", 6514);
        s.show("host", host);
        s.show("port", port);
        if (host == null) s.problem("host", "missing");
        return () -> new SyslogChannel(name, host, port, c.trust().get(), (int) c.timeout().toMillis());
    }
}
