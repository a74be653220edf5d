package io.vigil.notifier.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.Alert;
import io.vigil.model.Json;
import io.vigil.model.Lifecycle;
import io.vigil.runtime.Tls;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

/**
 * POSTs a notice as JSON. Three shapes:
 * <ul>
 * <li>{@code generic}: {@code {"v":1,"event":"raised|updated|ended|escalated|digest","route":...,
 *     "url":...,"alert":{...}}} (a digest has {@code "alerts":[...]}; {@code url}, the alert's page
 *     in the console, is there when a console address is set). With a secret, it is signed:
 *     {@code X-Vigil-Timestamp: <epoch seconds>} and {@code X-Vigil-Signature: sha256=<hex of
 *     HMAC-SHA256(secret, timestamp + "." + body)>}; receivers check both and refuse old
 *     timestamps, so a captured request cannot be replayed.</li>
 * <li>{@code slack}: a Slack incoming-webhook message ({@code text} and {@code blocks}).</li>
 * <li>{@code teams}: a Microsoft Teams connector MessageCard.</li>
 * </ul>
 * A 2xx answer is a delivery; anything else, a timeout or a refused connection is a failure
 * the notifier retries. Plain {@code http://} is refused unless explicitly allowed. Every
 * request about one alert carries {@code Idempotency-Key: <alert id>:<event>:<version>}, the
 * version being the alert record's {@code last_seen} in epoch milliseconds: a notice sent again
 * (a retry whose answer was lost, or a restart that re-reads what it had not committed) has the
 * same key, so a receiver can drop it; a real update has a new one.
 */
public final class WebhookChannel implements Channel {

    public enum Format { GENERIC, SLACK, TEAMS }

    private final String name;
    private final URI url;
    private final HttpClient client;
    private final Duration timeout;
    private final Format format;
    private final byte[] secret;

    public WebhookChannel(String name, URI url, boolean allowHttp, Duration timeout) {
        this(name, url, allowHttp, timeout, Format.GENERIC, null, null);
    }

    public WebhookChannel(String name, URI url, boolean allowHttp, Duration timeout, Format format, String secret,
                          SSLContext tls) {
        if (url.getScheme() == null || !(url.getScheme().equals("https") || url.getScheme().equals("http"))) {
            throw new IllegalArgumentException("webhook url " + url + " must be https://");
        }
        if (url.getScheme().equals("http") && !allowHttp) {
            throw new IllegalArgumentException("webhook url " + redact(url) + " is plain http; use https:// "
                    + "or allow it explicitly (allow-http)");
        }
        this.name = name;
        this.url = url;
        this.timeout = timeout;
        this.format = format;
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
        if (tls != null) b.sslContext(tls).sslParameters(Tls.parameters(tls));
        this.client = b.build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean wants(String event) {
        // Chat rooms get raised, escalated and ended; machines get everything.
        return format == Format.GENERIC || !Lifecycle.UPDATED.is(event);
    }

    /** The same for every send of one notice, different for every update of the alert. */
    public static String idempotencyKey(Notice n) {
        return n.alert().id() + ":" + n.event() + ":" + n.alert().lastSeen().toEpochMilli();
    }

    @Override
    public void deliver(Notice n) throws DeliveryException {
        String body = Json.write(switch (format) {
            case GENERIC -> generic(n);
            case SLACK -> slack(n);
            case TEAMS -> teams(n);
        });
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "vigil-notifier")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (n.alert() != null) {
            request.header("X-Vigil-Alert-Id", n.alert().id());
            request.header("Idempotency-Key", idempotencyKey(n));
        }
        if (secret != null) {
            String ts = Long.toString(System.currentTimeMillis() / 1000);
            request.header("X-Vigil-Timestamp", ts).header("X-Vigil-Signature", "sha256=" + sign(secret, ts, body));
        }
        HttpResponse<Void> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryException("webhook " + redact(url) + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to " + redact(url), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryException("webhook " + redact(url) + " answered HTTP " + response.statusCode());
        }
    }

    /** HMAC-SHA256 over {@code timestamp + "." + body}, lowercase hex: what receivers recompute. */
    public static String sign(byte[] secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode generic(Notice n) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("v", 1);
        o.put("event", n.event());
        o.put("route", n.route());
        if (n.link() != null) o.put("url", n.link());
        if (n.isDigest()) {
            ArrayNode arr = o.putArray("alerts");
            n.digest().forEach(a -> arr.add(Json.MAPPER.valueToTree(a)));
        } else {
            o.set("alert", Json.MAPPER.valueToTree(n.alert()));
        }
        return o;
    }

