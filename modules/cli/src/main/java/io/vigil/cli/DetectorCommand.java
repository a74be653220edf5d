package io.vigil.cli;

import io.vigil.detector.Detector;
import io.vigil.detector.DetectorConfig;
import io.vigil.model.Topics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil detector}: the Kafka Streams role, until stopped. */
@Command(name = "detector", mixinStandardHelpOptions = true,
        description = {"Run the detector role: read vigil.flows.v1, write alerts to vigil.alerts.v1, until stopped.",
                "Start more instances with the same --application-id to share the work."})
final class DetectorCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/var/lib/vigil/detector",
            description = "local state (RocksDB), restored from Kafka if lost (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--application-id", defaultValue = "vigil-detector", description = "default: ${DEFAULT-VALUE}")
    String applicationId;

    @Option(names = "--threads", defaultValue = "2", description = "stream threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--namespace", defaultValue = "vigil", description = "topic namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of topics it creates (default: ${DEFAULT-VALUE})")
    int partitions;

    @Override
    public Integer call() throws Exception {
        Topics topics = CollectorCommand.namespace(namespace);
        DetectorConfig config = DetectorConfig.defaults(stateDir).withTopics(topics).withApplicationId(applicationId);
        config = new DetectorConfig(config.applicationId(), config.topics(), config.stateDir(), threads,
                config.commitIntervalMs(), config.defaults(), config.sites(), config.allowlist(),
                config.collectorSilentAfter());
        if (!config.problems().isEmpty()) throw new UserException(String.join("; ", config.problems()));
        try (KafkaEndpoint endpoint = KafkaEndpoint.open(kafka)) {
            endpoint.ensureTopics(topics, partitions, java.time.Duration.ofDays(7).toMillis());
            try (Detector detector = new Detector(config, endpoint.clientProps()).start()) {
                System.err.println("vigil detector: running on " + endpoint.clientProps().get("bootstrap.servers")
                        + " application-id=" + applicationId + "; Ctrl-C to stop");
                FileReplay.awaitShutdown();
            }
        }
        return ExitCodes.OK;
    }
}
