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
        return true;
    }

    @Override
    void stop() throws Exception {
        listener.close();
    }

    @org.junit.jupiter.api.Test
    void theMessageIsCefInASyslogFrame() throws Exception {
        channel.deliver(Notice.of("raised", alert("siem-1", "x"), "soc"));
        Assertions.assertThat(await(1)).singleElement().asString()
                .matches("<\\d+>1 \\S+ \\S+ vigil - raised - CEF:0\\|Vigil\\|Vigil\\|.*").contains("cs1=siem-1");
    }
}
