package io.vigil.cli;

import io.vigil.cli.config.Capacities;
import io.vigil.cli.config.NotifierSettings;
import io.vigil.cli.config.RunningCluster;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.cli.runtime.ReportRun;
import io.vigil.model.WeeklySummary;
import io.vigil.notifier.channel.EmailChannel;
import io.vigil.reporter.Reporter;
import io.vigil.reporter.Summaries;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil report}: the weekly anomaly summary of each site, as HTML with charts and JSON. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The weekly anomaly summary of each site, for managers: HTML with charts, and JSON.",
                "Reads the alerts and the notification audit trail of a running Vigil (--bootstrap, or the kafka "
                + "section of --config), or alerts from a file written by vigil analyze (--alerts). Writes "
                + "vigil-SITE-WEEK.html, .json and .csv (the week's alerts) into --out for every site with alerts that week (or each --site)."})
final class ReportCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--week", paramLabel = "YYYY-Www",
            description = "the ISO week, e.g. 2026-W47 (default: last week; with --alerts, the week of the newest alert)")
    String week;

    @Option(names = "--site", paramLabel = "NAME", description = "only this site (repeatable); also makes a report for a quiet site")
    List<String> sites = new ArrayList<>();

    @Option(names = "--alerts", paramLabel = "FILE", description = "alerts as JSON lines (vigil analyze's output) instead of Kafka")
    Path alertsFile;

    @Option(names = "--traffic", paramLabel = "FILE",
            description = "with --alerts: the sites' bandwidth a minute as JSON lines (vigil analyze --traffic)")
    Path trafficFile;

    @Option(names = "--capacity", paramLabel = "NAME=UP/DOWN",
            description = "a site's provisioned internet link, e.g. clinic-north=20Mbit/80Mbit (repeatable; "
                    + "else sites.NAME.capacity of the detector's --config)")
    List<String> capacity = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for the reports")
    Path out;

    @Option(names = "--mail", paramLabel = "FILE",
            description = "also mail each report with the e-mail channel of this notifier YAML (HTML body; HTML, CSV and JSON attached)")
    Path mail;

    @Option(names = "--mail-channel", paramLabel = "NAME", description = "which e-mail channel of --mail (default: the only one)")
    String mailChannel;

    @Override
    public Integer call() throws IOException {
        try {
            if (week != null) Summaries.week(week);
        } catch (IllegalArgumentException e) {
            throw new UserException("--week: " + e.getMessage());
        }
        try {
            EmailChannel mailer = mailer(mail, mailChannel);
            Map<String, WeeklySummary.Capacity> given = new HashMap<>();
            for (String c : capacity) {
                Map.Entry<String, WeeklySummary.Capacity> e = Capacities.option(c);
                given.put(e.getKey(), e.getValue());
            }
            Map<String, WeeklySummary.Capacity> links = new HashMap<>();
            Reporter.Inputs in;
            if (alertsFile != null) {
                in = Reporter.fromFiles(alertsFile, trafficFile);
                if (week == null) week = Reporter.weekOfNewest(in.records());
            } else {
                if (week == null) week = Summaries.weekOf(Instant.now().minus(Duration.ofDays(7)));
                RunningCluster cluster = clusterOptions.cluster("vigil report reads a running cluster: give "
                        + "--bootstrap HOST:PORT, --config FILE with kafka.bootstrap.servers, or --alerts FILE");
                links.putAll(cluster.capacities());
                try (KafkaEndpoint endpoint = cluster.connect()) {
                    in = Reporter.fromCluster(endpoint.clientProps(), cluster.topics(), week,
                            line -> System.err.println("vigil report: " + line));
                }
            }
            links.putAll(given); // the command line wins over the file
            return ReportRun.run(in, week, sites, links, out, mailer);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** The notifier YAML's e-mail channel, checked before any report is made; null for none. */
    private static EmailChannel mailer(Path file, String name) {
        if (file == null) return null;
        NotifierSettings.Loaded l = NotifierSettings.readValid(file, System.err, false);
        List<EmailChannel> mailers = l.channels().stream().filter(c -> c instanceof EmailChannel)
                .map(c -> (EmailChannel) c).filter(c -> name == null || c.name().equals(name)).toList();
        if (mailers.size() != 1) {
            throw new IllegalArgumentException("--mail " + file + ": " + (mailers.isEmpty() ? "no e-mail channel"
                    + (name == null ? "" : " named " + name) : "several e-mail channels; name one with --mail-channel"));
        }
        return mailers.get(0);
    }
}
