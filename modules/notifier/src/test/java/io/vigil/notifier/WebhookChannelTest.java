package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.notifier.channel.WebhookChannel;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {

    @Test
    void plainHttpIsRefusedUnlessAllowedAndTheTokenIsNotEchoed() {
        assertThatThrownBy(() -> new WebhookChannel("w", URI.create("http://hooks.example.org/x?token=s3cret"), false,
                Duration.ofSeconds(1)))
                .hasMessage("webhook url http://hooks.example.org/x is plain http; use https:// or allow it explicitly (allow-http)");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> new WebhookChannel("w", URI.create("ftp://x/"), true, Duration.ofSeconds(1)))
                .hasMessageContaining("must be https://");
    }
}
