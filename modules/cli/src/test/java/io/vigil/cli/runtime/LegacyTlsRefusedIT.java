package io.vigil.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.console.Console;
import io.vigil.console.ConsoleConfig;
import io.vigil.embedded.EmbeddedKafka;
import io.vigil.model.Topics;
import io.vigil.notifier.AckServer;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.NotifierConfig;
import io.vigil.runtime.Health;
import io.vigil.testkit.TlsFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every listener Vigil opens — the embedded broker's two Kafka listeners, the metrics/health
 * endpoint, the acknowledgement endpoint and the console — accepts TLS 1.3 and 1.2 and refuses 1.1 and 1.0,
 * tried with a real client (openssl s_client). The JVM here has the JDK's own ban on old TLS
 * lifted (legacy-tls.security, this test's execution only), and a control server that does
 * allow TLS 1.1 is reached with it, so the refusals are Vigil's settings at work.
 */
class LegacyTlsRefusedIT {

    @TempDir
    Path dir;

    @Test
    void onlyTls12And13AreSpokenOnEveryListener() throws Exception {
        TlsFixture cert = TlsFixture.create(dir);
        try (SSLServerSocket control = legacyControl(cert)) {
            assertThat(handshake(control.getLocalPort(), "-tls1_1")).as("the control: TLS 1.1 works in this JVM")
                    .contains("Protocol version: TLSv1.1");
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.startNewWithTls()) {
            Map<String, Object> good = new HashMap<>(kafka.clientProps());
            try (Admin admin = Admin.create(good)) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            Map<String, Object> plain = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "request.timeout.ms", 3000, "default.api.timeout.ms", 5000);
            try (Admin admin = Admin.create(plain)) {
                assertThat(admin.describeCluster().nodes()).failsWithin(Duration.ofSeconds(15));
            }
            int broker = port(kafka.bootstrapServers());
            int controller = kafka.controllerPort();
            var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (OpsServer ops = OpsServer.start(new OpsServer.Settings("127.0.0.1", 0, cert.keystore(), TlsFixture.PASSWORD),
                    registry, () -> new Health("UP", List.of(), Map.of()));
                 Notifier notifier = new Notifier(NotifierConfig.defaults(), good, List.of());
                 AckServer ack = AckServer.start(new AckServer.Settings("127.0.0.1", 0, "a-token-of-24-characters",
                         cert.keystore(), TlsFixture.PASSWORD), notifier);
                 Console console = new Console(new ConsoleConfig(
                         Topics.DEFAULT, "127.0.0.1", 0, cert.keystore(), TlsFixture.PASSWORD, null,
                         Files.writeString(dir.resolve("users"), ""), null, Duration.ofHours(1),
                         Duration.ofHours(1), Duration.ofDays(1), 5, Duration.ofMinutes(15), null),
                         good).start()) {
                Map<String, Integer> listeners = Map.of("kafka broker", broker, "kafka controller", controller,
                        "metrics/health", ops.port(), "acknowledgement", ack.port(), "console", console.port());
                listeners.forEach((name, port) -> {
                    assertThat(handshake(port, "-tls1_3")).as(name + " TLS 1.3").contains("Protocol version: TLSv1.3");
                    assertThat(handshake(port, "-tls1_2")).as(name + " TLS 1.2").contains("Protocol version: TLSv1.2");
                    assertThat(handshake(port, "-tls1_1")).as(name + " TLS 1.1").doesNotContain("CONNECTION ESTABLISHED");
                    assertThat(handshake(port, "-tls1")).as(name + " TLS 1.0").doesNotContain("CONNECTION ESTABLISHED");
                });
            }
        }
    }

    /** A server that allows TLS 1.1, answering one handshake after another until closed. */
    private static SSLServerSocket legacyControl(TlsFixture cert) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(cert.keystore())) {
            ks.load(in, TlsFixture.PASSWORD.toCharArray());
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TlsFixture.PASSWORD.toCharArray());
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(new String[] {"TLSv1.1"});
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    s.getInputStream().read();
                } catch (IOException e) {
                    // closed, or a handshake the client gave up
                }
            }
        }, "legacy-control");
        t.setDaemon(true);
        t.start();
        return server;
    }

    /** What openssl s_client says of a handshake with only {@code version} offered. */
    static String handshake(int port, String version) {
        try {
            Process p = new ProcessBuilder("openssl", "s_client", "-brief", version, "-cipher", "DEFAULT:@SECLEVEL=0",
                    "-connect", "127.0.0.1:" + port).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot run openssl s_client", e);
        }
    }

    static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }
}
