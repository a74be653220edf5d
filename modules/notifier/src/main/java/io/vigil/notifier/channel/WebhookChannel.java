package io.vigil.notifier.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.model.Alert;
import io.vigil.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs {@code {"v":1,"event":"raised|updated|ended","alert":{...}}} as JSON. A 2xx answer is
 * a delivery; anything else, a timeout or a refused connection is a failure the notifier
 * retries. The receiver de-duplicates by {@code alert.id}: the same id again is an update.
 * Plain {@code http://} is refused unless explicitly allowed, because alerts name hosts.
 */
public final class WebhookChannel implements Channel {

    private final String name;
    private final URI url;
    private final HttpClient client;
    private final Duration timeout;

    public WebhookChannel(String name, URI url, boolean allowHttp, Duration timeout) {
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
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert, String event) throws DeliveryException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("v", 1);
        body.put("event", event);
        body.set("alert", Json.MAPPER.valueToTree(alert));
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "vigil-notifier")
                .header("X-Vigil-Alert-Id", alert.id())
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
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

    /** The url without query or user info, which may hold tokens. */
    static String redact(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getPath();
    }
}
