package io.vigil.cli;

import io.vigil.cli.admin.TopicPlan;
import io.vigil.cli.config.ClusterKeys;
import io.vigil.cli.runtime.KafkaEndpoint;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vigil topics apply|check}: every topic of a deployment made as the declaration says,
 * once, by an administrator; roles on a cluster only check that theirs exist and fit.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {TopicsCommand.Apply.class, TopicsCommand.Check.class},
        description = {"Make or compare the deployment's topics from one declaration (partitions, replicas, "
                + "min.insync.replicas, retention, compaction).",
                "Roles on a cluster do not create topics: an administrator runs `vigil topics apply` once, and again "
                + "after changing the declaration."})
final class TopicsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UserException("say what to do: vigil topics apply --config FILE, or vigil topics check --config FILE");
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Create missing topics, add partitions, set topic settings that differ; say each change.")
    static final class Apply implements Callable<Integer> {
        @Mixin
        DeclarationOptions options;

        @Override
        public Integer call() throws Exception {
            ClusterKeys.Declared d = options.read();
            try (KafkaEndpoint k = options.connect(d, "vigil topics apply"); Admin admin = k.adminClient()) {
                List<TopicPlan.Difference> left = DeclarationOptions.run(() -> {
                    List<String> done = d.topics().apply(admin);
                    done.forEach(l -> System.out.println("vigil topics: " + l));
                    return done.isEmpty() ? d.topics().differences(admin) : d.topics().settledDifferences(admin);
                });
                left.forEach(l -> System.out.println("vigil topics: left as it is: " + l));
                System.err.println("vigil topics: " + d.topics().specs().size() + " topics as declared"
                        + (left.isEmpty() ? "" : " but " + left.size() + " difference(s) apply cannot mend"));
                return left.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Say what differs from the declaration; exit 1 when anything does.")
    static final class Check implements Callable<Integer> {
        @Mixin
        DeclarationOptions options;

        @Override
        public Integer call() throws Exception {
            ClusterKeys.Declared d = options.read();
            try (KafkaEndpoint k = options.connect(d, "vigil topics check"); Admin admin = k.adminClient()) {
                List<TopicPlan.Difference> diffs = DeclarationOptions.run(() -> d.topics().differences(admin));
                diffs.forEach(l -> System.out.println("vigil topics: " + l + (l.mendable() ? " (apply mends it)" : "")));
                System.err.println("vigil topics: " + (diffs.isEmpty() ? "every topic is as declared"
                        : diffs.size() + " difference(s)"));
                return diffs.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }
}
