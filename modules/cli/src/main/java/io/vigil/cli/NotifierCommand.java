package io.vigil.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.cli.config.CheckOutput;
import io.vigil.cli.config.NotifierSettings;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.cli.runtime.Shutdown;
import io.vigil.cli.runtime.Terminal;
import io.vigil.notifier.AckServer;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.NotifierConfig;
import io.vigil.runtime.config.ConfigTree;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil notifier}: delivers alerts to people and SIEMs, until stopped. */
@Command(name = "notifier", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = SettingFlags.class,
        description = {"Run the notifier role: deliver alerts to people and SIEMs, until stopped.",
                "Delivers every alert on vigil.alerts.v1 to the channels its routes name (webhook, e-mail, "
                + "syslog/CEF, console), retrying until delivered; records every attempt on "
                + "vigil.notifications.v1; serves the acknowledgement endpoint. Channels, routes, rate limits and "
                + "escalation come from --config (docs/configuration.md); without one, alerts go to the console."})
final class NotifierCommand implements Callable<Integer> {

    @Mixin
    RoleOptions role;

    @Override
    public Integer call() throws Exception {
        ConfigTree tree = role.tree();
        NotifierSettings.Loaded loaded = NotifierSettings.read(tree, System.err, Terminal.stderr());
        Integer stop = CheckOutput.stopIfInvalidOrChecking(tree, "notifier", loaded.problems(), role.check, loaded.effective());
        if (stop != null) return stop;
        NotifierConfig c = loaded.config();
        try (KafkaEndpoint endpoint = KafkaEndpoint.forRole(loaded.kafka())) {
            endpoint.ensureTopics(c.topics(), 2, Duration.ofDays(7).toMillis());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Notifier notifier = new Notifier(c, endpoint.clientProps(), loaded.channels());
            try (Notifier n = notifier.start();
                 AckServer ack = startAck(loaded.ack(), n);
                 OpsServer ops = OpsServer.start(loaded.ops(), registry, () -> new OpsServer.Health(n.health(),
                         details(n)))) {
                n.bindMetrics(registry);
                System.err.println("vigil notifier: delivering " + c.topics().alerts() + " from " + endpoint.bootstrap()
                        + " to " + loaded.channels().size() + " channel(s)"
                        + (ack == null ? "" : "; acknowledgements on " + loaded.ack().bind() + ":" + ack.port()
                        + (loaded.ack().keystore() == null ? " (http, loopback)" : " (https)"))
                        + "; metrics and health on " + loaded.ops().bind() + ":" + ops.port() + "; Ctrl-C to stop");
                Shutdown.awaitShutdown();
                System.err.println("vigil notifier: stopping");
            }
            System.err.println("vigil notifier: stopped; " + notifier.delivered() + " alert records delivered, "
                    + notifier.failedAttempts() + " failed attempts, " + notifier.deadLettered() + " dead-lettered");
        }
        return ExitCodes.OK;
    }

    static AckServer startAck(AckServer.Settings s, Notifier n) throws IOException {
        if (s == null) return null;
        try {
            return AckServer.start(s, n);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        } catch (java.net.BindException e) {
            throw new UserException("ack endpoint: cannot listen on " + s.bind() + ":" + s.port() + " (" + e.getMessage() + ")");
        }
    }

    static Map<String, Object> details(Notifier n) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("delivered", n.delivered());
        d.put("failed_attempts", n.failedAttempts());
        d.put("dead_lettered", n.deadLettered());
        d.put("failing_channels", n.failingChannels());
        d.put("worker_errors", n.workerErrors());
        d.put("reasons", n.healthReasons());
        return d;
    }
}
