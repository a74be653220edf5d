package io.vigil.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.vigil.model.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP webhook receiver on loopback, as the tests that follow an alert to its
 * destination need one: it keeps every request (JSON body, path, headers) and answers with
 * the status its rule gives for the n-th request (204 unless told), so a test can make it
 * fail for a while and then recover.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Request(String path, JsonNode body, Headers headers, int status) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final HttpServer server;

    private WebhookReceiver(IntUnaryOperator status, long delayMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            pause(delayMillis);
            int code = status.applyAsInt(count.incrementAndGet());
            requests.add(new Request(ex.getRequestURI().getPath(), Json.MAPPER.readTree(body), ex.getRequestHeaders(), code));
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.start();
    }

    /** Answers every request with 204. */
    public static WebhookReceiver start() throws IOException {
        return new WebhookReceiver(n -> 204, 0);
    }

    /** Answers the n-th request (from 1) with {@code status.applyAsInt(n)}. */
    public static WebhookReceiver answering(IntUnaryOperator status) throws IOException {
        return new WebhookReceiver(status, 0);
    }

    /** Takes {@code millis} over each request before answering 204, so something is always in flight. */
    public static WebhookReceiver slow(long millis) throws IOException {
        return new WebhookReceiver(n -> 204, millis);
    }

    private static void pause(long millis) {
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Every request that arrived, in arrival order, refused or not. */
    public List<Request> requests() {
        return requests;
    }

    /** The bodies of the requests answered with success (a refused one the sender will try again). */
    public List<JsonNode> received() {
        return requests.stream().filter(r -> r.status() < 300).map(Request::body).toList();
    }

    /** The alert ids of the requests answered with success. */
    public List<String> alertIds() {
        return received().stream().map(b -> b.path("alert").path("id").asText()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
