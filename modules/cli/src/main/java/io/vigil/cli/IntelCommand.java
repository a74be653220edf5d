package io.vigil.cli;

import io.vigil.cli.admin.AccessPlan;
import io.vigil.cli.config.ClusterKeys;
import io.vigil.cli.config.RunningCluster;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.Shutdown;
import io.vigil.intel.IndicatorFeed;
import io.vigil.intel.IndicatorLoader;
import io.vigil.runtime.Tls;
import io.vigil.runtime.config.Secrets;
import io.vigil.runtime.config.Units;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil intel}: threat indicator sources into the compacted indicators topic of a running Vigil. */
@Command(name = "intel", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load threat indicators (STIX 2.1 bundles, MISP events, CSV or line lists; files or https URLs) "
                + "into the indicators topic of a running Vigil, once or every --every.",
                "Expired indicators, and those a source that loaded no longer lists, are removed (tombstones); an entry "
                        + "that is not a network indicator is skipped and said, never the whole source. The detector matches "
                        + "every flow against the topic (threat_intel), and takes a new list in without a restart."})
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

    @Option(names = "--truststore-password-file", paramLabel = "FILE", description = "its password, for PKCS12, read from this file")
    Path truststorePasswordFile;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "PKCS12 keystore with a client certificate, for https sources that ask for one")
    Path keystore;

    @Option(names = "--keystore-password-file", paramLabel = "FILE", description = "its password, read from this file")
    Path keystorePasswordFile;

    @Option(names = "--every", paramLabel = "DURATION", description = "load again this often (6h, 1d), until stopped")
    String every;

    @Option(names = "--check", description = "check the options, the files they name and the cluster settings, say so, "
            + "and exit (nothing is fetched or loaded)")
    boolean check;

    /** A secret from a file (never from the command line, where ps and shell history would show it). */
    @Override
    public Integer call() throws Exception {
        Duration period = null;
        if (every != null) {
            period = Units.duration(every);
            if (period == null || period.toMinutes() < 1) throw new UserException("--every: '" + every + "' is not a duration of a minute or more");
        }
        String token = Secrets.read("--token-file", tokenFile);
        SSLContext tls;
        try {
            tls = truststore == null && keystore == null ? null : Tls.context(truststore,
                    Secrets.read("--truststore-password-file", truststorePasswordFile), keystore,
                    Secrets.read("--keystore-password-file", keystorePasswordFile));
        } catch (IllegalArgumentException e) {
            throw new UserException((e.getMessage().startsWith("keystore") ? "--keystore: " : "--truststore: ") + e.getMessage());
        }
        IndicatorLoader loader = new IndicatorLoader(tls, token);
        RunningCluster cluster = clusterOptions.cluster("vigil intel loads into a running cluster: give --bootstrap "
                + "HOST:PORT or --config FILE with kafka.bootstrap.servers");
        if (check) {
            for (String source : sources) {
                if (source.contains("://") && !source.startsWith("https://")) {
                    throw new UserException("--source: " + source + ": only files and https URLs (TLS 1.2 or later) are read");
                }
                if (!source.contains("://") && !Files.isReadable(Path.of(source))) {
                    throw new UserException("--source: " + source + ": no such file, or not readable");
                }
            }
            System.out.printf("vigil intel: valid: %d source(s) into %s%s%s%n", sources.size(),
                    cluster.topics().indicators(), period == null ? ", once" : ", every " + Units.text(period),
                    token == null ? "" : ", with a bearer token");
            return ExitCodes.OK;
        }
        try (KafkaEndpoint endpoint = cluster.connect()) {
            endpoint.prepareFor(ClusterKeys.access(cluster.topics()), AccessPlan.Role.INTEL);
            try (IndicatorFeed feed = new IndicatorFeed(loader, sources, cluster.topics().indicatorRecords(),
                    endpoint.clientProps())) {
                int failed = feed.load(l -> System.err.println("vigil intel: " + l)).failed();
                if (period == null) return failed == 0 ? ExitCodes.OK : ExitCodes.DAMAGED_INPUT;
                while (!Shutdown.STOPPING.get()) {
                    long until = System.nanoTime() + period.toNanos();
                    while (System.nanoTime() < until && !Shutdown.STOPPING.get()) Thread.sleep(500);
                    if (!Shutdown.STOPPING.get()) feed.load(l -> System.err.println("vigil intel: " + l));
                }
            }
        }
        return ExitCodes.OK;
    }
}
