package io.vigil.cli;

import io.vigil.cli.admin.AccessPlan;
import io.vigil.cli.config.CheckOutput;
import io.vigil.cli.config.DetectorKeys;
import io.vigil.cli.config.NotifierSettings;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.RoleRunner;
import io.vigil.cli.runtime.Terminal;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.NotifierConfig;
import io.vigil.notifier.NotifierRole;
import io.vigil.runtime.config.ConfigTree;
import java.time.Duration;
import java.util.List;
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
        Integer stop = CheckOutput.stopIfInvalidOrChecking(tree, "notifier", loaded.problems(), role.check, loaded.effective(), loaded.kafka());
        if (stop != null) return stop;
        NotifierConfig c = loaded.config();
        try (KafkaEndpoint endpoint = KafkaEndpoint.forRole(loaded.kafka())) {
            endpoint.prepareFor(new AccessPlan(c.topics(), DetectorKeys.APPLICATION_ID.def(), c.groupId()),
                    AccessPlan.Role.NOTIFIER);
            Notifier notifier = new Notifier(c, endpoint.clientProps(), loaded.channels());
            return RoleRunner.run("vigil notifier", loaded.ops(), null,
                    List.of(new NotifierRole(notifier, loaded.ack(), endpoint.bootstrap())));
        }
    }
}
