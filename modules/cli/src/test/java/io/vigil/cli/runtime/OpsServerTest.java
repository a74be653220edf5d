package io.vigil.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.runtime.Health;
import io.vigil.testkit.TlsFixture;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics and health endpoint: stalled clients do not block others; old TLS is refused; DOWN is 503. */
class OpsServerTest {

    @TempDir
    Path dir;

    @Test
    void clientsThatConnectAndStallDoNotBlockTheHealthOfOthers() throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        String[] status = {"UP"};
        try (OpsServer ops = OpsServer.start(new OpsServer.Settings("127.0.0.1", 0, tls.keystore(), TlsFixture.PASSWORD),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> new Health(status[0], List.of(), Map.of()))) {
            // given three clients that open a connection and send nothing, not even a TLS hello
            List<Socket> stalled = new ArrayList<>();
            for (int i = 0; i < 3; i++) stalled.add(new Socket(InetAddress.getLoopbackAddress(), ops.port()));
            HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest health = HttpRequest.newBuilder(URI.create("https://localhost:" + ops.port() + "/health"))
                    .timeout(Duration.ofSeconds(3)).build();

            // then another client is answered at once, and DOWN is a 503
            long t0 = System.nanoTime();
            HttpResponse<String> up = client.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"status\":\"UP\"");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            status[0] = "DOWN";
            assertThat(client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);

            // and a stalled connection is closed by the server after its request time limit
            Socket s = stalled.get(0);
            s.setSoTimeout(20_000);
            try (InputStream in = s.getInputStream()) {
                assertThat(in.read()).as("closed by the server").isEqualTo(-1);
            } catch (SocketException reset) {
                // closed with a reset: closed all the same
            }
            for (Socket x : stalled) x.close();
        }
    }

    @Test
    void tlsBelow12IsRefused() throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        try (OpsServer ops = OpsServer.start(new OpsServer.Settings("127.0.0.1", 0, tls.keystore(), TlsFixture.PASSWORD),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> new Health("UP", List.of(), Map.of()))) {
            for (String old : List.of("TLSv1", "TLSv1.1")) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {TrustAll.INSTANCE}, null);
                SSLSocketFactory f = ctx.getSocketFactory();
                try (SSLSocket s = (SSLSocket) f.createSocket("127.0.0.1", ops.port())) {
                    s.setEnabledProtocols(new String[] {old});
                    s.setSoTimeout(5000);
                    Assertions.assertThatThrownBy(s::startHandshake).as(old)
                            .isInstanceOfAny(SSLHandshakeException.class, SocketException.class,
                                    SSLException.class);
                } catch (IllegalArgumentException notEvenSupported) {
                    // this JDK will not even speak it: refused all the same
                }
            }
        }
    }

    /** Trusts any certificate: the point here is the protocol version, not the certificate. */
    enum TrustAll implements X509TrustManager {
        INSTANCE;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
