package io.vigil.bench;

import io.vigil.cli.ExitCodes;
import io.vigil.cli.UserException;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OfflinePipeline;
import io.vigil.console.Console;
import io.vigil.console.ConsoleConfig;
import io.vigil.console.auth.LocalUsers;
import io.vigil.console.auth.Role;
import io.vigil.console.auth.Trust;
import io.vigil.embedded.BrokerTls;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.Severity;
import io.vigil.model.Topics;
import io.vigil.model.TriageAction;
import io.vigil.model.TriageState;
import io.vigil.runtime.Percentiles;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench console}: the console with many alerts in view, on the in-process broker,
 * over HTTPS as a browser reaches it: how long it takes to read the topics at start, its heap,
 * the queue and an alert's page (p50/p95 over many requests, measured at the client, so server
 * time plus TLS on loopback), and browsers on the live feed — each refreshing its queue when an
 * alert arrives, as the page does — with the time from an alert put on the topic to each
 * browser hearing of it.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "The console with --alerts in view: start, heap, queue and alert page times, --clients on the live feed.")
final class ConsoleBench implements Callable<Integer> {

    @Option(names = "--alerts", defaultValue = "100000", description = "alerts in view (default: ${DEFAULT-VALUE})")
    int alerts;

    @Option(names = "--clients", defaultValue = "50", description = "browsers on the live feed (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--requests", defaultValue = "300", description = "requests per page measured (default: ${DEFAULT-VALUE})")
    int requests;

    static final AlertType[] TYPES = {AlertType.PORT_SCAN, AlertType.HOST_SWEEP, AlertType.BRUTE_FORCE, AlertType.EXFILTRATION,
        AlertType.BEACONING, AlertType.DNS_TUNNEL, AlertType.INSECURE_PROTOCOL, AlertType.VOLUME_ANOMALY};
    static final String PASSWORD = "bench console password";

    @Override
    public Integer call() throws Exception {
        if (alerts < 100 || clients < 1) throw new UserException("--alerts must be at least 100 and --clients at least 1");
        Path dir = Files.createTempDirectory("vigil-bench-console-");
        try (KafkaEndpoint kafka = KafkaEndpoint.embedded(Map.of())) {
            Topics topics = new Topics("bench-console");
            kafka.ensureTopics(topics, 2, Duration.ofDays(1).toMillis());
            List<String> ids = fill(kafka.clientProps(), topics);
            BrokerTls tls = BrokerTls.inDirectory(dir.resolve("tls"));
            Path users = Files.writeString(dir.resolve("users"), LocalUsers.line("bench", Role.ANALYST, PASSWORD.toCharArray()) + "\n");
            ConsoleConfig c = new ConsoleConfig(topics, "127.0.0.1", 0, tls.keystore(), tls.password(), null, users, null,
                    Duration.ofHours(12), Duration.ofHours(12), Duration.ofDays(90), 5, Duration.ofMinutes(15), null);
            long t0 = System.nanoTime();
            try (Console console = new Console(c, kafka.clientProps()).start()) {
                while (!console.ready()) Thread.sleep(20);
                System.out.printf(Locale.ROOT, "console: %,d alerts in view, read from the topics in %.1f s%n",
                        console.view().size(), (System.nanoTime() - t0) / 1e9);
                heap();
                HttpClient http = HttpClient.newBuilder().sslContext(Trust.of(
                        Path.of(tls.clientProps().get("ssl.truststore.location")), tls.password())).build();
                String base = console.url();
                String cookie = signIn(http, base);
                Random r = new Random(7);
                // the queue is made once per view version and filter: the first two are mostly that cache
                measure(http, cookie, "queue (default filter)", () -> base + "/");
                measure(http, cookie, "queue (made afresh each time)", () -> base + "/?host=203.0." + r.nextInt(19) + "."
                        + (1 + r.nextInt(250)) + "&state=all&severity=" + List.of("low", "medium", "high").get(r.nextInt(3)));
                measure(http, cookie, "queue (site and severity)", () -> base + "/?site=site-" + r.nextInt(20) + "&severity=high");
                measure(http, cookie, "queue (a host's /24)", () -> base + "/?host=" + URLEncoder.encode("198.51.100.0/24",
                        StandardCharsets.UTF_8) + "&state=all");
                measure(http, cookie, "alert page", () -> base + "/alerts/" + ids.get(r.nextInt(ids.size())));
                live(http, cookie, base, kafka.clientProps(), topics);
                heap();
            }
        } finally {
            OfflinePipeline.deleteTree(dir);
        }
        return ExitCodes.OK;
    }