    private static ObjectNode slack(Notice n) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        String text = n.isDigest() ? digestText(n, WebhookChannel::slackSafe) : chatLine(n);
        o.put("text", text);
        ArrayNode blocks = o.putArray("blocks");
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        ObjectNode t = section.putObject("text");
        t.put("type", "mrkdwn");
        t.put("text", text);
        if (!n.isDigest()) {
            ObjectNode ctx = blocks.addObject();
            ctx.put("type", "context");
            ObjectNode el = ctx.putArray("elements").addObject();
            el.put("type", "mrkdwn");
            el.put("text", "alert " + n.alert().id() + " · first seen " + n.alert().firstSeen() + " · route " + n.route()
                    + (n.link() == null ? "" : " · <" + slackSafe(n.link()) + "|open in Vigil>"));
        }
        return o;
    }

    private static ObjectNode teams(Notice n) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("@type", "MessageCard");
        o.put("@context", "http://schema.org/extensions");
        o.put("summary", n.headline());
        o.put("themeColor", n.isDigest() ? "808080" : color(n.alert()));
        o.put("title", n.isDigest() ? "Vigil digest: " + n.digest().size() + " alerts" : title(n));
        o.put("text", n.isDigest() ? digestText(n, WebhookChannel::teamsSafe) : teamsSafe(n.alert().summary()));
        if (!n.isDigest()) {
            ArrayNode facts = o.putArray("sections").addObject().putArray("facts");
            fact(facts, "Site", n.alert().site());
            fact(facts, "Source", n.alert().src());
            fact(facts, "Target", n.alert().dst());
            fact(facts, "First seen", n.alert().firstSeen().toString());
            fact(facts, "Alert id", n.alert().id());
        }
        if (n.link() != null) {
            ObjectNode open = o.putArray("potentialAction").addObject();
            open.put("@type", "OpenUri");
            open.put("name", "Open in Vigil");
            open.putArray("targets").addObject().put("os", "default").put("uri", n.link());
        }
        return o;
    }

    private static void fact(ArrayNode facts, String name, String value) {
        if (value == null) return;
        ObjectNode f = facts.addObject();
        f.put("name", name);
        f.put("value", value);
    }

    private static String title(Notice n) {
        Alert a = n.alert();
        String prefix = Lifecycle.ENDED.is(n.event()) ? "Ended: " : Lifecycle.ESCALATED.is(n.event()) ? "Escalated: " : "";
        return prefix + a.severity().wire().toUpperCase(Locale.ROOT) + " " + a.type().wire() + " at " + a.site();
    }

    private static String chatLine(Notice n) {
        return "*" + slackSafe(title(n)) + "*\n" + slackSafe(n.alert().summary());
    }

    /**
     * Text for Slack's mrkdwn. Summaries carry what attackers chose (DNS names, for one), and
     * Slack turns {@code <url|label>} into a link and {@code <!channel>} into a mention: the
     * three control characters are escaped as Slack documents.
     */
    public static String slackSafe(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Text for a Teams card (markdown and some HTML): the characters that make links, markup or emphasis are escaped. */
    public static String teamsSafe(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\\', '*', '_', '[', ']', '(', ')', '#', '`', '~' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String digestText(Notice n, UnaryOperator<String> safe) {
        StringBuilder sb = new StringBuilder(n.digest().size() + " alerts were held back by the rate limit of route "
                + n.route() + ":");
        for (Alert a : n.digest()) {
            sb.append("\n• ").append(a.severity().wire().toUpperCase(Locale.ROOT)).append(' ').append(a.type().wire())
                    .append(" at ").append(safe.apply(a.site())).append(": ").append(safe.apply(a.summary()));
        }
        return sb.toString();
    }

    private static String color(Alert a) {
        switch (a.severity()) {
            case CRITICAL: return "8B0000";
            case HIGH: return "D32F2F";
            case MEDIUM: return "F9A825";
            default: return "1E88E5";
        }
    }

    /**
     * The url as logs and the audit trail may show it: scheme, host and port only. Slack and
     * Teams put the credential in the path, others in the query or user info.
     */
    public static String redact(URI u) {
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/") ? "/" : "/…";
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + path;
    }

    /** Its settings, read and checked: url, format (generic, slack, teams), secret, allow-http. */
    static Supplier<Channel> read(String name, ChannelSettings s, ChannelType.Common c) {
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
