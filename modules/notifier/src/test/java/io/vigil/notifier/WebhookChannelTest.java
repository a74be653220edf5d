package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;
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
                .hasMessage("webhook url http://hooks.example.org/… is plain http; use https:// or allow it explicitly (allow-http)");
    }

    @Test
    void aChatWebhookCredentialInThePathNeverReachesAMessage() {
        assertThat(WebhookChannel.redact(URI.create("https://hooks.slack.com/services/T0/B0/XXXXsecret")))
                .isEqualTo("https://hooks.slack.com/…");
        assertThat(WebhookChannel.redact(URI.create("https://user:pw@soc.example.org:8443/?token=abc")))
                .isEqualTo("https://soc.example.org:8443/");
    }

    @Test
    void whatAnAttackerChoseCannotBecomeALinkOrAMentionInAChatRoom() {
        String evil = "asked for <https://evil.example|click here> and <!channel> [x](https://evil.example) *now*";
        assertThat(WebhookChannel.slackSafe(evil)).doesNotContain("<", ">")
                .isEqualTo("asked for &lt;https://evil.example|click here&gt; and &lt;!channel&gt; [x](https://evil.example) *now*");
        assertThat(WebhookChannel.teamsSafe(evil)).doesNotContain("<", "](")
                .contains("\\[x\\]\\(https://evil.example\\)").contains("\\*now\\*");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> new WebhookChannel("w", URI.create("ftp://x/"), true, Duration.ofSeconds(1)))
                .hasMessageContaining("must be https://");
    }
}
