package io.vigil.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.cli.config.CheckOutput;
import io.vigil.cli.config.ConsoleSettings;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.cli.runtime.Shutdown;
import io.vigil.console.Console;
import io.vigil.console.ConsoleConfig;
import io.vigil.runtime.config.ConfigTree;
import java.util.Map;
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
        Integer stop = CheckOutput.stopIfInvalidOrChecking(tree, "console", loaded.problems(), role.check, loaded.effective());
        if (stop != null) return stop;
        ConsoleConfig c = loaded.config();
        try (KafkaEndpoint endpoint = KafkaEndpoint.forRole(loaded.kafka())) {
            endpoint.ensureTopics(c.topics(), 2, java.time.Duration.ofDays(7).toMillis());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Console console = start(c, endpoint, loaded.oidcName());
                 OpsServer ops = OpsServer.start(loaded.ops(), registry, () -> health(console))) {
                console.bindMetrics(registry);
                System.err.println("vigil console: " + console.url() + " on " + endpoint.bootstrap()
                        + "; metrics and health on " + loaded.ops().bind() + ":" + ops.port() + "; Ctrl-C to stop");
                Shutdown.awaitShutdown();
            }
        }
        return ExitCodes.OK;
    }

    /** The console started, or a one-line user error when it cannot listen or read its files. */
    static Console start(ConsoleConfig c, KafkaEndpoint endpoint, String oidcName) {
        try {
            return new Console(c, endpoint.clientProps()).withOidcName(oidcName).start();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new UserException(e.getMessage());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            if (root instanceof java.net.BindException) {
                throw new UserException("console: cannot listen on " + c.bind() + ":" + c.port() + " (" + root.getMessage() + ")");
            }
            throw e;
        }
    }

    static OpsServer.Health health(Console c) {
        return new OpsServer.Health(c.health(), Map.of("url", c.url(), "alerts_in_view", c.view().size(),
                "ready", c.ready(), "reasons", c.healthProblems()));
    }
}
