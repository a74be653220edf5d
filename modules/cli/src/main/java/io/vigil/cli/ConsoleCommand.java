package io.vigil.cli;

import io.vigil.cli.admin.AccessPlan;
import io.vigil.cli.config.ClusterKeys;
import io.vigil.cli.config.CheckOutput;
import io.vigil.cli.config.ConsoleSettings;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.RoleRunner;
import io.vigil.console.Console;
import io.vigil.console.ConsoleConfig;
import io.vigil.runtime.config.ConfigTree;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil console}: the analysts' web console, until stopped. */
@Command(name = "console", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = SettingFlags.class,
        description = {"Run the console role: the analysts' web page over HTTPS, until stopped.",
                "Reads alerts, triage, the notification audit, suppressions and heartbeats from Kafka and serves "
                + "the live queue, each alert's why and evidence, triage and suppressions. Writes what people do to "
                + "vigil.triage.v1, vigil.suppressions.v1 and vigil.console-audit.v1. Never on the alert path: "
                + "alerts are detected and delivered without it. Users come from --users (vigil console-user) or "
                + "OpenID Connect (docs/console.md)."})
final class ConsoleCommand implements Callable<Integer> {

    @Mixin
    RoleOptions role;

    @Override
    public Integer call() throws Exception {
        ConfigTree tree = role.tree();
        ConsoleSettings.Loaded loaded = ConsoleSettings.read(tree, false);
        Integer stop = CheckOutput.stopIfInvalidOrChecking(tree, "console", loaded.problems(), role.check, loaded.effective(), loaded.kafka());
        if (stop != null) return stop;
        ConsoleConfig c = loaded.config();
        try (KafkaEndpoint endpoint = KafkaEndpoint.forRole(loaded.kafka())) {
            endpoint.prepareFor(ClusterKeys.access(c.topics()), AccessPlan.Role.CONSOLE);
            return RoleRunner.run("vigil console", loaded.ops(), null,
                    List.of(new Console(c, endpoint.clientProps()).withOidcName(loaded.oidcName())));
        }
    }
}
