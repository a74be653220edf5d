package io.vigil.bench;

import io.vigil.cli.ExitCodes;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OfflinePipeline;
import io.vigil.cli.runtime.Progress;
import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.model.Alert;
import io.vigil.model.FlowRecord;
import io.vigil.model.JsonSerde;
import io.vigil.model.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench week}: a week of event time through the detector as fast as it takes it
 * ({@link WeekEstate}: daily and weekly rhythm, hosts coming and going, a scan and a beacon a
 * day). After each simulated day, once the detector has committed all of it: the day's flows/s,
 * local state and changelog bytes, old generation after a collection and resident memory — a
 * CSV and a chart. What it answers: does anything the detector keeps grow with time, or does
 * every curve level off once the longest retention has passed; and is every sprinkled attack raised.
 */
@Command(name = "week", mixinStandardHelpOptions = true,
        description = "A week of event time through the detector: state, memory and flows/s per simulated day (CSV, SVG).")
final class WeekBench implements Callable<Integer> {

    @Mixin
    StateMemoryOption stateMemory;

    @Option(names = "--days", defaultValue = "7", description = "simulated days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--hosts", defaultValue = "20000", description = "internal hosts active each day (default: ${DEFAULT-VALUE})")
    int hosts;

    @Option(names = "--flows-per-day", defaultValue = "4000000",
            description = "flows of a weekday (weekends 40 %%) (default: ${DEFAULT-VALUE})")
    long perDay;

    @Option(names = "--partitions", defaultValue = "4", description = "flows topic partitions (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--out", defaultValue = "target/week", description = "where week.csv and week.svg go (default: ${DEFAULT-VALUE})")
    Path out;

