package io.vigil.cli;

import io.vigil.cli.config.RunningCluster;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The cluster a command that reads a running Vigil uses, declared once (a picocli mixin). */
final class ClusterOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "a role's YAML (its kafka section, namespace and, "
            + "for report, the sites' capacity)")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    /** @param missing what to tell the user when neither option names a cluster */
    RunningCluster cluster(String missing) {
        return RunningCluster.of(config, bootstrap, missing);
    }
}
