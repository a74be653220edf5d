package io.vigil.bench;

import com.sun.net.httpserver.HttpServer;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.UserException;
import io.vigil.cli.Vigil;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.model.Alert;
import io.vigil.model.AlertType;
import io.vigil.model.Json;
import io.vigil.model.Severity;
import io.vigil.model.Suppression;
import io.vigil.model.Topics;
import io.vigil.notifier.AuditTrail;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.NotifierConfig;
import io.vigil.notifier.SuppressionIndex;
import io.vigil.notifier.channel.WebhookChannel;
import io.vigil.runtime.Percentiles;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench notifier}: how long from an alert written to the alerts topic to the
 * webhook receiving it, through the real notifier (routing, audit, offsets after delivery) on
 * the in-process broker, at a steady rate and as one burst. The same alerts then go through a
 * bare relay (a consumer that POSTs each record, nothing else) in the same run: the ratio is
 * what Vigil's guarantees cost.
 */
@Command(name = "notifier", mixinStandardHelpOptions = true,
        description = "Alert-to-webhook latency (p50/p99) through the notifier on the in-process broker, against a bare relay.")
final class NotifierBench implements Callable<Integer> {

    @Option(names = "--alerts", defaultValue = "1000", description = "alerts per phase (default: ${DEFAULT-VALUE})")
    int alerts;

    @Option(names = "--rate", defaultValue = "100", description = "alerts per second in the steady phase (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--suppressions", defaultValue = "0", description = "also run the notifier with this many suppressions in "
            + "force (none matching: every alert is checked against them) and report the cost against none (default: ${DEFAULT-VALUE})")
    int suppressions;

    @Option(names = "--rounds", defaultValue = "3", description = "with --suppressions: rounds of with and without, "
            + "alternating, the medians compared (default: ${DEFAULT-VALUE})")
    int rounds;

    /** CPU time (µs) of the notifier's threads per alert in each mode's bursts: the cost, less noisy than wall time. */
    private final Map<String, List<Double>> cpu = new LinkedHashMap<>();

