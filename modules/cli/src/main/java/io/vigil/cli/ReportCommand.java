package io.vigil.cli;

import io.vigil.cli.config.Capacities;
import io.vigil.cli.config.NotifierSettings;
import io.vigil.cli.config.RunningCluster;
import io.vigil.cli.runtime.KafkaEndpoint;
import io.vigil.model.Alert;
import io.vigil.model.Json;
import io.vigil.model.JsonSerde;
import io.vigil.model.NotificationAttempt;
import io.vigil.model.SiteTraffic;
import io.vigil.model.Topic;
import io.vigil.model.Topics;
import io.vigil.model.WeeklySummary;
import io.vigil.notifier.channel.EmailChannel;
import io.vigil.reporter.ReportCsv;
import io.vigil.reporter.ReportHtml;
import io.vigil.reporter.Summaries;
import io.vigil.runtime.TopicReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    /** Set by {@code vigil standalone}'s weekly schedule: its own broker, and its e-mail channel. */
    RunningCluster givenCluster;
    EmailChannel givenMailer;

    @Override
    public Integer call() throws IOException {
        if (week != null) {
            try {
                Summaries.week(week);
            } catch (IllegalArgumentException e) {
                throw new UserException("--week: " + e.getMessage());
            }
        }
        EmailChannel mailer = givenMailer != null ? givenMailer : mail == null ? null : mailer(mail, mailChannel);
        java.util.Map<String, WeeklySummary.Capacity> given = new java.util.HashMap<>();
        for (String c : capacity) {
            var e = Capacities.option(c);
            given.put(e.getKey(), e.getValue());
        }
        List<Alert> records;
        List<NotificationAttempt> attempts = List.of();
        List<SiteTraffic> traffic = List.of();
        List<io.vigil.model.Heartbeat> beats = null;
        io.vigil.reporter.TriageSummary.Decisions decisions = null;
        java.util.Map<String, WeeklySummary.Capacity> links = new java.util.HashMap<>();
        if (alertsFile != null) {
            records = readAlerts(alertsFile);
            if (trafficFile != null) traffic = readLines(trafficFile, "--traffic", SiteTraffic.class, SiteTraffic::problems);
            if (week == null) {
                week = records.stream().map(a -> a.raisedAt() != null ? a.raisedAt() : a.firstSeen())
                        .max(Comparator.naturalOrder()).map(Summaries::weekOf).orElse(Summaries.weekOf(Instant.now()));
            }
        } else {
            if (week == null) week = Summaries.weekOf(Instant.now().minus(Duration.ofDays(7)));
            RunningCluster cluster = givenCluster != null ? givenCluster : clusterOptions.cluster("vigil report reads a running cluster: give "
                    + "--bootstrap HOST:PORT, --config FILE with kafka.bootstrap.servers, or --alerts FILE");
            Topics topics = cluster.topics();
            links.putAll(cluster.capacities());
            // The week before too, for the trend; records are found by when they were written.
            Instant since = Summaries.week(week)[0].minus(Duration.ofDays(7));
            try (KafkaEndpoint endpoint = cluster.connect()) {
                records = read(endpoint, topics.alertRecords(), since);
                attempts = read(endpoint, topics.notificationRecords(), since);
                traffic = read(endpoint, topics.trafficRecords(), since);
                // what people decided: triage of the weeks' alerts, and every suppression as it stands
                decisions = new io.vigil.reporter.TriageSummary.Decisions(read(endpoint, topics.triageRecords(), since),
                        TopicReader.current(endpoint.clientProps(), topics.suppressionRecords(), Duration.ofSeconds(120)).values());
                try {
                    beats = read(endpoint, topics.heartbeatRecords(), since);
                } catch (IllegalStateException e) {
                    // no collector has run yet on this cluster: the report says nothing of uptime
                    System.err.println("vigil report: no collector heartbeats (" + e.getMessage() + ")");
                }
            } catch (IllegalStateException e) {
                throw new UserException(e.getMessage());
            }
        }
        links.putAll(given); // the command line wins over the file
        List<Alert> alerts = Summaries.latest(records);
        Set<String> which = new LinkedHashSet<>(sites);
        if (which.isEmpty()) {
            which.addAll(Summaries.sites(alerts, week));
            // A quiet week is worth a page too, for every site whose edge was seen.
            Instant[] w = Summaries.week(week);
            traffic.stream().filter(t -> !t.minute().isBefore(w[0]) && t.minute().isBefore(w[1]))
                    .map(SiteTraffic::site).sorted().forEach(which::add);
        }
        if (which.isEmpty()) {
            System.err.println("vigil report: no alerts were raised in " + week + "; name a site with --site for an empty report");
            return ExitCodes.OK;
        }
        Files.createDirectories(out);
        for (String site : which) {
            WeeklySummary s = Summaries.build(site, week, alerts, alertsFile != null ? null : attempts, traffic, beats,
                    links.get(site), Instant.now(), decisions);
            String base = "vigil-" + site.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + week;
            Path html = out.resolve(base + ".html");
            Files.writeString(html, ReportHtml.render(s));
            Files.writeString(out.resolve(base + ".json"), Json.write(s) + "\n");
            String csv = ReportCsv.alerts(site, week, alerts, attempts);
            Files.writeString(out.resolve(base + ".csv"), csv);
            System.err.println("vigil report: " + html + " (" + s.alerts() + " alerts, " + s.notable().size() + " worth a look)");
            if (mailer != null) {
                try {
                    mailer.sendDocument("[Vigil] weekly summary: " + site + " " + week, text(s), ReportHtml.render(s), List.of(
                            new EmailChannel.Attachment(base + ".html", "text/html; charset=UTF-8", Files.readAllBytes(html)),
                            new EmailChannel.Attachment(base + ".csv", "text/csv; charset=UTF-8",
                                    csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                            new EmailChannel.Attachment(base + ".json", "application/json",
                                    Files.readAllBytes(out.resolve(base + ".json")))));
                    System.err.println("vigil report: mailed " + site + " " + week + " with channel " + mailer.name());
                } catch (io.vigil.notifier.channel.DeliveryException e) {
                    System.err.println("vigil report: not mailed: " + e.getMessage());
                    return ExitCodes.FAILURE;
                }
            }
        }
        return ExitCodes.OK;
    }

    /** A topic's records since {@code since}; records that do not decode are skipped and said so, never silently. */
    private static <T> List<T> read(KafkaEndpoint endpoint, Topic<String, T> topic, Instant since) {
        TopicReader.Result<T> r = TopicReader.readSince(endpoint.clientProps(), topic, since, Duration.ofSeconds(120));
        if (r.skipped() > 0) {
            System.err.println("vigil report: " + r.skipped() + " record(s) on " + topic.name() + " did not decode and are not counted");
        }
        return r.values();
    }

    /** The plain-text body: the headline figures, for mail clients that show no HTML. */
    static String text(WeeklySummary s) {
        StringBuilder sb = new StringBuilder("Vigil weekly summary: " + s.site() + ", week " + s.week() + "\n\n");
        if (s.lead() != null) sb.append(s.lead()).append("\n\n");
        sb.append(s.alerts()).append(" alerts raised (").append(s.previousWeekAlerts()).append(" the week before)\n");
        s.bySeverity().forEach((k, v) -> {
            if (v > 0) sb.append("  ").append(k).append(": ").append(v).append('\n');
        });
        if (s.notification().p50Ms() != null) {
            sb.append("Median time from detection to notification: ").append(s.notification().p50Ms()).append(" ms\n");
        }
        sb.append("\nAlerts worth a look:\n");
        for (WeeklySummary.Line l : s.notable()) sb.append("- ").append(l.severity()).append(' ').append(l.summary()).append('\n');
        if (s.notable().isEmpty()) sb.append("- none\n");
        sb.append("\nThe full report (charts, hosts, bandwidth) is attached as HTML; the alerts as CSV.\n");
        return sb.toString();
    }

    /** The notifier YAML's e-mail channel, checked before any report is made. */
    private static EmailChannel mailer(Path file, String name) {
        NotifierSettings.Loaded l = NotifierSettings.readValid(file, System.err, false);
        List<EmailChannel> mailers = l.channels().stream().filter(c -> c instanceof EmailChannel)
                .map(c -> (EmailChannel) c).filter(c -> name == null || c.name().equals(name)).toList();
        if (mailers.size() != 1) {
            throw new UserException("--mail " + file + ": " + (mailers.isEmpty() ? "no e-mail channel"
                    + (name == null ? "" : " named " + name) : "several e-mail channels; name one with --mail-channel"));
        }
        return mailers.get(0);
    }

    /** Alert JSON lines; a line that is not an alert is one clear error with its line number. */
    static List<Alert> readAlerts(Path file) {
        return readLines(file, "--alerts", Alert.class, Alert::problems);
    }

    static <T> List<T> readLines(Path file, String option, Class<T> type, java.util.function.Function<T, List<String>> check) {
        String what = type == Alert.class ? "an alert" : "a " + type.getSimpleName() + " record";
        List<T> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                try {
                    T a = Json.read(line, type);
                    List<String> problems = check.apply(a);
                    if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
                    out.add(a);
                } catch (IllegalArgumentException e) {
                    throw new UserException(file + ":" + n + ": not " + what + ": " + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            throw new UserException(file + ": no such file (" + option + ")");
        } catch (IOException e) {
            throw new UserException(file + ": cannot read: " + e.getMessage());
        }
        return out;
    }
}
