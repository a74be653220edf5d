package io.vigil.bench;

import com.sun.net.httpserver.HttpServer;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OfflinePipeline;
import io.vigil.cli.runtime.Progress;
import io.vigil.collector.publish.KafkaFlowPublisher;
import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.model.Heartbeat;
import io.vigil.model.Topics;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.NotifierConfig;
import io.vigil.notifier.channel.WebhookChannel;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench soak}: collector publishing → detector → notifier → a webhook receiver,
 * at a steady rate with event time on the wall clock, for many minutes; every ten seconds the
 * process's heap, old generation, resident memory and threads and the detector's and
 * notifier's consumer lag are written to a CSV, drawn as an SVG chart at the end. A port scan
 * every five minutes keeps alerts flowing to the receiver. One JVM holds broker and roles, as
 * the single-site appliance does.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Runs the pipeline for --minutes and records heap, RSS, threads and lag over time (CSV and SVG).")
final class SoakBench implements Callable<Integer> {

    @Option(names = "--minutes", defaultValue = "30", description = "how long (default: ${DEFAULT-VALUE})")
    int minutes;

    @Mixin
    EstateOptions load;

    @Option(names = "--out", defaultValue = "target/soak", description = "where soak.csv and soak.svg go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--redraw", paramLabel = "CSV", description = "only draw the chart and summary of an earlier run's soak.csv")
    Path redraw;

    /** Seconds between samples. */
    static final int EVERY = 10;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        if (redraw != null) {
            List<long[]> rows = Files.readAllLines(redraw).stream().skip(1).filter(l -> !l.isBlank())
                    .map(l -> Arrays.stream(l.split(",")).mapToLong(Long::parseLong).toArray()).toList();
            SoakChart.write(out, rows, load.rate, minutes);
            System.out.print(SoakChart.summary(rows, rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[8], -1));
            return ExitCodes.OK;
        }
        Path state = Files.createTempDirectory("vigil-soak-state-");
        AtomicLong received = new AtomicLong();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            received.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong produced = new AtomicLong();
        try (KafkaEndpoint kafka = KafkaEndpoint.embedded(Map.of())) {
            Topics topics = new Topics("soak");
            // ten minutes of flows kept: the broker's disk stays bounded over a long run
            kafka.ensureTopics(topics, load.partitions, Duration.ofMinutes(10).toMillis());
            Map<String, Object> props = kafka.clientProps();
            DetectorConfig base = DetectorConfig.defaults(state).withTopics(topics).withApplicationId("soak-detector");
            DetectorConfig config = base.withRuntime(state, 2, 1000);
            NotifierConfig nc = NotifierConfig.defaults().withTopics(topics).withGroupId("soak-notifier");
            URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
            try (Detector detector = new Detector(config, props).start();
                 Notifier notifier = new Notifier(nc, props, List.of(new WebhookChannel("soak-hook", url, true,
                         Duration.ofSeconds(5)))).start();
                 KafkaFlowPublisher publisher = new KafkaFlowPublisher(props, topics.flows())) {
                Thread gen = new Thread(() -> generate(publisher, topics, stop, produced), "soak-collector");
                gen.setDaemon(true);
                gen.start();
                List<long[]> rows = sample(props, topics, config.applicationId(), nc.groupId(), detector, notifier, received,
                        produced, gen);
                stop.set(true);
                gen.join(10_000);
                SoakChart.write(out, rows, load.rate, minutes);
                System.out.print(SoakChart.summary(rows, received.get(), notifier.delivered()));
            }
        } finally {
            stop.set(true);
            hook.stop(0);
            OfflinePipeline.deleteTree(state);
        }
        return ExitCodes.OK;
    }

    /** The collector's side: the estate's flows at {@code rate} a second, ending now; a heartbeat every 10 s; a scan every 5 min. */
    private void generate(KafkaFlowPublisher publisher, Topics topics, AtomicBoolean stop, AtomicLong produced) {
        Random r = new Random(11);
        BenchEstate estate = new BenchEstate(load.hosts, "soak");
        long start = System.currentTimeMillis(), i = 0, nextBeat = start, nextScan = start + 60_000;
        int scans = 0;
        while (!stop.get()) {
            long now = System.currentTimeMillis();
            long due = (now - start) * load.rate / 1000;
            for (; i < due; i++) publisher.accept(estate.flow(r, now, i));
            produced.set(i);
            if (now >= nextBeat) {
                publisher.heartbeat(topics.heartbeats(), new Heartbeat(Heartbeat.VERSION, "soak-gw", "soak", now, now, i, 0, 0,
                        i, 0, 0, 0));
                nextBeat += 10_000;
            }
            if (now >= nextScan) {
                String attacker = "192.0.2." + (1 + scans++ % 250);
                for (int port = 1; port <= 200; port++) {
                    publisher.accept(BenchEstate.refused(BenchEstate.base("soak", "soak-gw", "scan" + scans + "-" + port, now,
                            now + 1), attacker, BenchEstate.host(port % 50), port).build());
                }
                nextScan += 300_000;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A row every {@link #EVERY} seconds: see {@link SoakChart#COLUMNS}. */
    private List<long[]> sample(Map<String, Object> props, Topics topics, String detectorGroup, String notifierGroup,
                                Detector detector, Notifier notifier, AtomicLong received, AtomicLong produced, Thread gen)
            throws Exception {
        List<long[]> rows = new ArrayList<>();
        long t0 = System.nanoTime(), end = t0 + Duration.ofMinutes(minutes).toNanos();
        try (Progress progress = Progress.seconds("soak", minutes * 60L);
             PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("soak.csv")));
             Admin admin = Admin.create(props)) {
            csv.println(String.join(",", SoakChart.COLUMNS));
            for (long next = t0; System.nanoTime() < end; next += EVERY * 1_000_000_000L) {
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000);
                if (!gen.isAlive()) throw new IllegalStateException("the soak's collector thread died");
                Runtime rt = Runtime.getRuntime();
                long[] row = {(System.nanoTime() - t0) / 1_000_000_000L, produced.get(),
                        (rt.totalMemory() - rt.freeMemory()) >> 20, Measure.oldGenAfterGc() >> 20, Measure.rss() >> 20,
                        ManagementFactory.getThreadMXBean().getThreadCount(), Measure.lag(admin, detectorGroup, topics.flows()),
                        Measure.lag(admin, notifierGroup, topics.alerts()), received.get(), detector.health().down() ? 1 : 0};
                rows.add(row);
                csv.println(Arrays.stream(row).mapToObj(Long::toString).collect(Collectors.joining(",")));
                csv.flush();
                String line = String.format(Locale.ROOT, "heap %d MB, old %d MB, RSS %d MB, %d threads, lag %d/%d, "
                        + "%d delivered", row[2], row[3], row[4], row[5], row[6], row[7], row[8]);
                progress.to(row[0]);
                progress.message(line);
                // off a terminal (a background run's log): a line a minute instead of the bar
                if (!progress.shown() && rows.size() % 6 == 1) System.err.println("soak: " + row[0] + " s: " + line);
            }
        }
        System.err.println("soak: " + rows.size() + " samples in " + out.resolve("soak.csv"));
        return rows;
    }
}
