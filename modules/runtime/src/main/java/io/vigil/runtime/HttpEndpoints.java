package io.vigil.runtime;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * How every role opens an HTTP endpoint (metrics, health, acknowledgements): TLS 1.2/1.3 only
 * when given a context, several clients served at once, and a time limit on reading a request
 * (the TLS handshake included), so a client that connects and stalls can hold one thread for
 * ten seconds and never the endpoint. Before, one stalled TLS client blocked /health, /metrics
 * and acknowledgements for everyone, for as long as it liked.
 */
public final class HttpEndpoints {

    /** Threads serving requests; a stalled client holds one for at most the request time limit. */
    static final int THREADS = 8;
    /** Seconds to read a request (and to handshake), and to write a response. */
    static final String REQUEST_SECONDS = "10", RESPONSE_SECONDS = "30";

    private HttpEndpoints() {}

    /** A server on {@code addr}, TLS when {@code tls} is not null; call {@code start()} after adding contexts. */
    public static HttpServer create(InetSocketAddress addr, SSLContext tls, String name) throws IOException {
        // Read by the JDK's server once, when its first server is made: set them before any is.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
        }
        HttpServer server;
        if (tls != null) {
            HttpsServer https = HttpsServer.create(addr, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setProtocols(Tls.PROTOCOLS);
                    params.setSSLParameters(p);
                }
            });
            server = https;
        } else {
            server = HttpServer.create(addr, 0);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "vigil-" + name + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        return server;
    }
}