    /** Alerts spread over 20 sites, 8 types and 5 000 sources; a tenth triaged; each with a delivery in the audit trail. */
    private List<String> fill(Map<String, Object> props, Topics topics) {
        List<String> ids = new ArrayList<>();
        Random r = new Random(1);
        Instant t = Instant.now().minus(Duration.ofDays(30));
        long t0 = System.nanoTime();
        try (KafkaProducer<String, Alert> p = topics.alertRecords().producer(new HashMap<>(props));
             KafkaProducer<String, TriageAction> tp = topics.triageRecords().producer(new HashMap<>(props));
             KafkaProducer<String, NotificationAttempt> np = topics.notificationRecords().producer(new HashMap<>(props))) {
            for (int i = 0; i < alerts; i++) {
                String id = "bench-" + i;
                AlertType type = TYPES[i % TYPES.length];
                String src = (i % 3 == 0 ? "198.51.100." : "203.0." + (i % 19) + ".") + (r.nextInt(5000) % 250 + 1);
                String dst = "10.10." + r.nextInt(20) + "." + (r.nextInt(250) + 1);
                Instant at = t.plusMillis((long) i * 25_000);
                Alert a = new Alert(Alert.VERSION, id, type, Severity.values()[1 + r.nextInt(4)], i % 5 == 0 ? Alert.ACTIVE : Alert.ENDED,
                        "site-" + r.nextInt(20), src, dst, List.of(dst), at, at.plusSeconds(40), at.plusSeconds(2), at.plusSeconds(2),
                        1 + r.nextDouble() * 10, 100 + r.nextInt(400), new Alert.Baseline(15, 0, 0),
                        src + " did something to " + dst + " at " + at + "; look at it.",
                        Map.of("distinct_ports", 200, "window_seconds", 300, "threshold_ports", 15, "sample_ports",
                                List.of(21, 22, 23, 25, 80, 443)), List.of("T1046"));
                p.send(new ProducerRecord<>(topics.alerts(), id, a));
                np.send(new ProducerRecord<>(topics.notifications(), id, new NotificationAttempt(NotificationAttempt.VERSION, id,
                        type.wire(), a.severity().wire(), a.site(), "soc", "soc", "raised", 1, NotificationAttempt.DELIVERED,
                        null, a.detectedAt(), a.detectedAt().plusMillis(40), 40)));
                if (i % 10 == 0) {
                    tp.send(new ProducerRecord<>(topics.triage(), id, new TriageAction(TriageAction.VERSION, "t-" + i, id,
                            TriageAction.ACKNOWLEDGE, "bench", at.plusSeconds(300), TriageState.OPEN, TriageState.ACKNOWLEDGED,
                            null, "bench", null, "looking", null, null, "console")));
                }
                ids.add(id);
            }
        }
        System.out.printf(Locale.ROOT, "bench: %,d alerts, %,d audit records and %,d triage actions written in %.1f s%n",
                alerts, alerts, (alerts + 9) / 10, (System.nanoTime() - t0) / 1e9);
        return ids;
    }

