package io.vigil.cli;

import io.vigil.cli.runtime.Shutdown;
import io.vigil.embedded.KafkaNode;
import io.vigil.runtime.config.PropertiesFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil broker}: one node of a real Apache Kafka cluster (KRaft), from an ordinary
 * {@code server.properties}, until stopped. For sites whose container platform has no Kafka
 * image, for compose, and for the scale-out tests; anywhere Kafka is already run, use that.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one Apache Kafka node (KRaft, broker and/or controller) from a server.properties, until stopped.",
                "The node's log directories are formatted on first start with --cluster-id (the same on every node)."})
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "Kafka's server.properties")
    Path config;

    @Option(names = "--cluster-id", paramLabel = "ID",
            description = "cluster id for formatting new log directories (22 characters, base64url; kafka-storage random-uuid)")
    String clusterId;

    @Option(names = "--check", description = "validate the properties as Kafka does, and exit")
    boolean check;

    @Override
    public Integer call() throws Exception {
        Properties props = new Properties();
        props.putAll(PropertiesFile.read(config, "--config"));
        List<String> problems = KafkaNode.problems(props);
        if (!problems.isEmpty()) throw new UserException(config + ": " + problems.get(0));
        if (check) {
            System.err.println("vigil broker: " + config + " is a valid node configuration");
            return ExitCodes.OK;
        }
        KafkaNode node;
        try {
            node = KafkaNode.start(props, clusterId == null ? System.getenv("VIGIL_CLUSTER_ID") : clusterId);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        try (node) {
            System.err.println("vigil broker: node " + props.getProperty("node.id") + " running ("
                    + props.getProperty("listeners") + "); Ctrl-C to stop");
            Shutdown.awaitShutdown();
            System.err.println("vigil broker: stopping");
        }
        return ExitCodes.OK;
    }
}