    /** CPU time of every thread of the notifier (its consumer and its channel workers) so far. */
    private static long notifierCpuNanos() {
        var mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("vigil-notifier")) sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
        }
        return sum;
    }

    /** Burst throughput (alerts/s) of each mode's rounds, for the ratios. */
    private final Map<String, List<Double>> throughput = new LinkedHashMap<>();

    /** Receipt times by alert id, for the phase being measured. */
    private final Map<String, Long> received = new ConcurrentHashMap<>();
    private final Map<String, Long> sent = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (alerts < 10 || rate < 1) throw new UserException("--alerts must be at least 10 and --rate at least 1");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            long now = System.nanoTime();
            String id = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes()).path("alert").path("id").asText();
            received.putIfAbsent(id, now);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bench");
        System.err.printf(Locale.ROOT, "bench: %,d alerts per phase; webhook receiver on %s (loopback, plain HTTP)%n",
                alerts, url);
        try (KafkaEndpoint kafka = KafkaEndpoint.embedded(Map.of())) {
            Map<String, Object> props = kafka.clientProps();
            // with suppressions: alternating rounds, so the JIT and the broker warm up for both alike
            List<String> modes = new ArrayList<>();
            if (suppressions > 0) modes.add("warm-up"); // a round for the JIT, not counted
            for (int r = 0; r < (suppressions > 0 ? rounds : 1); r++) {
                modes.add("vigil");
                if (suppressions > 0) modes.add("vigil+s");
            }
            modes.add("relay");
            int run = 0;
            boolean audited = false;
            for (String mode : modes) {
                Topics topics = new Topics("bench-" + mode.replace('+', '-') + "-" + run++);
                kafka.ensureTopics(topics, 2, Duration.ofDays(1).toMillis());
                if (mode.equals("vigil+s")) writeSuppressions(props, topics, suppressions);
                AutoCloseable consumer = mode.startsWith("vigil") || mode.equals("warm-up")
                        ? new Notifier(NotifierConfig.defaults().withTopics(topics).withGroupId("bench-notifier"), props,
                        List.of(new WebhookChannel("bench", url, true, Duration.ofSeconds(5)))).start()
                        : relay(props, topics, url);
                try (consumer; KafkaProducer<String, Alert> producer = producer(props, topics)) {
                    // warm-up: connections, JIT, group join
                    phase(producer, topics, "warm", 50, 200);
                    long[] steady = phase(producer, topics, "steady", alerts, rate);
                    report(mode, "steady " + rate + "/s", steady);
                    long t0 = System.nanoTime();
                    long cpu0 = notifierCpuNanos();
                    long[] burst = phase(producer, topics, "burst", alerts, 0);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double cpuPerAlert = (notifierCpuNanos() - cpu0) / 1e3 / alerts;
                    report(mode, "burst", burst);
                    System.out.printf(Locale.ROOT, "%-6s burst throughput: %,.0f alerts/s; notifier threads' CPU %.0f µs an alert%n",
                            mode, alerts / secs, cpuPerAlert);
                    cpu.computeIfAbsent(mode, k -> new ArrayList<>()).add(cpuPerAlert);
                    throughput.computeIfAbsent(mode, k -> new ArrayList<>()).add(alerts / secs);
                }
                if (mode.equals("vigil") && !audited) {
                    audited = true;
                    var trail = AuditTrail.read(props, topics, Instant.EPOCH, a -> true, Duration.ofSeconds(60));
                    System.out.printf(Locale.ROOT, "vigil  audit trail: %,d attempts recorded for %,d alerts%n",
                            trail.size(), alerts * 2 + 50);
                }
            }
        } finally {
            server.stop(0);
        }
        if (suppressions > 0) {
            // the least CPU of the rounds: what the work costs when nothing else on the machine gets in the way
            double none = median(throughput.get("vigil")), with = median(throughput.get("vigil+s"));
            double cpuNone = Collections.min(cpu.get("vigil")), cpuWith = Collections.min(cpu.get("vigil+s"));
            System.out.println("burst throughput by round (alerts/s): " + throughput);
            System.out.println("notifier CPU per alert by round (µs): " + cpu);
            double[] match = matchCost(suppressions);
            System.out.printf(Locale.ROOT, "matching an alert against the suppressions in force, alone: %.0f ns with none, %.0f ns "
                    + "with %,d: %.2f µs more an alert, %.1f%% of the notifier's %.0f µs of CPU an alert%n", match[0], match[1],
                    suppressions, (match[1] - match[0]) / 1e3, (match[1] - match[0]) / 1e3 / cpuNone * 100, cpuNone);
            System.out.printf(Locale.ROOT, "vigil with %,d suppressions in force: %+.1f%% CPU per alert (least %.0f vs %.0f µs), "
                    + "%+.1f%% wall time per alert (median burst %,.0f vs %,.0f alerts/s)%n", suppressions,
                    (cpuWith / cpuNone - 1) * 100, cpuWith, cpuNone, (none / with - 1) * 100, with, none);
        }
        return ExitCodes.OK;
    }

    /**
     * {@code n} suppressions in force at the bench's site and type, none matching its alerts
     * ({@link #suppressions}): the notifier checks every alert against them.
     */
    private static void writeSuppressions(Map<String, Object> props, Topics topics, int n) {
        Map<String, Object> p = new HashMap<>(props);
        try (KafkaProducer<String, Suppression> producer = topics.suppressionRecords().producer(p)) {
            for (Suppression s : suppressions(n, Instant.now())) {
                producer.send(new ProducerRecord<>(topics.suppressions(), s.id(), s));
            }
            producer.flush();
        }
    }

    /** The bench's suppressions: 99 % one address each, 1 % a /28, 1 ‰ a /8 elsewhere; none matches its alerts. */
    private static List<Suppression> suppressions(int n, Instant now) {
        List<Suppression> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String src = i % 1000 == 999 ? (11 + i / 1000 % 90) + ".0.0.0/8"
                    : i % 100 == 99 ? "203.0." + (i / 256 % 256) + "." + (i % 16 * 16) + "/28"
                    : "203." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256);
            out.add(new Suppression(Suppression.VERSION, "bench-" + i,
                    new Suppression.Scope(AlertType.PORT_SCAN, "bench", src, null, null, null),
                    "bench scanner " + i, "bench", "bench", now, now.plus(Duration.ofDays(30)),
                    Suppression.ACTIVE, null, null, false));
        }
        return out;
    }

    /**
     * What matching costs alone, in ns an alert: the notifier's own index, empty and with the
     * bench's {@code n} suppressions, asked about the bench's alerts a million times each after
     * as many to warm up (the least of three runs).
     */
    private static double[] matchCost(int n) {
        SuppressionIndex none = new SuppressionIndex(), with = new SuppressionIndex();
        Instant now = Instant.now();
        for (Suppression s : suppressions(n, now)) with.put(s.id(), s);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            alerts.add(new Alert(Alert.VERSION, "m-" + i, AlertType.PORT_SCAN, Severity.HIGH, Alert.ACTIVE, "bench", "198.51.100.7",
                    "10.0.0." + (i + 1), List.of(), now, now, now, now, 1, 20, null, "bench alert", Map.of(), List.of()));
        }
        double[] out = new double[2];
        int k = 0;
        for (SuppressionIndex idx : List.of(none, with)) {
            double best = Double.MAX_VALUE;
            for (int run = 0; run < 4; run++) {
                long t = System.nanoTime();
                int hits = 0;
                for (int i = 0; i < 1_000_000; i++) if (idx.match(alerts.get(i % alerts.size()), now) != null) hits++;
                double ns = (System.nanoTime() - t) / 1e6;
                if (hits != 0) throw new IllegalStateException("the bench's suppressions were meant to match nothing");
                if (run > 0) best = Math.min(best, ns);
            }
            out[k++] = best;
        }
        return out;
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static KafkaProducer<String, Alert> producer(Map<String, Object> props, Topics topics) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return topics.alertRecords().producer(p);
    }

    /**
     * Sends {@code n} alerts ({@code perSecond} 0: all at once) and waits for all to arrive.
     * Latency is from the producer's send (so it includes writing to the topic, a little more than
     * "written to the topic") to the receiver handling the POST, both on this JVM's monotonic clock.
     */
    private long[] phase(KafkaProducer<String, Alert> producer, Topics topics, String name, int n, int perSecond)
            throws InterruptedException {
        received.clear();
        sent.clear();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                while (System.nanoTime() < due) Thread.sleep(0, 200_000);
            }
            String id = name + "-" + i + "-" + start;
            Instant now = Instant.now();
            Alert a = new Alert(Alert.VERSION, id, AlertType.PORT_SCAN, Severity.HIGH, Alert.ACTIVE, "bench", "198.51.100.7",
                    "10.0.0." + (i % 250 + 1), List.of(), now, now, now, now, 1, 20, null, "bench alert " + i, Map.of(), List.of());
            sent.put(id, System.nanoTime());
            producer.send(new ProducerRecord<>(topics.alerts(), id, a), (md, e) -> {
                if (e != null) System.err.println("bench: alert not written: " + e);
            });
        }
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (received.size() < n && System.nanoTime() < deadline) Thread.sleep(5);
        if (received.size() < n) throw new IllegalStateException(name + ": only " + received.size() + " of " + n + " arrived");
        long[] lat = new long[n];
        int k = 0;
        for (Map.Entry<String, Long> e : sent.entrySet()) {
            Long r = received.get(e.getKey());
            if (r != null) lat[k++] = Math.max(0, r - e.getValue());
        }
        lat = Arrays.copyOf(lat, k);
        Arrays.sort(lat);
        return lat;
    }

    private static void report(String mode, String phase, long[] nanos) {
        System.out.printf(Locale.ROOT, "%-6s %-14s n=%,d  p50 %.1f ms  p99 %.1f ms  max %.1f ms%n", mode, phase,
                nanos.length, Percentiles.nearestRank(nanos, 0.50) / 1e6, Percentiles.nearestRank(nanos, 0.99) / 1e6,
                nanos[nanos.length - 1] / 1e6);
    }

    /** The floor: poll, POST each record, commit. No routing, retries, audit or ordering per channel. */
    private static AutoCloseable relay(Map<String, Object> props, Topics topics, URI url) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-relay");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of(topics.alerts()));
                while (running.get()) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                        String body = "{\"alert\":" + r.value() + "}";
                        try {
                            http.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body))
                                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    c.commitSync();
                }
            }
        }, "bench-relay");
        t.start();
        return () -> {
            running.set(false);
            t.join(10_000);
        };
    }
}
