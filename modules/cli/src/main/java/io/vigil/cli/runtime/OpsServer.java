package io.vigil.cli.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.cli.UserException;
import io.vigil.model.Json;
import io.vigil.runtime.Health;
import io.vigil.runtime.HttpEndpoints;
import io.vigil.runtime.Tls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The operations endpoint of a long-running role: {@code /metrics} (Prometheus text) and
 * {@code /health} (JSON; 200 when UP or DEGRADED, 503 when DOWN). It binds to loopback by
 * default; binding anywhere else requires a TLS keystore, and then speaks TLS 1.2/1.3 only.
 */
public final class OpsServer implements AutoCloseable {

    /** Where to listen; {@code keystore} (PKCS12) is required for a non-loopback bind. */
    public record Settings(String bind, int port, Path keystore, String keystorePassword) {
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            if (port < 0 || port > 65535) p.add("metrics.port: " + port + " must be 0..65535 (0: any free port)");
            boolean loopback;
            try {
                loopback = InetAddress.getByName(bind).isLoopbackAddress();
            } catch (IOException e) {
                p.add("metrics.bind: '" + bind + "' is not an address");
                return p;
            }
            if (!loopback && keystore == null) {
                p.add("metrics.bind: " + bind + " is not loopback; set metrics.tls-keystore (PKCS12) so the endpoint speaks TLS");
            }
            return p;
        }
    }

    private final HttpServer server;

    private OpsServer(HttpServer server) {
        this.server = server;
    }

    public static OpsServer start(Settings s, PrometheusMeterRegistry registry, Supplier<Health> health) {
        try {
            InetSocketAddress addr = new InetSocketAddress(InetAddress.getByName(s.bind()), s.port());
            HttpServer server = HttpEndpoints.create(addr, s.keystore() == null ? null : tls(s.keystore(),
                    s.keystorePassword()), "ops");
            server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                    registry.scrape()));
            server.createContext("/health", ex -> {
                Health h = health.get();
                respond(ex, h.down() ? 503 : 200, "application/json", Json.write(h.body()));
            });
            server.start();
            return new OpsServer(server);
        } catch (IOException e) {
            throw new UserException("metrics endpoint " + s.bind() + ":" + s.port() + ": cannot listen: " + e.getMessage());
        }
    }

    private static SSLContext tls(Path keystore, String password) {
        try {
            return Tls.server("metrics.tls-keystore", keystore, password);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
