package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.vigil.model.Indicator;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import io.vigil.runtime.TopicReader;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.TlsFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLParameters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil intel} into a real broker: a STIX bundle from an HTTPS server that wants a
 * bearer token (trusted through the given CA) and a CSV list from a file; current indicators
 * arrive by key, an expired one as a tombstone, skipped entries are said; a source that cannot
 * be read is one line and exit 3, and plain http is refused.
 */
class IntelCommandIT {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void sourcesFromHttpsAndFilesLandInTheIndicatorsTopic() throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        String stix = Files.readString(Path.of("../intel/src/test/resources/stix-bundle.json"))
                // one indicator of the bundle has already expired
                .replace("\"valid_from\": \"2026-11-20T09:00:00Z\", \"confidence\": 60",
                        "\"valid_from\": \"2026-11-20T09:00:00Z\", \"valid_until\": \"2026-11-21T00:00:00Z\", \"confidence\": 60");
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        server.createContext("/bundle.json", ex -> {
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            boolean ok = "Bearer feed-token-0123456789".equals(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ok ? stix.getBytes() : new byte[0];
            ex.sendResponseHeaders(ok ? 200 : 401, ok ? body.length : -1);
            if (ok) ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            Topics topics = kafka.freshTopics(1);
            Path csv = Path.of("../intel/src/test/resources/carecert-list.csv").toAbsolutePath();
            Path token = Files.writeString(dir.resolve("token"), "feed-token-0123456789\n");
            Path config = Files.writeString(dir.resolve("c.yaml"), "namespace: " + topics.namespace() + "\n"
                    + "kafka: {bootstrap.servers: '" + kafka.bootstrap() + "'}\n");
            CliRun r = CliRun.of("intel", "--config", config.toString(), "--source",
                    "https://localhost:" + server.getAddress().getPort() + "/bundle.json", "--source", csv.toString(),
                    "--token-file", token.toString(), "--truststore", tls.truststore().toString(),
                    "--truststore-password-file", password(dir).toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("(stix): 4 indicators, 1 expired and removed, 3 entries skipped")
                    .contains("(csv): 4 indicators, 0 expired and removed, 2 entries skipped")
                    .contains("skipped line 7: '999.1.1.1'");
            assertThat(auth).containsOnly("Bearer feed-token-0123456789");
            Map<String, Indicator> latest = new HashMap<>();
            for (ConsumerRecord<String, Indicator> rec : kafka.consume(topics.indicators(), JsonSerde.indicators(),
                    l -> l.size() >= 9, Duration.ofSeconds(20))) {
                latest.put(rec.key(), rec.value());
            }
            assertThat(latest).containsKeys("ip:198.51.100.7", "domain:secure-mail.example", "ip:198.51.100.120",
                    "cidr:203.0.113.0/25");
            assertThat(latest).containsEntry("cidr:203.0.113.0/24", null); // expired: a tombstone
            assertThat(latest.get("ip:198.51.100.7").confidence()).isEqualTo(85);

            CliRun missing = CliRun.of("intel", "--config", config.toString(), "--source", dir.resolve("nope.csv").toString(),
                    "--source", "http://localhost:1/x");
            assertThat(missing.exit()).isEqualTo(3);
            assertThat(missing.err()).contains("nope.csv: no such file")
                    .contains("http://localhost:1/x: only files and https URLs (TLS 1.2 or later) are read");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFeedThatAsksForAClientCertificateGetsOneAndWhatASourceDropsIsWithdrawn() throws Exception {
        TlsFixture tls = TlsFixture.create(dir);
        AtomicReference<String> list = new AtomicReference<>(
                "indicator,confidence\n192.0.2.10,80\n192.0.2.11,80\nstays.example,60\n");
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext(true)) {
            @Override
            public void configure(HttpsParameters p) {
                SSLParameters sp = getSSLContext().getDefaultSSLParameters();
                sp.setNeedClientAuth(true);
                p.setSSLParameters(sp);
            }
        });
        server.createContext("/list.csv", ex -> {
            byte[] body = list.get().getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            Topics topics = kafka.freshTopics(1);
            Path config = Files.writeString(dir.resolve("c.yaml"), "namespace: " + topics.namespace() + "\n"
                    + "kafka: {bootstrap.servers: '" + kafka.bootstrap() + "'}\n");
            String url = "https://localhost:" + server.getAddress().getPort() + "/list.csv";
            String[] trust = {"--truststore", tls.truststore().toString(), "--truststore-password-file", password(dir).toString()};

            CliRun refused = CliRun.of(concat(new String[] {"intel", "--config", config.toString(), "--source", url}, trust));
            assertThat(refused.exit()).as("no client certificate: the feed refuses the handshake").isEqualTo(3);
            assertThat(refused.err()).contains(url);

            String[] withCert = concat(new String[] {"intel", "--config", config.toString(), "--source", url,
                    "--keystore", tls.keystore().toString(), "--keystore-password-file", password(dir).toString()}, trust);
            CliRun first = CliRun.of(withCert);
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.err()).contains("(csv): 3 indicators").doesNotContain("no longer listed");

            list.set("indicator,confidence\n192.0.2.10,80\nstays.example,60\n"); // the bulletin withdraws 192.0.2.11
            CliRun second = CliRun.of(withCert);
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(second.err()).contains("1 indicators no longer listed by their sources removed");
            Map<String, Indicator> now = TopicReader.current(kafka.clientProps(), topics.indicatorRecords(),
                    Duration.ofSeconds(20));
            assertThat(now).containsOnlyKeys("ip:192.0.2.10", "domain:stays.example");
        } finally {
            server.stop(0);
        }
    }

    private static Path password(Path dir) throws IOException {
        return Files.writeString(dir.resolve("store.pass"), TlsFixture.PASSWORD + "\n");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
