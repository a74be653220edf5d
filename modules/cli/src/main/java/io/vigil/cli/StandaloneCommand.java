package io.vigil.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.cli.config.CheckOutput;
import io.vigil.cli.config.RunningCluster;
import io.vigil.cli.config.StandaloneKeys;
import io.vigil.cli.config.StandaloneSettings;
import io.vigil.cli.runtime.ApplianceConsole;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.OpsServer;
import io.vigil.cli.runtime.Shutdown;
import io.vigil.cli.runtime.Terminal;
import io.vigil.collector.Collector;
import io.vigil.collector.CollectorConfig;
import io.vigil.collector.capture.CaptureInputException;
import io.vigil.console.Console;
import io.vigil.detector.Detector;
import io.vigil.notifier.AckServer;
import io.vigil.notifier.Notifier;
import io.vigil.notifier.channel.EmailChannel;
import io.vigil.runtime.config.ConfigTree;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Integer stop = CheckOutput.stopIfInvalidOrChecking(tree, "standalone", s.problems(), check, s.effective());
        if (stop != null) return stop;
        Path dir = s.own().get(StandaloneKeys.BROKER_DIR);
        try (KafkaEndpoint endpoint = KafkaEndpoint.persistent(dir, s.own().get(StandaloneKeys.BROKER_PORT),
                s.own().get(StandaloneKeys.BROKER_CONTROLLER_PORT), s.own().get(StandaloneKeys.BROKER_TLS))) {
            endpoint.ensureTopics(s.topics(), s.own().get(StandaloneKeys.BROKER_PARTITIONS),
                    s.own().get(StandaloneKeys.BROKER_RETENTION).toMillis());
            return run(s, endpoint);
        }
    }

    private int run(StandaloneSettings.Loaded s, KafkaEndpoint endpoint) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CollectorConfig cc = collectorOn(s.collector().config(), s, endpoint);
        ApplianceConsole.Prepared web = ApplianceConsole.prepare(s.console().config().withTopics(s.topics()),
                s.own().get(StandaloneKeys.BROKER_DIR).resolve("console"));
        io.vigil.notifier.NotifierConfig nc = s.notifier().config().withTopics(s.topics());
        // notices link to this box's console unless the notifier section says where else
        if (nc.consoleUrl() == null) nc = nc.withConsoleUrl(web.config().publicUrl(web.config().port()));
        Notifier notifier = new Notifier(nc, endpoint.clientProps(), s.notifier().channels());
        try (Detector detector = new Detector(s.detector().config().withTopics(s.topics()), endpoint.clientProps()).start();
             Notifier n = notifier.start();
             AckServer ack = NotifierCommand.startAck(s.notifier().ack(), n);
             Collector collector = new Collector(cc, registry);
             WeeklyReports reports = WeeklyReports.start(s, registry, week -> report(s, endpoint, week));
             IntelSchedule intel = IntelSchedule.start(s, endpoint, registry);
             Console console = ConsoleCommand.start(web.config(), endpoint, s.console().oidcName());
             OpsServer ops = OpsServer.start(s.ops(), registry, () -> health(collector, detector, n, console))) {
            detector.bindMetrics(registry);
            n.bindMetrics(registry);
            console.bindMetrics(registry);
            if (cc.capture().files().isEmpty()) {
                try {
                    if (cc.capture().netflow() != null) {
                        collector.startNetflow(io.vigil.collector.netflow.ListenAddress.parse(cc.capture().netflow()));
                    } else {
                        collector.start();
                    }
                } catch (CaptureInputException | java.net.SocketException e) {
                    throw new UserException(e.getMessage());
                }
            } else {
                collector.replay(p -> { });
            }
            String on = cc.capture().netflow() != null ? "flow exports on udp port " + collector.netflowPort()
                    : cc.capture().files().isEmpty() ? cc.capture().iface() : cc.capture().files().size() + " capture file(s)";
            System.err.println("vigil standalone: site " + cc.site() + " on " + on + "; broker "
                    + endpoint.bootstrap() + " (data in " + s.own().get(StandaloneKeys.BROKER_DIR) + "); "
                    + s.notifier().channels().size() + " channel(s)"
                    + (ack == null ? "" : "; acknowledgements on " + s.notifier().ack().bind() + ":" + ack.port())
                    + "; console " + console.url() + (web.passwordFile() == null ? "" : " (user admin, password in "
                    + web.passwordFile() + ")")
                    + "; metrics and health on " + s.ops().bind() + ":" + ops.port() + (reports == null ? "" : reports.said()) + intel.said + "; Ctrl-C to stop");
            Shutdown.awaitShutdown();
            System.err.println("vigil standalone: stopping");
        }
        System.err.println("vigil standalone: stopped; " + notifier.delivered() + " alert records delivered");
        return ExitCodes.OK;
    }

    /** The collector's settings with the appliance's broker and namespace. */
    private static CollectorConfig collectorOn(CollectorConfig c, StandaloneSettings.Loaded s, KafkaEndpoint endpoint) {
        return new CollectorConfig(c.site(), c.collectorId(), c.internal(), c.capture(), c.flow(), s.topics().namespace(),
                endpoint.clientPropsAsText(), c.spoolDir(), c.spoolMaxBytes(), c.heartbeatInterval(), c.pseudonymiseKeyFile());
    }

    /** DOWN when any role is; DEGRADED when any is; each role's own health in the details. */
    private static OpsServer.Health health(Collector c, Detector d, Notifier n, Console w) {
        Collector.Health ch = c.health();
        List<String> states = List.of(ch.status(), d.health(), n.health(), w.health());
        String status = states.contains("DOWN") ? "DOWN" : states.contains("DEGRADED") ? "DEGRADED" : "UP";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("collector", Map.of("status", ch.status(), "details", ch.details()));
        details.put("detector", Map.of("status", d.health(), "reasons", d.healthReasons()));
        details.put("notifier", Map.of("status", n.health(), "details", NotifierCommand.details(n)));
        details.put("console", Map.of("status", w.health(), "details", ConsoleCommand.health(w).details()));
        return new OpsServer.Health(status, details);
    }

    /** One week's reports from the appliance's own broker, mailed where the file says. */
    private static void report(StandaloneSettings.Loaded s, KafkaEndpoint endpoint, String week) throws Exception {
        ReportCommand r = new ReportCommand();
        r.week = week;
        r.out = s.own().get(StandaloneKeys.REPORT_OUT);
        r.givenCluster = new RunningCluster(endpoint.clientPropsAsText(), s.topics(), s.capacities());
        String mail = s.own().get(StandaloneKeys.REPORT_MAIL_CHANNEL);
        r.givenMailer = mail == null ? null : (EmailChannel) s.notifier().channels().stream()
                .filter(c -> c.name().equals(mail)).findFirst().orElseThrow();
        // a report written but not mailed says so only in its exit code: a failure to count and try again
        if (r.call() != ExitCodes.OK) throw new IllegalStateException("the week's reports were written but not all mailed");
    }
}
