package io.vigil.notifier.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Supplier;

/** {@code type: webhook}: url, format (generic, slack, teams), secret, allow-http. */
final class WebhookChannelType implements ChannelType {

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Supplier<Channel> read(String name, ChannelSettings s, Common c) {
        String url = s.string("url", null);
        String format = s.string("format", "generic");
        String secret = s.string("secret", null);
        boolean allowHttp = s.bool("allow-http", false);
        s.show("format", format);
        if (secret != null) s.show("secret", secret);
        if (allowHttp) s.show("allow-http", true);
        WebhookChannel.Format f = null;
        try {
            f = WebhookChannel.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            s.problem("format", "'" + format + "' is not one of generic, slack, teams");
        }
        URI uri = null;
        if (url == null) {
            s.problem("url", "missing");
        } else {
            try {
                uri = new URI(url);
                if (uri.getHost() == null) s.problem("url", "'" + url + "' has no host");
                // Chat webhooks carry their credential in the path: --check shows the host only.
                else s.show("url", WebhookChannel.redact(uri));
            } catch (URISyntaxException e) {
                s.problem("url", "not a URL (" + e.getReason() + ")");
            }
        }
        if (secret != null && secret.length() < 16) s.problem("secret", "must be at least 16 characters");
        URI u = uri;
        WebhookChannel.Format ff = f;
        return () -> new WebhookChannel(name, u, allowHttp, c.timeout(), ff, secret, c.trust().get());
    }
}
