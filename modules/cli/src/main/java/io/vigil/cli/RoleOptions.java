package io.vigil.cli;

import io.vigil.cli.config.CommonKeys;
import io.vigil.runtime.config.ConfigTree;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every long-running role has, declared once (a picocli mixin): its settings
 * file, {@code --check}, the cluster and the metrics port. The role's own flags are made from
 * its declared settings by {@link SettingFlags} and set on the tree this gives.
 */
final class RoleOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings (docs/configuration.md)")
    Path config;

    @Option(names = "--check", description = "validate the settings, print them with secrets masked, and exit")
    boolean check;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: in-process broker)")
    String bootstrap;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "metrics and health port (0: any free port; "
            + "default: the role's, see docs/configuration.md)")
    Integer metricsPort;

    /** The file, then {@code VIGIL_*}, then these flags and the role's own ({@link SettingFlags}). */
    ConfigTree tree() {
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        tree.set("kafka.bootstrap.servers", bootstrap);
        tree.set(CommonKeys.METRICS_PORT, metricsPort);
        SettingFlags.apply(command, tree);
        return tree;
    }
}
