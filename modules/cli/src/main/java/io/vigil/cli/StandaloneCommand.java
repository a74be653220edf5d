package io.vigil.cli;

import io.vigil.cli.config.CheckOutput;
import io.vigil.cli.config.StandaloneKeys;
import io.vigil.cli.config.StandaloneSettings;
import io.vigil.cli.runtime.ApplianceConsole;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.ReportRun;
import io.vigil.cli.runtime.RoleRunner;
import io.vigil.cli.runtime.Terminal;
import io.vigil.collector.Collector;
import io.vigil.collector.CollectorConfig;
import io.vigil.console.Console;
import io.vigil.detector.Detector;
import io.vigil.intel.IndicatorFeed;
import io.vigil.intel.IndicatorLoader;
import io.vigil.intel.IntelSchedule;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.NotifierConfig;
import io.vigil.notifier.NotifierRole;
import io.vigil.notifier.channel.EmailChannel;
import io.vigil.reporter.Reporter;
import io.vigil.reporter.WeeklySchedule;
import io.vigil.runtime.Role;
import io.vigil.runtime.Tls;
import io.vigil.runtime.config.ConfigTree;
import io.vigil.runtime.config.Secrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil standalone}: a whole site on one box — every role on a broker of its own that keeps its data. */
@Command(name = "standalone", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a whole site on one box: collector, detector, notifier, the console and the weekly reports, "
                + "on an in-process Kafka broker whose data is kept (broker.dir).",
                "Stop it and start it again: baselines, open episodes, alert ids, the audit trail and "
                + "acknowledgements are all still there, and nothing is notified twice. The file's collector:, "
                + "detector:, notifier: and console: sections are those roles' own settings (docs/configuration.md)."})
final class StandaloneCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the appliance's YAML")
    Path config;

    @Option(names = "--check", description = "validate the settings, print them with secrets masked, and exit")
    boolean check;

    @Override
    public Integer call() throws Exception {
        ConfigTree tree = ConfigTree.load(config, System.getenv());
        StandaloneSettings.Loaded s = StandaloneSettings.read(tree, System.err, Terminal.stderr());
        Integer stop = CheckOutput.stopIfInvalidOrChecking(tree, "standalone", s.problems(), check, s.effective(), java.util.Map.of());
        if (stop != null) return stop;
        Path dir = s.own().get(StandaloneKeys.BROKER_DIR);
        try (KafkaEndpoint endpoint = KafkaEndpoint.persistent(dir, s.own().get(StandaloneKeys.BROKER_PORT),
                s.own().get(StandaloneKeys.BROKER_CONTROLLER_PORT), s.own().get(StandaloneKeys.BROKER_TLS),
                s.own().get(StandaloneKeys.BROKER_CLIENT_AUTH))) {
            endpoint.ensureTopics(s.topics(), s.own().get(StandaloneKeys.BROKER_PARTITIONS),
                    s.own().get(StandaloneKeys.BROKER_RETENTION).toMillis());
            return run(s, endpoint);
        }
    }

    private int run(StandaloneSettings.Loaded s, KafkaEndpoint endpoint) throws Exception {
        CollectorConfig cc = collectorOn(s.collector().config(), s, endpoint);
        ApplianceConsole.Prepared web = ApplianceConsole.prepare(s.console().config().withTopics(s.topics()),
                s.own().get(StandaloneKeys.BROKER_DIR).resolve("console"));
        NotifierConfig nc = s.notifier().config().withTopics(s.topics());
        // notices link to this box's console unless the notifier section says where else
        if (nc.consoleUrl() == null) nc = nc.withConsoleUrl(web.config().publicUrl(web.config().port()));
        List<Role> roles = new ArrayList<>(List.of(
                new Detector(s.detector().config().withTopics(s.topics()), endpoint.clientProps()),
                new NotifierRole(new Notifier(nc, endpoint.clientProps(), s.notifier().channels()), s.notifier().ack(),
                        endpoint.bootstrap()),
                new Collector(cc),
                new Console(web.config(), endpoint.clientProps()).withOidcName(s.console().oidcName())));
        Path out = s.own().get(StandaloneKeys.REPORT_OUT);
        if (out != null) roles.add(new WeeklySchedule(s.reportDay(), s.reportTime(), out, week -> report(s, endpoint, week)));
        List<String> sources = s.own().get(StandaloneKeys.INTEL_SOURCES);
        if (!sources.isEmpty()) {
            IndicatorFeed feed = new IndicatorFeed(intelLoader(s), sources, s.topics().indicatorRecords(), endpoint.clientProps());
            roles.add(new IntelSchedule(feed, sources.size(), s.own().get(StandaloneKeys.INTEL_EVERY),
                    l -> System.err.println("vigil standalone: intel: " + l)));
        }
        String box = "site " + cc.site() + "; broker " + endpoint.bootstrap() + " (data in "
                + s.own().get(StandaloneKeys.BROKER_DIR) + ")" + (web.passwordFile() == null ? ""
                : "; console user admin, password in " + web.passwordFile());
        return RoleRunner.run("vigil standalone", s.ops(), box, roles);
    }

    /** What loads the box's indicator sources: its token and TLS settings. */
    private static IndicatorLoader intelLoader(StandaloneSettings.Loaded s) {
        String token = Secrets.read("intel.token-file", s.own().get(StandaloneKeys.INTEL_TOKEN_FILE));
        Path ts = s.own().get(StandaloneKeys.INTEL_TRUSTSTORE), ks = s.own().get(StandaloneKeys.INTEL_KEYSTORE);
        try {
            return new IndicatorLoader(ts == null && ks == null ? null : Tls.context(ts,
                    s.own().get(StandaloneKeys.INTEL_TRUSTSTORE_PASSWORD), ks, s.own().get(StandaloneKeys.INTEL_KEYSTORE_PASSWORD)),
                    token);
        } catch (IllegalArgumentException e) {
            throw new UserException("intel." + e.getMessage());
        }
    }

    /**
     * The collector's settings with the appliance's broker and namespace; flows in the binary
     * encoding, since the appliance's detector and console are the same build.
     */
    private static CollectorConfig collectorOn(CollectorConfig c, StandaloneSettings.Loaded s, KafkaEndpoint endpoint) {
        return new CollectorConfig(c.site(), c.collectorId(), c.internal(), c.capture(), c.flow(), s.topics().namespace(),
                endpoint.clientPropsAsText(), c.spoolDir(), c.spoolMaxBytes(), c.heartbeatInterval(), c.pseudonymiseKeyFile(),
                c.internalZones(), c.evidence(), true);
    }

    /** One week's reports from the appliance's own broker, mailed where the file says. */
    private static void report(StandaloneSettings.Loaded s, KafkaEndpoint endpoint, String week) throws Exception {
        String mail = s.own().get(StandaloneKeys.REPORT_MAIL_CHANNEL);
        EmailChannel mailer = mail == null ? null : (EmailChannel) s.notifier().channels().stream()
                .filter(c -> c.name().equals(mail)).findFirst().orElseThrow();
        Reporter.Inputs in = Reporter.fromCluster(endpoint.clientProps(), s.topics(), week,
                line -> System.err.println("vigil report: " + line));
        // a report written but not mailed says so only in its exit code: a failure to count and try again
        if (ReportRun.run(in, week, List.of(), s.capacities(), s.own().get(StandaloneKeys.REPORT_OUT), mailer) != ExitCodes.OK) {
            throw new IllegalStateException("the week's reports were written but not all mailed");
        }
    }
}
