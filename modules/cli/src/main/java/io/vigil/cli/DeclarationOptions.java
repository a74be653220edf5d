package io.vigil.cli;

import io.vigil.cli.config.ClusterKeys;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.runtime.config.ConfigTree;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The declaration file and cluster of {@code vigil topics} and {@code vigil acls}, declared once (a picocli mixin). */
final class DeclarationOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "the cluster declaration (docs/examples/cluster.yaml); without it, the defaults")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (else the file's kafka section)")
    String bootstrap;

    /** The declaration; a problem in it is the user's, said in one line. */
    ClusterKeys.Declared read() {
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        tree.set("kafka.bootstrap.servers", bootstrap);
        ClusterKeys.Declared d = ClusterKeys.read(tree);
        if (!d.problems().isEmpty()) throw new UserException(d.problems().get(0));
        return d;
    }

    /** The cluster the declaration's administrator client reaches, checked for reachability. */
    KafkaEndpoint connect(ClusterKeys.Declared d, String command) {
        if (!d.kafka().containsKey("bootstrap.servers")) {
            throw new UserException(command + " works on a cluster: give --bootstrap HOST:PORT or kafka.bootstrap.servers in --config");
        }
        return KafkaEndpoint.connect(d.kafka());
    }
}
