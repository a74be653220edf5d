package io.vigil.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.simulator.Scenario;
import io.vigil.simulator.Scenarios;
import io.vigil.testkit.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil standalone} as a small site runs it: the packaged jar in its own process, its
 * broker's data in a directory of its own. Run once on a capture with a port scan: the alert
 * reaches the webhook and is acknowledged. Stopped (SIGTERM) and started again on the same
 * directory: the alert is still known and still acknowledged (from the audit trail kept by the
 * broker), the detector's state is restored, and nothing is notified again.
 */
class StandaloneIT {

    @TempDir
    Path dir;

    @Test
    void stoppedAndStartedAgainItRemembersEverythingAndNotifiesNothingTwice() throws Exception {
        Scenario scenario = Scenarios.demo(1);
        Path capture = scenario.traffic().write(dir.resolve("demo.pcap"));
        WebhookReceiver hook = WebhookReceiver.start();
        // event:id of each delivery
        Supplier<List<String>> received = () -> hook.received().stream()
                .map(b -> b.path("event").asText() + ":" + b.path("alert").path("id").asText()).toList();
        int[] ports = VigilJar.freePorts(4);
        String token = "standalone-test-token-0123456789";
        try {
            // first run: the capture
            Path site1 = config("site1.yaml", ports, hook.url("/"), token,
                    "  capture: {files: ['" + capture + "']}", scenario.internal());
            Path log1 = dir.resolve("run1.log");
            Process p = VigilJar.command("standalone", "--config", site1.toString())
                    .redirectErrorStream(true).redirectOutput(log1.toFile()).start();
            String alertId;
            try {
                waitFor(() -> !received.get().isEmpty() || !p.isAlive(), 180);
                assertThat(received.get()).as(Files.readString(log1)).isNotEmpty();
                alertId = hook.alertIds().get(0);
                HttpResponse<String> ack = http("POST", ports[3], "/alerts/" + alertId + "/ack?by=analyst", token);
                assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
                VigilJar.settle(() -> hook.requests().size(), 5);
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s").isTrue();
                // the JVM's status after SIGTERM once every hook ran (systemd: SuccessExitStatus=143)
                assertThat(p.exitValue()).as(Files.readString(log1)).isEqualTo(143);
                assertThat(Files.readString(log1)).contains("vigil standalone: stopped");
            } finally {
                p.destroyForcibly();
            }
            List<String> first = received.get();
            assertThat(brokerFiles()).as("the broker's data is kept").isNotEmpty();

            // second run: the same directory, live on loopback with a filter nothing matches
            // with an indicator source, loaded at start and every minute into the appliance's own topic
            Path bulletin = Files.writeString(dir.resolve("bulletin.csv"),
                    "indicator,confidence,description\n203.0.113.66,80,C2\nbad entry,50,x\n");
            Path site2 = config("site2.yaml", ports, hook.url("/"), token,
                    "  capture: {interface: lo, filter: 'udp port 9'}", scenario.internal(),
                    "intel: {sources: ['" + bulletin + "'], every: 1m}");
            Path log2 = dir.resolve("run2.log");
            Process q = VigilJar.command("standalone", "--config", site2.toString())
                    .redirectErrorStream(true).redirectOutput(log2.toFile()).start();
            try {
                waitFor(() -> !q.isAlive() || log(log2).contains("Ctrl-C to stop"), 120);
                assertThat(q.isAlive()).as(log(log2)).isTrue();
                HttpResponse<String> state = http("GET", ports[3], "/alerts/" + alertId, token);
                assertThat(state.statusCode()).as("the alert is still known: " + state.body()).isEqualTo(200);
                assertThat(state.body()).contains("\"acknowledged\":true");
                HttpResponse<String> health = http("GET", ports[2], "/health", null);
                assertThat(health.body()).as(log(log2)).contains("\"status\":\"UP\"");
                assertThat(log(log2)).contains("1 indicator source(s) every 1m");
                // loaded into the topic, then taken in by the detector's global thread
                waitFor(() -> metrics(ports[2]).contains("vigil_detector_indicators{kind=\"ip\"} 1.0"), 60);
                assertThat(metrics(ports[2])).as(log(log2)).contains("vigil_intel_sources_failed 0.0")
                        .contains("vigil_detector_indicators{kind=\"ip\"} 1.0");
                assertThat(log(log2)).contains("bulletin.csv (csv): 1 indicators, 0 expired and removed, 1 entries skipped");
                Thread.sleep(10_000);
                assertThat(received.get()).as("nothing is notified again after the restart\n" + log(log2))
                        .containsExactlyElementsOf(first);
                q.destroy();
                assertThat(q.waitFor(90, TimeUnit.SECONDS)).isTrue();
                assertThat(q.exitValue()).as(log(log2)).isEqualTo(143);
            } finally {
                q.destroyForcibly();
            }
        } finally {
            hook.close();
        }
    }

    private Path config(String name, int[] ports, URI hook, String token, String capture, List<String> internal,
                        String... extra) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n",
                String.join("\n", extra),
                "broker:",
                "  dir: " + dir.resolve("kafka"),
                "  port: " + ports[0],
                "  controller-port: " + ports[1],
                "metrics: {port: " + ports[2] + "}",
                "collector:",
                "  site: lab",
                "  internal: [" + String.join(", ", internal) + "]",
                capture,
                "  spool: {dir: " + dir.resolve("spool") + "}",
                "detector:",
                "  state-dir: " + dir.resolve("state"),
                "notifier:",
                "  channels:",
                "    hook: {type: webhook, url: '" + hook + "', allow-http: true}",
                "  ack: {token: " + token + ", port: " + ports[3] + "}",
                ""));
    }

    private List<Path> brokerFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("kafka"))) {
            return s.filter(f -> f.toString().endsWith(".log")).toList();
        }
    }

    private static String metrics(int port) {
        try {
            return http("GET", port, "/metrics", null).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static HttpResponse<String> http(String method, int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void waitFor(BooleanSupplier c, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!c.getAsBoolean() && System.currentTimeMillis() < deadline) Thread.sleep(200);
    }

    private static String log(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }
}
