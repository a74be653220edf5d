package io.vigil.console;

import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.Role;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.JsonSerde;
import io.vigil.model.Severity;
import io.vigil.model.Topics;
import io.vigil.testkit.KafkaBroker;
import io.vigil.testkit.TlsFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A console on the test broker: HTTPS with a test certificate, a users file with an analyst
 * ({@code ana}), a viewer ({@code vic}) and an admin ({@code adam}), all with {@link #PASSWORD},
 * and helpers to put alerts on its topics.
 */
final class ConsoleFixture implements AutoCloseable {

    static final String PASSWORD = "correct horse battery staple";

    final KafkaBroker kafka;
    final Topics topics;
    final Console console;
    final TlsFixture tls;

    ConsoleFixture(KafkaBroker kafka, Path dir) throws IOException {
        this.kafka = kafka;
        this.topics = kafka.freshTopics(1);
        this.tls = TlsFixture.create(dir);
        Path users = dir.resolve("users");
        Files.writeString(users, "# test users\n" + LocalUsers.line("ana", Role.ANALYST, PASSWORD.toCharArray()) + "\n"
                + LocalUsers.line("vic", Role.VIEWER, PASSWORD.toCharArray()) + "\n"
                + LocalUsers.line("adam", Role.ADMIN, PASSWORD.toCharArray()) + "\n", StandardCharsets.UTF_8);
        ConsoleConfig config = new ConsoleConfig(topics, "127.0.0.1", 0, tls.keystore(), TlsFixture.PASSWORD, null, users,
                null, Duration.ofHours(12), Duration.ofMinutes(30), Duration.ofDays(90), 5, Duration.ofMinutes(15), null);
        this.console = new Console(config, kafka.clientProps()).start();
    }

    String url(String path) {
        return "https://127.0.0.1:" + console.port() + path;
    }

    static Alert alert(String id, AlertType type, String site, String src, String dst, String summary,
                       Map<String, Object> evidence) {
        Instant t = Instant.parse("2026-11-02T09:01:30Z");
        return new Alert(Alert.VERSION, id, type, Severity.HIGH, Alert.ACTIVE, site, src, dst, dst == null ? List.of()
                : List.of(dst), t, t.plusSeconds(4), t.plusSeconds(1), Instant.now(), 13.3, 200,
                new Alert.Baseline(15, 0, 0), summary, evidence, List.of("T1046"));
    }

    static Alert scan(String id, String src) {
        return alert(id, AlertType.PORT_SCAN, "clinic-north", src, "10.10.1.10", src + " probed 200 ports on 10.10.1.10 "
                + "(open: 80, 443); block the source at the perimeter if it is not an authorised scanner.",
                Map.of("distinct_ports", 200, "threshold_ports", 15, "window_seconds", 300, "open_ports", List.of(80, 443)));
    }

    void produce(Alert... alerts) {
        kafka.produce(topics.alerts(), JsonSerde.alerts(), Arrays.stream(alerts)
                .map(a -> new ProducerRecord<>(topics.alerts(), a.id(), a)).toList());
    }

    /** Waits until the console's view holds alert {@code id}. */
    void awaitInView(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (console.view().alert(id) == null) {
            if (System.nanoTime() > deadline) throw new AssertionError("alert " + id + " never reached the view");
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        console.close();
    }
}
