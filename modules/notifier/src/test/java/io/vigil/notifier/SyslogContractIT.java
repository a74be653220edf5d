package io.vigil.notifier;

import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.SyslogChannel;
import io.vigil.notifier.channel.Tls;
import io.vigil.testkit.TlsFixture;
import java.util.List;

/** The syslog channel (CEF over TLS, RFC 5425 framing) against a TLS listener that parses the frames. */
class SyslogContractIT extends ChannelContract {

    ChannelsIT.SyslogListener listener;

    @Override
    Channel start() throws Exception {
        ChannelsIT.tls = TestTls.get();
        listener = new ChannelsIT.SyslogListener(0);
        return new SyslogChannel("siem", "localhost", listener.port(), Tls.context(ChannelsIT.tls.truststore(),
                TlsFixture.PASSWORD), 5000);
    }

    @Override
    List<String> received() {
        return listener.messages;
    }

    @Override
    boolean takeReceiverAway() throws Exception {
        listener.close();
        return true;
    }

    @Override
    void stop() throws Exception {
        listener.close();
    }
}
