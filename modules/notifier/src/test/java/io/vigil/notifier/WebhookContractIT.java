package io.vigil.notifier;

import io.vigil.model.Json;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.Notice;
import io.vigil.notifier.channel.WebhookChannel;
import io.vigil.runtime.Tls;
import io.vigil.testkit.TlsFixture;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;

/** The webhook channel against an HTTPS receiver. */
class WebhookContractIT extends ChannelContract {

    Receivers.Receiver receiver;

    @Override
    Channel start() throws Exception {
                receiver = new Receivers.Receiver(0);
        return new WebhookChannel("hook", receiver.url("/hook"), false, Duration.ofSeconds(5), WebhookChannel.Format.GENERIC,
                "a-signing-key-of-32-characters!!", Tls.context(TestTls.get().truststore(), TlsFixture.PASSWORD));
    }

    @Override
    List<String> received() {
        return receiver.bodies;
    }

    @Override
    boolean takeReceiverAway() {
        receiver.close();
        return true;
    }

    @Override
    void stop() {
        receiver.close();
    }

    @org.junit.jupiter.api.Test
    void theBodyIsSignedJsonNamingTheAlert() throws Exception {
        channel.deliver(Notice.of("raised", alert("hook-1", "x"), "soc"));
        Assertions.assertThat(await(1)).hasSize(1);
        Assertions.assertThat(receiver.signatures.get(0)).startsWith("sha256=");
        Assertions.assertThat(Json.MAPPER.readTree(receiver.bodies.get(0))
                .get("alert").get("id").asText()).isEqualTo("hook-1");
    }
}