    static final String[] COLUMNS = {"day", "flows", "seconds", "flows_per_s", "local_state_mb", "changelog_mb",
            "old_gen_after_gc_mb", "rss_mb", "rss_anon_mb", "rss_file_mb", "heap_committed_mb"};

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        Path state = Files.createTempDirectory("vigil-week-state-");
        // a Monday far enough back for the whole run to end before today: the detector refuses flows from the future
        long t0 = LocalDate.now(ZoneOffset.UTC).minusDays(days + 1L).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        WeekEstate estate = new WeekEstate(hosts, t0);
        List<long[]> rows = new ArrayList<>();
        try (KafkaEndpoint kafka = KafkaEndpoint.embedded(Map.of())) {
            Topics topics = new Topics("week");
            kafka.ensureTopics(topics, partitions, Duration.ofDays(2).toMillis());
            Map<String, Object> props = kafka.clientProps();
            Produced week = produce(props, topics, estate);
            DetectorConfig config = DetectorConfig.defaults(state).withTopics(topics).withApplicationId("week-detector")
                    .withRuntime(state, 2, 1000);
            config = stateMemory.apply(config);
            try (Admin admin = Admin.create(props);
                 Progress progress = Progress.seconds("week", days);
                 PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("week.csv")));
                 Detector detector = new Detector(config, props).start()) {
                csv.println(String.join(",", COLUMNS));
                long start = System.nanoTime();
                for (int day = 0; day < days; day++) {
                    while (!committed(admin, config.applicationId(), topics.flows(), week.ends()[day])) Thread.sleep(250);
                    long now = System.nanoTime();
                    double seconds = (now - start) / 1e9;
                    start = now;
                    long n = week.flows()[day];
                    long[] row = {day + 1, n, Math.round(seconds), Math.round(n / seconds), Measure.fileBytes(state) >> 20,
                            Measure.topicBytes(admin, t -> t.endsWith("-changelog")) >> 20, Measure.oldGenAfterGc() >> 20,
                            Measure.rss() >> 20, Measure.rssAnon() >> 20, Measure.rssFile() >> 20,
                            Runtime.getRuntime().totalMemory() >> 20};
                    rows.add(row);
                    csv.println(String.join(",", Arrays.stream(row).mapToObj(Long::toString).toList()));
                    csv.flush();
                    progress.to(day + 1);
                    String line = describe(row);
                    progress.message(line);
                    System.err.println("week: " + line);
                }
                // the later stages read repartition topics: the last day's candidates may still be on their way
                long settle = System.nanoTime() + 300_000_000_000L;
                while (Measure.unreadAnywhere(admin, config.applicationId()) > 0 && System.nanoTime() < settle) Thread.sleep(500);
            }
            int[] raised = raised(props, topics, estate);
            System.out.printf(Locale.ROOT, "week: sprinkled attacks raised: %d of %d port scans, %d of %d beacons%n",
                    raised[0], days, raised[1], days);
            WeekChart.write(out.resolve("week.svg"), rows, hosts, perDay);
            for (long[] row : rows) System.out.println(describe(row));
            System.out.println("week: " + out.resolve("week.csv") + ", " + out.resolve("week.svg"));
            return raised[0] == days && raised[1] == days ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
            OfflinePipeline.deleteTree(state);
        }
    }

    /** A row of {@link #COLUMNS}, as a person reads it. */
    private static String describe(long[] row) {
        return String.format(Locale.ROOT, "day %d: %,d flows in %d s = %,d flows/s; local state %d MB, changelogs %d MB, "
                + "old gen after GC %d MB, RSS %d MB (anonymous %d, files mapped %d; heap committed %d)", row[0], row[1],
                row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10]);
    }

    /** Per day, the offset after its last record in each partition, and how many flows it had. */
    private record Produced(long[][] ends, long[] flows) {}

    /**
     * The whole week onto the flows topic before the detector starts, so the generator does not
     * compete with it for the two cores.
     */
    private Produced produce(Map<String, Object> props, Topics topics, WeekEstate estate) throws Exception {
        Map<String, Object> p = Measure.flowProducer(props);
        long[][] ends = new long[days][partitions];
        long[] flows = new long[days];
        long t = System.nanoTime();
        try (KafkaProducer<String, FlowRecord> producer = new KafkaProducer<>(p, new StringSerializer(), JsonSerde.binaryFlows())) {
            Random r = new Random(5);
            for (int day = 0; day < days; day++) {
                long[] end = ends[day];
                if (day > 0) System.arraycopy(ends[day - 1], 0, end, 0, partitions);
                flows[day] = estate.day(day, perDay, r, f -> producer.send(new ProducerRecord<>(topics.flows(), null,
                        f.end(), f.hostKey(), f), (md, e) -> {
                            if (e == null) {
                                synchronized (end) {
                                    end[md.partition()] = Math.max(end[md.partition()], md.offset() + 1);
                                }
                            }
                        }));
                producer.flush();
                System.err.printf(Locale.ROOT, "week: day %d produced, %,d flows%n", day + 1, flows[day]);
            }
        }
        System.err.printf(Locale.ROOT, "week: produced in %.0f s; the detector starts%n", (System.nanoTime() - t) / 1e9);
        return new Produced(ends, flows);
    }

    /** True once the group has committed up to {@code ends} on every partition. */
    private boolean committed(Admin admin, String group, String topic, long[] ends) throws Exception {
        var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        for (int p = 0; p < partitions; p++) {
            var o = offsets.get(new TopicPartition(topic, p));
            if (ends[p] > 0 && (o == null || o.offset() < ends[p])) return false;
        }
        return true;
    }

    /** Of each day's scan and beacon, how many the alerts topic holds (by scanner, and by beacon host and peer). */
    private int[] raised(Map<String, Object> props, Topics topics, WeekEstate estate) {
        List<Alert> alerts = new ArrayList<>();
        Map<String, Object> c = new HashMap<>(props);
        c.put("group.id", "week-check");
        c.put("auto.offset.reset", "earliest");
        try (var consumer = topics.alertRecords().consumer(c)) {
            consumer.subscribe(List.of(topics.alerts()));
            long quiet = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < quiet) {
                var got = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, Alert> rec : got) alerts.add(rec.value());
                if (!got.isEmpty()) quiet = System.nanoTime() + 5_000_000_000L;
            }
        }
        int scans = 0, beacons = 0;
        for (int day = 0; day < days; day++) {
            String scanner = WeekEstate.scanner(day), host = estate.beaconHost(day), peer = WeekEstate.beaconPeer(day);
            if (alerts.stream().anyMatch(a -> a.type().wire().equals("port_scan") && scanner.equals(a.src()))) scans++;
            else System.out.printf(Locale.ROOT, "week: day %d: no port_scan from %s%n", day + 1, scanner);
            if (alerts.stream().anyMatch(a -> a.type().wire().equals("beaconing") && host.equals(a.src())
                    && peer.equals(a.dst()))) beacons++;
            else System.out.printf(Locale.ROOT, "week: day %d: no beaconing from %s to %s; its alerts: %s%n", day + 1, host,
                    peer, alerts.stream().filter(a -> host.equals(a.src()) || host.equals(a.dst()) || peer.equals(a.dst()))
                            .map(a -> a.type().wire() + " " + a.src() + ">" + a.dst()).distinct().toList());
        }
        return new int[] {scans, beacons};
    }
}
