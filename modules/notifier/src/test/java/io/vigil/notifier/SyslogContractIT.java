package io.vigil.notifier;

import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.Notice;
import io.vigil.notifier.channel.SyslogChannel;
import io.vigil.runtime.Tls;
import io.vigil.testkit.TlsFixture;
import java.util.List;
import org.assertj.core.api.Assertions;

/** The syslog channel (CEF over TLS, RFC 5425 framing) against a TLS listener that parses the frames. */
class SyslogContractIT extends ChannelContract {

    Receivers.SyslogListener listener;
    java.net.Socket holder;

    @Override
    Channel start() throws Exception {
                listener = new Receivers.SyslogListener(0);
        return new SyslogChannel("siem", "localhost", listener.port(), Tls.context(TestTls.get().truststore(),
                TlsFixture.PASSWORD), 5000);
    }

    @Override
    List<String> received() {
        return listener.messages;
    }

    @Override
    boolean takeReceiverAway() throws Exception {
        listener.close();
        // Hold the freed port (bound, not listening, no address reuse) so no other process on
        // this machine can start listening on it while the test expects a refusal: the port is
        // from the ephemeral range, and a busy machine handed it to someone else once.
        for (int attempt = 0; ; attempt++) {
            holder = new java.net.Socket();
            holder.setReuseAddress(false);
            try {
                holder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), listener.port()));
                break;
            } catch (java.net.BindException e) {
                holder.close(); // the listener's accept thread may still be letting go
                if (attempt == 40) throw e;
                Thread.sleep(50);
            }
        }
        return true;
    }

    @Override
    void stop() throws Exception {
        listener.close();
        if (holder != null) holder.close();
    }

    @org.junit.jupiter.api.Test
    void theMessageIsCefInASyslogFrame() throws Exception {
        channel.deliver(Notice.of("raised", alert("siem-1", "x"), "soc"));
        Assertions.assertThat(await(1)).singleElement().asString()
                .matches("<\\d+>1 \\S+ \\S+ vigil - raised - CEF:0\\|Vigil\\|Vigil\\|.*").contains("cs1=siem-1");
    }
}
