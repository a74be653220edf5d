package io.vigil.cli;

import io.vigil.cli.admin.TopicPlan;
import io.vigil.cli.config.ClusterKeys;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.runtime.config.ConfigTree;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthorizationException;
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

    interface AdminCall<T> {
        T call() throws Exception;
    }

    /** Runs an admin call; the cluster's refusal or error is one line, not a stack trace. */
    static <T> T run(AdminCall<T> c) throws Exception {
        try {
            return c.call();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AuthorizationException) {
                throw new UserException("the cluster refused this principal: " + cause.getMessage());
            }
            throw new UserException("the cluster said: " + cause.getMessage());
        } catch (TopicPlan.AccessDenied e) {
            throw new UserException("the cluster refused this principal " + e.getMessage());
        }
    }
}
