package io.vigil.cli.config;

import io.vigil.cli.UserException;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.model.Topics;
import io.vigil.model.WeeklySummary;
import io.vigil.runtime.config.ConfigTree;
import java.nio.file.Path;
import java.util.Map;

/**
 * The cluster a command that reads a running Vigil uses ({@code audit}, {@code report}):
 * {@code --bootstrap}, or the {@code kafka} section and namespace of a role's config file.
 * and the sites' provisioned capacity where it is the detector's file. The rest of that file is
 * not the command's to judge.
 */
public record RunningCluster(Map<String, String> kafka, Topics topics, Map<String, WeeklySummary.Capacity> capacities) {

    /** @param missing what to tell the user when neither names a cluster */
    public static RunningCluster of(Path config, String bootstrap, String missing) {
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        tree.set("kafka.bootstrap.servers", bootstrap);
        java.util.List<String> problems = new java.util.ArrayList<>();
        java.util.List<io.vigil.runtime.config.Setting<?>> keys = new java.util.ArrayList<>(KafkaAuth.ALL);
        keys.add(CommonKeys.KAFKA);
        Map<String, String> kafka = KafkaAuth.clientProps(io.vigil.runtime.config.Setting.Values.read(tree, keys), problems);
        if (!problems.isEmpty()) throw new UserException(problems.get(0));
        if (!kafka.containsKey("bootstrap.servers")) throw new UserException(missing);
        return new RunningCluster(kafka, namespace(tree.string("namespace", Topics.DEFAULT.namespace())),
                Capacities.read(tree));
    }

    /** The topics of a namespace; a bad one is the user's mistake, said in one line. */
    static Topics namespace(String ns) {
        try {
            return new Topics(ns);
        } catch (IllegalArgumentException e) {
            throw new UserException("namespace: " + e.getMessage());
        }
    }

    public KafkaEndpoint connect() {
        return KafkaEndpoint.connect(kafka);
    }
}
