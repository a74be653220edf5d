package io.vigil.cli;

import io.vigil.collector.CaptureReplay;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.collector.publish.KafkaFlowPublisher;
import io.vigil.model.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil collector}: the capture agent, publishing flow records to Kafka. */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Run the collector role: build flows from packets and publish them to vigil.flows.v1.",
                "This version replays capture files (--read); when they are done it publishes the",
                "end-of-input marker so the detector closes its windows."})
final class CollectorCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--read", paramLabel = "PCAP", arity = "1..*", required = true,
            description = "capture files to replay, in time order")
    List<Path> files;

    @Option(names = "--collector-id", paramLabel = "ID", description = "this collector's name (default: collector-HOSTNAME)")
    String collectorId;

    @Option(names = "--namespace", defaultValue = "vigil", description = "topic namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of topics it creates (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar or summary on stderr")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        AnalyzeCommand.preflight(files);
        String id = collectorId != null ? collectorId : "collector-" + hostname();
        Topics topics = namespace(namespace);
        try (KafkaEndpoint endpoint = KafkaEndpoint.open(kafka)) {
            endpoint.ensureTopics(topics, partitions, java.time.Duration.ofDays(7).toMillis());
            CaptureReplay.Outcome outcome;
            try (KafkaFlowPublisher publisher = new KafkaFlowPublisher(endpoint.clientProps(), topics.flows())) {
                FileReplay.Replayed r;
                try {
                    r = FileReplay.run(files, input.site(), id, input.internal(), publisher, quiet);
                } catch (CaptureInputException e) {
                    throw new UserException(e.getMessage());
                }
                outcome = r.outcome();
                publisher.endOfInput(input.site(), id, UUID.randomUUID().toString(), r.lastEventMs());
                if (publisher.failed() > 0) {
                    throw new IllegalStateException(publisher.failed() + " flow records were not published: "
                            + publisher.firstError());
                }
                if (!quiet) {
                    System.err.printf("vigil collector: %d packets, %d flow records published to %s%n",
                            outcome.packets(), publisher.sent(), topics.flows());
                }
            }
            return AnalyzeCommand.reportDamage(outcome.files());
        }
    }

    static Topics namespace(String ns) {
        try {
            return new Topics(ns);
        } catch (IllegalArgumentException e) {
            throw new UserException("--namespace: " + e.getMessage());
        }
    }

    static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
