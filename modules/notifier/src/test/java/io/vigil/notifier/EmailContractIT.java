package io.vigil.notifier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.EmailChannel;
import io.vigil.notifier.channel.Notice;
import io.vigil.runtime.Tls;
import io.vigil.testkit.TlsFixture;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;

/** The e-mail channel against an SMTP server with implicit TLS and authentication (GreenMail). */
class EmailContractIT extends ChannelContract {

    GreenMail mail;

    @Override
    Channel start() throws Exception {
                int port = Receivers.freePort();
        mail = Receivers.smtps(port);
        return new EmailChannel("email", new EmailChannel.Settings("localhost", port, EmailChannel.Security.IMPLICIT, "vigil",
                "s3cret-password", "vigil@example-care.org", List.of("soc@example-care.org"), 5000),
                Tls.context(TestTls.get().truststore(), TlsFixture.PASSWORD));
    }

    @Override
    List<String> received() throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            out.add(m.getSubject() + "\n" + GreenMailUtil.getBody(m));
        }
        return out;
    }

    @Override
    boolean takeReceiverAway() {
        mail.stop();
        return true;
    }

    @Override
    void stop() {
        mail.stop();
    }

    @org.junit.jupiter.api.Test
    void theSubjectSaysSeverityTypeSiteAndSource() throws Exception {
        channel.deliver(Notice.of("raised", alert("mail-1", "x"), "soc"));
        Assertions.assertThat(await(1)).singleElement().asString()
                .startsWith("[Vigil HIGH] port_scan at clinic-north from 198.51.100.23\n");
    }
}
