package io.vigil.notifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.runtime.HttpEndpoints;
import io.vigil.runtime.Tls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgement endpoint: {@code POST /alerts/{id}/ack} with
 * {@code Authorization: Bearer <token>} (and optionally {@code ?by=name}) acknowledges an
 * alert: escalation stops and the audit trail records who. HTTPS with a PKCS12 keystore;
 * plain HTTP only on loopback. Answers 200, 401 (bad token), 404 (unknown alert), 405.
 */
public final class AckServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AckServer.class);
    private static final Pattern PATH = Pattern.compile("/alerts/([A-Za-z0-9._-]{1,80})/ack");
    private static final Pattern ALERT = Pattern.compile("/alerts/([A-Za-z0-9._-]{1,80})");
    private static final Pattern BY = Pattern.compile("(?:^|&)by=([A-Za-z0-9._@-]{1,64})");

    /** Where and how to listen; {@code keystore} null means plain HTTP, allowed on loopback only. */
    public record Settings(String bind, int port, String token, Path keystore, String keystorePassword) {}

    private final HttpServer server;

    private AckServer(HttpServer server) {
        this.server = server;
    }

    public static AckServer start(Settings s, Notifier notifier) throws IOException {
        InetAddress addr = InetAddress.getByName(s.bind());
        if (s.keystore() == null && !addr.isLoopbackAddress()) {
            throw new IllegalArgumentException("ack endpoint on " + s.bind() + " needs a TLS keystore (ack.tls-keystore)");
        }
        if (s.token() == null || s.token().length() < 16) {
            throw new IllegalArgumentException("ack.token must be at least 16 characters");
        }
        HttpServer server = HttpEndpoints.create(new InetSocketAddress(addr, s.port()),
                s.keystore() == null ? null : context(s.keystore(), s.keystorePassword()), "ack");
        byte[] expected = ("Bearer " + s.token()).getBytes(StandardCharsets.UTF_8);
        server.createContext("/alerts/", ex -> {
            try {
                handle(ex, expected, notifier);
            } catch (RuntimeException e) {
                log.warn("ack request failed error={}", e.toString());
                respond(ex, 500, "{\"error\":\"internal\"}");
            }
        });
        server.start();
        return new AckServer(server);
    }

    private static void handle(HttpExchange ex, byte[] expected, Notifier notifier) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        // Constant-time comparison: the token must not leak through timing.
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected)) {
            respond(ex, 401, "{\"error\":\"bad or missing bearer token\"}");
            return;
        }
        Matcher state = ALERT.matcher(ex.getRequestURI().getPath());
        if (state.matches() && "GET".equals(ex.getRequestMethod())) {
            // Whether an alert is known and acknowledged, as the audit trail says (also after a restart).
            String id = state.group(1);
            if (!notifier.known(id)) {
                respond(ex, 404, "{\"error\":\"no such alert\",\"id\":\"" + id + "\"}");
            } else {
                respond(ex, 200, "{\"id\":\"" + id + "\",\"acknowledged\":" + notifier.acknowledged(id) + "}");
            }
            return;
        }
        Matcher m = PATH.matcher(ex.getRequestURI().getPath());
        if (!m.matches()) {
            respond(ex, 404, "{\"error\":\"use POST /alerts/{id}/ack or GET /alerts/{id}\"}");
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            respond(ex, 405, "{\"error\":\"use POST\"}");
            return;
        }
        String query = ex.getRequestURI().getQuery();
        Matcher by = BY.matcher(query == null ? "" : query);
        String who = by.find() ? by.group(1) : "api";
        String id = m.group(1);
        if (!notifier.acknowledge(id, who)) {
            respond(ex, 404, "{\"error\":\"no such alert\",\"id\":\"" + id + "\"}");
            return;
        }
        log.info("alert acknowledged alert={} by={}", id, who);
        respond(ex, 200, "{\"acknowledged\":\"" + id + "\",\"by\":\"" + who + "\"}");
    }

    private static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static SSLContext context(Path keystore, String password) {
        return Tls.server("ack.tls-keystore", keystore, password);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
