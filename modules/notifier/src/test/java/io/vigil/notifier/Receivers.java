package io.vigil.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Json;
import io.vigil.model.JsonSerde;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.Topics;
import io.vigil.notifier.channel.Channel;
import io.vigil.notifier.channel.EmailChannel;
import io.vigil.notifier.channel.SyslogChannel;
import io.vigil.notifier.channel.WebhookChannel;
import io.vigil.runtime.Tls;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.TlsFixture;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLServerSocket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real servers the notifier's tests deliver to, over TLS with the tests' one certificate
 * ({@link TestTls}): an HTTPS webhook receiver, a syslog-over-TLS listener (RFC 5425 frames),
 * an SMTP server with implicit TLS and authentication (GreenMail), and an e-mail channel
 * aimed at it.
 */
final class Receivers {

    private Receivers() {}

    /** An HTTPS receiver that keeps every request body and its signature headers. */
    static final class Receiver implements AutoCloseable {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<String> signatures = new CopyOnWriteArrayList<>();
        final List<String> timestamps = new CopyOnWriteArrayList<>();
        final List<String> paths = new CopyOnWriteArrayList<>();
        final int port;
        HttpsServer server;

        Receiver(int port) throws IOException {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestTls.get().serverContext()));
            server.createContext("/", ex -> {
                bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                signatures.add(ex.getRequestHeaders().getFirst("X-Vigil-Signature"));
                timestamps.add(ex.getRequestHeaders().getFirst("X-Vigil-Timestamp"));
                paths.add(ex.getRequestURI().getPath());
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            server.start();
            this.port = server.getAddress().getPort();
        }

        URI url(String path) {
            return URI.create("https://localhost:" + port + path);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A syslog-over-TLS listener that parses RFC 5425 frames. */
    static final class SyslogListener implements AutoCloseable {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<Socket> connections = new CopyOnWriteArrayList<>();
        final SSLServerSocket socket;
        final Thread thread;

        SyslogListener(int port) throws IOException {
            socket = (SSLServerSocket) TestTls.get().serverContext().getServerSocketFactory().createServerSocket(port, 10,
                    InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept(); InputStream in = new BufferedInputStream(s.getInputStream())) {
                        connections.add(s);
                        while (true) {
                            StringBuilder len = new StringBuilder();
                            int c;
                            while ((c = in.read()) != ' ') {
                                if (c < 0) throw new IOException("closed");
                                len.append((char) c);
                            }
                            messages.add(new String(in.readNBytes(Integer.parseInt(len.toString())), StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        // connection over
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Goes away entirely: the listening socket and every connection. */
        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket c : connections) c.close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static GreenMail smtps(int port) {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        mail.setUser("vigil@example-care.org", "vigil", "s3cret-password");
        mail.start();
        return mail;
    }

    static EmailChannel email(int port) {
        return new EmailChannel("email", new EmailChannel.Settings("localhost", port, EmailChannel.Security.IMPLICIT, "vigil",
                "s3cret-password", "vigil@example-care.org", List.of("soc@example-care.org"), 5000),
                Tls.context(TestTls.get().truststore(), TlsFixture.PASSWORD));
    }
}
