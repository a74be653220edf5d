package io.vigil.cli;

import io.vigil.cli.config.RunningCluster;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.Shutdown;
import io.vigil.intel.IndicatorLoader;
import io.vigil.model.Indicator;
import io.vigil.model.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil intel}: threat indicator sources into the compacted indicators topic of a running Vigil. */
@Command(name = "intel", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load threat indicators (STIX 2.1 bundles, MISP events, CSV or line lists; files or https URLs) "
                + "into the indicators topic of a running Vigil, once or every --every.",
                "Expired indicators are removed (tombstones); an entry that is not a network indicator is skipped "
                        + "and said, never the whole source."})
final class IntelCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--source", paramLabel = "FILE|URL", required = true,
            description = "an indicator source: a file, or an https URL (repeatable)")
    List<String> sources;

    @Option(names = "--token-file", paramLabel = "FILE", description = "a bearer token for https sources, read from this file")
    Path tokenFile;

    @Option(names = "--truststore", paramLabel = "FILE",
            description = "PKCS12 truststore or a CA's PEM certificate for https sources (default: the JVM's CAs)")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "TEXT", description = "its password, for PKCS12")
    String truststorePassword;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "PKCS12 keystore with a client certificate, for https sources that ask for one")
    Path keystore;

    @Option(names = "--keystore-password", paramLabel = "TEXT", description = "its password")
    String keystorePassword;

    @Option(names = "--every", paramLabel = "DURATION", description = "load again this often (6h, 1d), until stopped")
    String every;

    @Override
    public Integer call() throws Exception {
        Duration period = null;
        if (every != null) {
            period = io.vigil.cli.config.Units.duration(every);
            if (period == null || period.toMinutes() < 1) throw new UserException("--every: '" + every + "' is not a duration of a minute or more");
        }
        String token = null;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new UserException("--token-file: cannot read " + tokenFile);
            }
        }
        javax.net.ssl.SSLContext tls;
        try {
            tls = truststore == null && keystore == null ? null
                    : io.vigil.notifier.channel.Tls.context(truststore, truststorePassword, keystore, keystorePassword);
        } catch (IllegalArgumentException e) {
            throw new UserException((e.getMessage().startsWith("keystore") ? "--keystore: " : "--truststore: ") + e.getMessage());
        }
        IndicatorLoader loader = new IndicatorLoader(tls, token);
        RunningCluster cluster = clusterOptions.cluster("vigil intel loads into a running cluster: give --bootstrap "
                + "HOST:PORT or --config FILE with kafka.bootstrap.servers");
        try (KafkaEndpoint endpoint = cluster.connect()) {
            endpoint.ensureTopics(cluster.topics(), 2, Duration.ofDays(7).toMillis());
            Topic<String, Indicator> topic = cluster.topics().indicatorRecords();
            Map<String, Object> props = new HashMap<>(endpoint.clientProps());
            props.put("acks", "all");
            props.put("enable.idempotence", true);
            try (KafkaProducer<String, Indicator> producer = topic.producer(props)) {
                int failed = loadAll(loader, producer, topic, props);
                if (period == null) return failed == 0 ? ExitCodes.OK : ExitCodes.DAMAGED_INPUT;
                while (!Shutdown.STOPPING.get()) {
                    long until = System.nanoTime() + period.toNanos();
                    while (System.nanoTime() < until && !Shutdown.STOPPING.get()) Thread.sleep(500);
                    if (!Shutdown.STOPPING.get()) loadAll(loader, producer, topic, props);
                }
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Loads every source, then removes what a source that loaded no longer lists (a bulletin
     * withdraws an address; a feed drops an entry without an expiry). Returns how many sources
     * could not be read at all: what those listed before stays, since nothing says it was withdrawn.
     */
    private int loadAll(IndicatorLoader loader, KafkaProducer<String, Indicator> producer, Topic<String, Indicator> topic,
                        Map<String, Object> props) {
        int failed = 0;
        Instant now = Instant.now();
        Map<String, Indicator> before = io.vigil.model.TopicReader.current(props, topic, Duration.ofSeconds(60));
        java.util.Set<String> seen = new java.util.HashSet<>(), loaded = new java.util.HashSet<>();
        for (String source : sources) {
            try {
                List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>();
                IndicatorLoader.Loaded l = loader.load(source, (key, value) -> {
                    seen.add(key);
                    sends.add(producer.send(new ProducerRecord<>(topic.name(), key, value)));
                }, now);
                await(producer, sends, source);
                loaded.add(source);
                System.err.printf("vigil intel: %s (%s): %d indicators, %d expired and removed, %d entries skipped%n",
                        source, l.format(), l.current(), l.expired(), l.skipped().size());
                l.skipped().stream().limit(20).forEach(s -> System.err.println("vigil intel:   skipped " + s));
                if (l.skipped().size() > 20) System.err.println("vigil intel:   ... and " + (l.skipped().size() - 20) + " more");
            } catch (IOException e) {
                failed++;
                System.err.println("vigil intel: " + e.getMessage());
            }
        }
        List<java.util.concurrent.Future<?>> withdrawals = new java.util.ArrayList<>();
        before.forEach((key, i) -> {
            if (loaded.contains(i.source()) && !seen.contains(key)) {
                withdrawals.add(producer.send(new ProducerRecord<>(topic.name(), key, null)));
            }
        });
        if (!withdrawals.isEmpty()) {
            try {
                await(producer, withdrawals, "withdrawals");
                System.err.printf("vigil intel: %d indicators no longer listed by their sources removed%n", withdrawals.size());
            } catch (IOException e) {
                failed++;
                System.err.println("vigil intel: " + e.getMessage());
            }
        }
        return failed;
    }

    /** Every send taken by Kafka: an indicator Kafka did not take is not quietly dropped, its source fails. */
    private static void await(KafkaProducer<String, Indicator> producer, List<java.util.concurrent.Future<?>> sends, String what)
            throws IOException {
        producer.flush();
        for (java.util.concurrent.Future<?> f : sends) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(what + ": Kafka did not take its indicators (" + e.getCause().getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(what + ": interrupted");
            }
        }
    }
}