    private static void heap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        System.out.printf(Locale.ROOT, "console: heap in use after GC %,d MB (this JVM: broker and console)%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    private static String signIn(HttpClient http, String base) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/signin")).build(),
                HttpResponse.BodyHandlers.ofString());
        String nonce = cookie(form, "__Host-vigil-signin");
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        if (!m.find()) throw new IllegalStateException("no CSRF token on the sign-in page");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/signin"))
                .header("Cookie", "__Host-vigil-signin=" + nonce).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=bench&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                        + "&csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&next=/")).build(),
                HttpResponse.BodyHandlers.ofString());
        String session = cookie(r, "__Host-vigil-session");
        if (session == null) throw new IllegalStateException("sign-in failed: " + r.statusCode());
        return "__Host-vigil-session=" + session;
    }

    private static String cookie(HttpResponse<?> r, String name) {
        for (String c : r.headers().allValues("set-cookie")) {
            if (c.startsWith(name + "=")) return c.substring(name.length() + 1, c.indexOf(';'));
        }
        return null;
    }

    private void measure(HttpClient http, String cookie, String what, Supplier<String> url) throws Exception {
        for (int i = 0; i < 20; i++) get(http, cookie, url.get()); // warm-up
        long[] ns = new long[requests];
        long bytes = 0;
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            bytes += get(http, cookie, url.get());
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "%-28s n=%d  p50 %.1f ms  p95 %.1f ms  max %.1f ms  (%,d bytes a page)%n", what, requests,
                Percentiles.nearestRank(ns, 0.5) / 1e6, Percentiles.nearestRank(ns, 0.95) / 1e6, ns[ns.length - 1] / 1e6,
                bytes / requests);
    }

    private static long get(HttpClient http, String cookie, String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode());
        return r.body().length;
    }

    /**
     * {@code clients} live feeds open; 100 alerts put on the topic, ten a second; each client, on
     * hearing of a change, fetches its queue's rows (at most every 250 ms, as the page does).
     */
    private void live(HttpClient http, String cookie, String base, Map<String, Object> props, Topics topics) throws Exception {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> heard = new CopyOnWriteArrayList<>(), refresh = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> streams = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            AtomicBoolean due = new AtomicBoolean();
            streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/events")).header("Cookie", cookie)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines()).thenAccept(resp ->
                    resp.body().forEach(line -> {
                        if (!line.startsWith("data:")) return;
                        long now = System.nanoTime();
                        for (Map.Entry<String, Long> e : sent.entrySet()) {
                            if (line.contains("\"" + e.getKey() + "\"")) heard.add(now - e.getValue());
                        }
                        // as the page does: one refresh 250 ms after a change, fetched without holding up the stream
                        if (due.compareAndSet(false, true)) {
                            CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS)
                                    .execute(() -> {
                                        due.set(false);
                                        long t = System.nanoTime();
                                        http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/queue/rows"))
                                                .header("Cookie", cookie).header("Accept-Encoding", "identity").build(),
                                                HttpResponse.BodyHandlers.discarding())
                                                .thenAccept(r -> refresh.add(System.nanoTime() - t));
                                    });
                        }
                    })));
        }
        Thread.sleep(2000);
        try (KafkaProducer<String, Alert> p = topics.alertRecords().producer(new HashMap<>(props))) {
            for (int i = 0; i < 100; i++) {
                String id = "live-" + i;
                Instant now = Instant.now();
                Alert a = new Alert(Alert.VERSION, id, AlertType.PORT_SCAN, Severity.HIGH, Alert.ACTIVE, "site-live",
                        "198.51.100.250", "10.10.1.10", List.of("10.10.1.10"), now, now, now, now, 2, 30,
                        new Alert.Baseline(15, 0, 0), "live bench alert " + i, Map.of(), List.of("T1046"));
                sent.put(id, System.nanoTime());
                p.send(new ProducerRecord<>(topics.alerts(), id, a));
                p.flush();
                Thread.sleep(100);
            }
        }
        Thread.sleep(3000);
        streams.forEach(s -> s.cancel(true));
        long[] h = heard.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] f = refresh.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "live feed: %d browsers, 100 alerts at 10/s: %,d of %,d notices heard; put on the topic to "
                        + "heard: p50 %.0f ms  p95 %.0f ms  max %.0f ms%n", clients, h.length, clients * 100,
                Percentiles.nearestRank(h, 0.5) / 1e6, Percentiles.nearestRank(h, 0.95) / 1e6, h[h.length - 1] / 1e6);
        if (f.length > 0) {
            System.out.printf(Locale.ROOT, "live feed: %,d queue refreshes by the browsers: p50 %.1f ms  p95 %.1f ms  max %.1f ms%n",
                    f.length, Percentiles.nearestRank(f, 0.5) / 1e6, Percentiles.nearestRank(f, 0.95) / 1e6, f[f.length - 1] / 1e6);
        }
    }
}
